"""The promo click redirect: counting, the 302 target, no open redirect, bots and HEAD."""

import datetime

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from columns import promos
from columns.promo_views import is_bot
from columns.promos import LinePromo, LinePromoClick, record_click
from tests.test_promos import create_promo

BROWSER = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Mobile/15E148 Safari Line/14.9.0"
)


def go(client, promo, query="", method="get", user_agent=BROWSER, **extra):
    url = f"/promo/{promo.pk if hasattr(promo, 'pk') else promo}/go/{query}"
    return getattr(client, method)(url, HTTP_USER_AGENT=user_agent, **extra)


def total_clicks(**filters):
    return sum(LinePromoClick.objects.filter(**filters).values_list("count", flat=True))


def test_click_counts_and_redirects_to_the_stored_url(client, make_column):
    column = make_column()
    promo = create_promo()
    response = go(client, promo, f"?from={column.pk}")
    assert response.status_code == 302
    assert response["Location"] == "https://line.me/R/ti/p/%40gt_column"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    click = LinePromoClick.objects.get()
    assert (click.promo_id, click.page_id, click.day, click.count) == (
        promo.pk,
        column.pk,
        timezone.localdate(),
        1,
    )
    go(client, promo, f"?from={column.pk}")
    go(client, promo, f"?from={column.pk}")
    click.refresh_from_db()
    assert click.count == 3
    assert LinePromoClick.objects.count() == 1


def test_clicks_are_counted_per_page_and_day(client, make_column, monkeypatch):
    first = make_column("一本目")
    second = make_column("二本目", date=datetime.date(2024, 9, 1))
    promo = create_promo()
    go(client, promo, f"?from={first.pk}")
    go(client, promo, f"?from={second.pk}")
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    go(client, promo, f"?from={first.pk}")
    assert LinePromoClick.objects.count() == 3
    assert total_clicks(page=first) == 2


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?from=",
        "?from=abc",
        "?from=-1",
        "?from=1.5",
        "?from=%EF%BC%91",  # a full-width digit
        "?from=999999999",
        "?from=99999999999999999999999999",
        "?from=https://evil.example/",
    ],
)
def test_unknown_page_still_redirects_and_counts_as_unknown(client, make_column, query):
    make_column()
    promo = create_promo()
    response = go(client, promo, query)
    assert response.status_code == 302
    assert response["Location"] == promo.url
    assert total_clicks(page__isnull=True) == 1


def test_unknown_page_clicks_share_one_counter_per_day(client, make_column):
    make_column()
    promo = create_promo()
    go(client, promo)
    go(client, promo, "?from=abc")
    assert LinePromoClick.objects.get().count == 2


def test_draft_page_counts_as_unknown(client, make_column):
    draft = make_column("下書き", live=False)
    promo = create_promo()
    go(client, promo, f"?from={draft.pk}")
    assert LinePromoClick.objects.get().page_id is None


@pytest.mark.parametrize(
    "query",
    [
        "?next=https://evil.example/",
        "?url=https://evil.example/",
        "?from=1&next=//evil.example",
        "?to=javascript:alert(1)",
    ],
)
def test_never_an_open_redirect(client, make_column, query):
    column = make_column()
    promo = create_promo(url="https://lin.ee/AbC123")
    response = go(client, promo, query.replace("from=1", f"from={column.pk}"))
    assert response.status_code == 302
    assert response["Location"] == "https://lin.ee/AbC123"


def test_stored_url_changed_behind_the_form_is_not_followed(client, make_column):
    make_column()
    promo = create_promo()
    LinePromo.objects.filter(pk=promo.pk).update(url="https://evil.example/")
    promos.bump_version()
    assert go(client, promo).status_code == 404
    assert not LinePromoClick.objects.exists()


def test_head_is_redirected_but_not_counted(client, make_column):
    column = make_column()
    promo = create_promo()
    response = go(client, promo, f"?from={column.pk}", method="head")
    assert response.status_code == 302
    assert response["Location"] == promo.url
    assert not LinePromoClick.objects.exists()


def test_post_is_not_allowed(client, make_column):
    make_column()
    promo = create_promo()
    assert go(client, promo, method="post").status_code == 405
    assert not LinePromoClick.objects.exists()


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36 (compatible; Googlebot/2.1)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Twitterbot/1.0",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
        "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Applebot/0.1)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/126.0 Safari/537.36",
        "curl/8.5.0",
        "Wget/1.21",
        "python-requests/2.32.3",
        "",
    ],
)
def test_bots_are_redirected_but_not_counted(client, make_column, user_agent):
    make_column()
    promo = create_promo()
    assert is_bot(user_agent)
    response = go(client, promo, user_agent=user_agent)
    assert response.status_code == 302
    assert not LinePromoClick.objects.exists()


@pytest.mark.parametrize(
    "user_agent",
    [
        BROWSER,
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.5 Safari/605.1.15",
        "Mozilla/5.0 (Linux; Android 12; Cubot X50) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0 Mobile Safari/537.36",
    ],
)
def test_browsers_are_not_bots(user_agent):
    assert not is_bot(user_agent)


def test_unknown_promo_is_404(client, db):
    assert go(client, 9999).status_code == 404


def test_draft_promo_is_404(client, make_column):
    make_column()
    promo = create_promo(live=False)
    assert go(client, promo).status_code == 404
    assert not LinePromoClick.objects.exists()


def test_unpublished_promo_is_404(client, make_column):
    make_column()
    promo = create_promo()
    promo.unpublish()
    assert go(client, promo).status_code == 404


def test_expired_promo_is_404_even_before_publish_scheduled(client, make_column, monkeypatch):
    make_column()
    expire_at = timezone.now() + datetime.timedelta(hours=1)
    promo = create_promo(expire_at=expire_at)
    assert go(client, promo).status_code == 302
    later = expire_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert go(client, promo).status_code == 404


def test_redirect_is_cheap_on_a_warm_cache(client, make_column, django_assert_max_num_queries):
    column = make_column()
    promo = create_promo()
    go(client, promo, f"?from={column.pk}")
    # Page check and counter update; choosing the promo comes from the cache.
    with django_assert_max_num_queries(2):
        go(client, promo, f"?from={column.pk}")


def test_record_click_survives_a_concurrent_insert(make_column, monkeypatch):
    column = make_column()
    promo = create_promo()
    day = timezone.localdate()
    real_update = QuerySet.update
    calls = []

    def racing_update(self, **kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            # Another request inserts the counter just after this one found none.
            LinePromoClick.objects.create(promo=promo, page_id=column.pk, day=day, count=1)
            return 0
        return real_update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", racing_update)
    record_click(promo.pk, column.pk, day)
    assert LinePromoClick.objects.get().count == 2
