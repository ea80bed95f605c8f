"""The page cache: who gets cached pages, and exactly which pages a change drops.

Invalidation runs when the transaction commits; tests run inside one that never
commits, so every change is made under django_capture_on_commit_callbacks.
"""

import datetime
import io
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.core.handlers.base import BaseHandler
from django.test import Client, RequestFactory
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import PageViewRestriction

from columns import page_cache
from columns.cache_urls import Listing, Referrers, Snapshot, listing_urls, urls_for_change
from columns.models import ColumnBackNumber, ColumnSeriesIndexPage
from columns.promos import LinePromo, LinePromoColumn
from glossary import linking

D = datetime.date
SITE = "http://testserver"


class RecordingBackend(BaseBackend):
    """A frontend-cache backend that keeps the URLs it is asked to purge."""

    purged = []

    def purge(self, url):
        RecordingBackend.purged.append(url)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.WAGTAILFRONTENDCACHE = {"recording": {"BACKEND": f"{__name__}.RecordingBackend"}}
    RecordingBackend.purged = []


@pytest.fixture
def invalidated():
    """The URL set of each invalidation, in order.

    Afterwards: the frontend cache was sent exactly the same URLs, no more, no fewer.
    """
    sets, everything = [], set()

    def record(sender, urls, **kwargs):
        sets.append(set(urls))
        everything.update(urls)

    page_cache.pages_invalidated.connect(record)
    yield sets
    page_cache.pages_invalidated.disconnect(record)
    if page_cache.frontend_cache_configured():
        assert set(RecordingBackend.purged) == everything


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the block, then what its transaction would run on commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def other_series(home):
    return home.add_child(instance=ColumnSeriesIndexPage(title="経済ウォッチ", slug="keizai"))


def body(text):
    return [("paragraph", f"<p>{text}</p>")]


def tag_url(slug):
    return f"{SITE}/tags/{quote(slug)}/"


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def warm(client, *urls):
    for url in urls:
        assert get(client, url)["X-Page-Cache"] in ("miss", "hit"), url


def served_from_cache(client, url):
    return client.get(url).get("X-Page-Cache") == "hit"


def text(response):
    return BeautifulSoup(response.content.decode(), "html.parser").get_text(" ", strip=True)


def publish(page):
    page.save_revision().publish()


# -- serving ----------------------------------------------------------------------------


def test_second_anonymous_request_is_served_from_the_cache_without_a_query(
    client, make_column, django_assert_num_queries
):
    column = make_column("キャッシュされるコラム")
    first = get(client, column.url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = get(client, column.url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "キャッシュされるコラム" in text(second)
    for response in (first, second):
        control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert "public" in control and "max-age=60" in control
        assert any(part.startswith("s-maxage=") for part in control)
    # The content type and security headers of the first render come along.
    assert second["Content-Type"] == first["Content-Type"]
    assert second["X-Content-Type-Options"] == "nosniff"


def test_head_requests_are_answered_from_the_cache(client, make_column):
    column = make_column()
    get(client, column.url)
    assert client.head(column.url)["X-Page-Cache"] == "hit"


def test_head_responses_leave_the_server_without_a_body(client, make_column):
    # Through the middleware stack as a WSGI server calls it: the test client
    # would drop a HEAD body itself, as servers do.
    column = make_column()
    handler = BaseHandler()
    handler.load_middleware()
    rendered = handler.get_response(RequestFactory().head(column.url))  # before any GET
    full = get(client, column.url)
    cached = handler.get_response(RequestFactory().head(column.url))
    assert cached["X-Page-Cache"] == "hit"
    for response in (rendered, cached):
        assert response.status_code == 200
        assert response.content == b""
        assert response["Content-Length"] == str(len(full.content))
        assert response["Content-Type"] == full["Content-Type"]


def test_signed_in_editors_never_get_nor_fill_the_cache(client, admin_user, make_column):
    column = make_column("編集者が見るコラム")
    client.force_login(admin_user)
    editor_view = get(client, column.url)
    assert "X-Page-Cache" not in editor_view
    control = editor_view["Cache-Control"]
    assert "private" in control and "no-store" in control
    # The editor's render (with the admin's user bar) was not stored for readers...
    client.logout()
    reader_view = get(client, column.url)
    assert reader_view["X-Page-Cache"] == "miss"
    assert b"wagtail-userbar" not in reader_view.content
    # ...and a page cached for readers is not what an editor gets.
    assert served_from_cache(client, column.url)
    client.force_login(admin_user)
    assert "X-Page-Cache" not in get(client, column.url)


def test_a_preview_is_never_the_cached_page_nor_cached(client, make_column):
    column = make_column("公開中のタイトル")
    warm(client, column.url)
    column.title = "下書きのタイトル"
    revision = column.save_revision()
    preview = revision.as_object().make_preview_request()
    assert "下書きのタイトル" in text(preview)
    assert "X-Page-Cache" not in preview
    reader_view = get(client, column.url)
    assert reader_view["X-Page-Cache"] == "hit"
    assert "下書きのタイトル" not in text(reader_view)


def test_listing_pages_are_cached_per_real_page_number_only(
    client, series, make_series_columns, settings
):
    settings.COLUMNS_PER_PAGE = 2
    make_series_columns(series, 5)  # three pages
    for url in (series.url, series.url + "?page=2", series.url + "?page=3"):
        assert get(client, url)["X-Page-Cache"] == "miss"
        assert served_from_cache(client, url)
    # Other spellings of a page render fresh every time and stay out of shared caches.
    for query in ("?page=1", "?page=03", "?page=abc", "?page=99", "?page=2&utm_source=line"):
        for _ in range(2):
            response = get(client, series.url + query)
            assert "X-Page-Cache" not in response, query
            assert "private" in response["Cache-Control"], query
    # Pagination links write page 1 as the bare URL.
    second = BeautifulSoup(get(client, series.url + "?page=2").content, "html.parser")
    assert second.select_one(".pagination a[rel=prev]")["href"] == series.url


def test_search_results_errors_and_restricted_pages_are_not_cached(client, home, make_column):
    column = make_column("検索されるコラム")
    for _ in range(2):
        response = client.get("/search/", {"q": "コラム"})
        assert response.status_code == 200 and "X-Page-Cache" not in response
        missing = client.get("/no-such-page/")
        assert missing.status_code == 404 and "X-Page-Cache" not in missing
    PageViewRestriction.objects.create(page=column, restriction_type="password", password="pw")
    for _ in range(2):
        form = client.get(column.url)
        assert "X-Page-Cache" not in form
        assert "検索されるコラム" not in text(form)


def test_a_new_view_restriction_drops_every_cached_page(client, commit, make_column):
    column = make_column("会員限定になるコラム")
    warm(client, column.url)
    with commit():
        PageViewRestriction.objects.create(page=column, restriction_type="password", password="pw")
    response = client.get(column.url)
    assert "X-Page-Cache" not in response
    assert "会員限定になるコラム" not in text(response)


def test_a_promo_schedule_bounds_how_long_a_page_is_kept(client, make_column, monkeypatch):
    from django.utils import timezone

    column = make_column()
    ends = timezone.now() + datetime.timedelta(minutes=10)
    promo = LinePromo(
        name="期間限定",
        heading="期間限定のお知らせ",
        line_id="@gt_column",
        url="https://line.me/R/ti/p/%40gt_column",
        expire_at=ends,
    )
    promo.save()
    promo.save_revision().publish()
    response = get(client, column.url)
    assert "期間限定のお知らせ" in text(response)
    max_age = int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert 0 < max_age <= 600
    later = ends + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    after = get(client, column.url)
    assert after["X-Page-Cache"] == "miss"
    assert "期間限定のお知らせ" not in text(after)


# -- which pages a change drops --------------------------------------------------------


@pytest.fixture
def site(home, series, other_series, make_column, glossary_index, make_term):
    """Three columns of a series (oldest first), one of another, and a glossary term."""
    term = make_term(
        "拡大抑止", "かくだいよくし", definition="同盟国への攻撃を思いとどまらせること。"
    )
    a = make_column("一本目", date=D(2024, 1, 1), tags=["安全保障"])
    b = make_column("二本目", date=D(2024, 2, 1), tags=["安全保障"], body=body("拡大抑止の議論。"))
    c = make_column("三本目", date=D(2024, 3, 1))
    x = make_column("別シリーズ", date=D(2024, 2, 15), parent=other_series)
    linking.rebuild_all()
    return {"a": a, "b": b, "c": c, "x": x, "term": term}


def series_pages(series):
    return {series.full_url, series.full_url + "feed/"}


def test_publishing_a_new_column_drops_exactly_the_pages_that_show_it(
    client, commit, invalidated, site, series, home
):
    a, b, c, x, term = (site[k] for k in ("a", "b", "c", "x", "term"))
    warm(client, home.url, series.url, a.url, b.url, c.url, x.url, term.url)
    new = site_column(series, "四本目", D(2024, 4, 1), tags=["経済"], text="拡大抑止を論じる。")
    with commit():
        new.get_latest_revision().publish()

    expected = {
        new.full_url,
        c.full_url,  # its previous column, and with a and b: back numbers list it now
        a.full_url,
        b.full_url,
        *series_pages(series),
        home.full_url,
        tag_url("経済"),
        term.full_url,  # lists the columns that mention it
    }
    assert invalidated == [expected]
    assert set(RecordingBackend.purged) == expected
    # Untouched pages are still served from the cache; the dropped ones show the column.
    assert served_from_cache(client, x.url)
    for url in (series.url, a.url, home.url, term.url):
        assert "四本目" in text(get(client, url)), url


def site_column(series, title, date, tags=(), text=""):
    """A draft column (never published) with its tags and text in its revision."""
    from columns.models import ColumnPage

    column = ColumnPage(title=title, publication_date=date, lead="リード", live=False)
    column.body = body(text or "本文")
    series.add_child(instance=column)
    column.tags.add(*tags)
    column.save_revision()
    return column


def test_an_old_column_republished_drops_only_what_shows_the_change(
    client, commit, invalidated, series, make_series_columns
):
    columns = make_series_columns(series, 22)  # コラム1 is the oldest, on page 2
    oldest, second = columns[0], columns[1]
    with commit():
        oldest.body = body("本文だけを直した。")
        publish(oldest)
    # Not on the home page, in the feed or in any back numbers: only its own page.
    assert invalidated == [{oldest.full_url}]

    invalidated.clear()
    with commit():
        oldest.title = "コラム1(改題)"
        publish(oldest)
    assert invalidated == [{oldest.full_url, second.full_url, series.full_url + "?page=2"}]
    assert "コラム1(改題)" in text(get(client, series.url + "?page=2"))


def test_unpublishing_a_column(client, commit, invalidated, site, series, home):
    a, b, c = site["a"], site["b"], site["c"]
    with commit():
        b.unpublish()
    assert invalidated == [
        {
            b.full_url,
            a.full_url,  # neighbours and back numbers
            c.full_url,
            *series_pages(series),
            home.full_url,
            tag_url("安全保障"),
            site["term"].full_url,
        }
    ]
    assert "二本目" not in text(get(client, series.url))


def test_moving_a_column_to_another_series(client, commit, invalidated, site, series, home):
    a, b, c, x = (site[k] for k in "abcx")
    old_url = b.full_url
    other = x.get_parent().specific
    warm(client, b.url, x.url)
    with commit():
        b.move(other, pos="last-child")
    b.refresh_from_db()
    assert b.full_url != old_url
    assert invalidated == [
        {
            old_url,
            b.full_url,
            a.full_url,  # its old neighbours and back-number lists
            c.full_url,
            x.full_url,  # its new neighbour and back numbers
            *series_pages(series),
            *series_pages(other),
            home.full_url,  # the card now links elsewhere
            tag_url("安全保障"),
            site["term"].full_url,
        }
    ]
    # Not the cached page: Wagtail's redirect to the new address.
    assert client.get(old_url).status_code == 301
    assert "二本目" in text(get(client, x.url))


def test_deleting_a_column(client, commit, invalidated, site, series, home):
    a, b, c = site["a"], site["b"], site["c"]
    with commit():
        a.delete()
    assert invalidated == [
        {
            a.full_url,
            b.full_url,
            c.full_url,
            *series_pages(series),
            home.full_url,
            tag_url("安全保障"),
        }
    ]


def test_curated_back_numbers_follow_the_column_they_name(
    commit, invalidated, series, make_series_columns
):
    columns = make_series_columns(series, 12)
    old, curator = columns[0], columns[6]
    curator.curated_back_numbers = [ColumnBackNumber(column=old)]
    publish(curator)
    with commit():
        old.title = "選ばれた古いコラム"
        publish(old)
    # Its page, its next column, the column that chose it, and the series' first page
    # and feed (it is the 12th newest): not the automatic back numbers of the others.
    assert invalidated == [
        {
            old.full_url,
            columns[1].full_url,
            curator.full_url,
            series.full_url,
            series.full_url + "feed/",
        }
    ]


def test_series_changes(client, commit, invalidated, site, series, home):
    a, b, c = site["a"], site["b"], site["c"]
    with commit():
        series.intro = "<p>シリーズの紹介を書き直した。</p>"
        publish(series)
    assert invalidated == [series_pages(series)]

    invalidated.clear()
    with commit():
        series.title = "GLOBAL&TREND改"
        publish(series)
    # Its pages, the home page's list of series, and every column (name, breadcrumbs).
    assert invalidated == [
        {*series_pages(series), home.full_url, a.full_url, b.full_url, c.full_url}
    ]
    assert "GLOBAL&TREND改" in text(get(client, a.url))


def test_term_changes(client, commit, invalidated, site, glossary_index, make_term):
    b = site["b"]
    c = site["c"]
    with commit():
        new = make_term("段落", "だんらく", definition="文章のひと区切り。")
    # Its page, the glossary index, and the columns whose text holds it.
    assert set().union(*invalidated) == {
        new.full_url,
        glossary_index.full_url,
        site["a"].full_url,
        c.full_url,
        site["x"].full_url,
    }
    assert "文章のひと区切り。" in text(get(client, c.url))

    term = site["term"]
    invalidated.clear()
    with commit():
        term.body = "<p>長い解説を足した。</p>"
        publish(term)
    assert invalidated == [{term.full_url}]

    invalidated.clear()
    with commit():
        term.definition = "新しい短い説明。"
        publish(term)
    assert invalidated == [{term.full_url, glossary_index.full_url, b.full_url}]
    assert "新しい短い説明。" in text(get(client, b.url))

    invalidated.clear()
    with commit():
        term.unpublish()
    assert invalidated == [{term.full_url, glossary_index.full_url, b.full_url}]
    assert "新しい短い説明。" not in text(get(client, b.url))


def test_a_term_explained_by_another_term(commit, invalidated, site, glossary_index, make_term):
    term = site["term"]
    explaining = make_term("核の傘", "かくのかさ", body="<p>拡大抑止の一つの形。</p>")
    with commit():
        term.definition = "別の短い説明。"
        publish(term)
    assert invalidated == [
        {term.full_url, glossary_index.full_url, site["b"].full_url, explaining.full_url}
    ]


def test_promo_changes_drop_the_columns_whose_promo_slot_changes(
    client, commit, invalidated, site, series
):
    a, b, c, x = (site[k] for k in "abcx")
    promo = LinePromo(
        name="個別",
        heading="二本目だけの案内",
        line_id="@gt_column",
        url="https://line.me/R/ti/p/%40gt_column",
        placement="columns",
    )
    promo.placement_columns = [LinePromoColumn(column=b)]
    with commit():
        promo.save()
        promo.save_revision().publish()
    assert set().union(*invalidated) == {b.full_url}

    invalidated.clear()
    with commit():
        everywhere = LinePromo(
            name="全体",
            heading="全コラムの案内",
            line_id="@gt_column",
            url="https://line.me/R/ti/p/%40gt_column",
        )
        everywhere.save()
        everywhere.save_revision().publish()
    # b keeps its more specific promo.
    assert set().union(*invalidated) == {a.full_url, c.full_url, x.full_url}
    assert "全コラムの案内" in text(get(client, a.url))
    assert "全コラムの案内" not in text(get(client, b.url))

    invalidated.clear()
    with commit():
        everywhere.delete()
    assert set().union(*invalidated) == {a.full_url, c.full_url, x.full_url}
    assert set(RecordingBackend.purged) >= {a.full_url, c.full_url, x.full_url}


def test_changing_an_image_drops_the_pages_showing_it(
    commit, invalidated, series, home, make_column, hero_image
):
    shown = make_column("写真つき", hero_image=hero_image, hero_alt="写真", tags=["経済"])
    make_column("写真なし", date=D(2024, 9, 1))
    with commit():
        hero_image.title = "差し替えた写真"
        hero_image.save()
    # Its column, and the cards of that column on the series, home and tag pages.
    assert invalidated == [{shown.full_url, series.full_url, home.full_url, tag_url("経済")}]


def test_a_changed_page_is_served_fresh_to_the_next_reader(client, commit, site, series):
    c = site["c"]
    warm(client, c.url, series.url)
    assert served_from_cache(client, series.url)
    with commit():
        c.title = "三本目(更新)"
        publish(c)
    fresh = get(client, series.url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "三本目(更新)" in text(fresh)
    assert served_from_cache(client, series.url)


def test_without_a_frontend_cache_nothing_is_purged_but_pages_still_drop(
    client, commit, invalidated, settings, site
):
    del settings.WAGTAILFRONTENDCACHE
    c = site["c"]
    warm(client, c.url)
    with commit():
        publish(c)
    assert RecordingBackend.purged == []
    assert c.full_url in invalidated[0]
    assert not served_from_cache(client, c.url)


def test_a_page_rendered_before_a_change_and_stored_after_it_is_never_served(
    client, commit, make_column, monkeypatch
):
    """A reader's render that began before an editor's change committed, and is stored
    after the change dropped the page, must not win."""
    column = make_column("変更前のタイトル")
    model = type(column)
    serve = model.serve

    def serve_while_an_editor_publishes(page, request, *args, **kwargs):
        response = serve(page, request, *args, **kwargs)
        response.render()  # the old content, read before the change
        monkeypatch.setattr(model, "serve", serve)
        with commit():
            changed = model.objects.get(pk=page.pk)
            changed.title = "変更後のタイトル"
            publish(changed)
        # Meanwhile another reader gets the new page, which is stored, and the slow
        # render below overwrites it.
        other_reader = get(Client(), column.url)
        assert other_reader["X-Page-Cache"] == "miss" and "変更後のタイトル" in text(other_reader)
        return response

    monkeypatch.setattr(model, "serve", serve_while_an_editor_publishes)
    late = get(client, column.url)
    # It was stored, after the drop...
    assert late["X-Page-Cache"] == "miss" and "変更前のタイトル" in text(late)
    # ...and is never served.
    fresh = get(client, column.url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "変更後のタイトル" in text(fresh) and "変更前のタイトル" not in text(fresh)
    assert served_from_cache(client, column.url)


def test_pages_are_kept_per_host(client, make_column, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    column = make_column()
    warm(client, column.url)
    assert client.get(column.url, HTTP_HOST="other.example")["X-Page-Cache"] == "miss"
    assert client.get(column.url, HTTP_HOST="other.example")["X-Page-Cache"] == "hit"


@pytest.fixture
def redis_commands(monkeypatch):
    """The Redis commands this process sends, in order."""
    import redis

    sent = []
    execute = redis.Redis.execute_command

    def record(self, *args, **options):
        sent.append(args[0])
        return execute(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", record)
    return sent


def test_a_hit_costs_one_redis_round_trip(client, make_column, redis_cache, redis_commands):
    column = make_column("一往復のコラム")
    first = get(client, column.url)
    assert first["X-Page-Cache"] == "miss"
    redis_commands.clear()
    second = get(client, column.url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert redis_commands == ["MGET"]


def test_with_the_production_cache_drops_are_exact(
    client, commit, make_column, other_series, redis_cache, invalidated
):
    column = make_column("変更前")
    other = make_column("ほかのシリーズのコラム", parent=other_series)
    warm(client, column.url, other.url)
    with commit():
        column.title = "変更後"
        publish(column)
    assert column.full_url in invalidated[0] and other.full_url not in invalidated[0]
    assert "変更後" in text(get(client, column.url))
    assert served_from_cache(client, other.url)
    page_cache.drop_all()
    assert not served_from_cache(client, other.url)


def test_without_redis_pages_are_rendered_uncached(client, make_column, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    column = make_column("Redisなしでも読めるコラム")
    for _ in range(2):
        response = get(client, column.url)
        assert "Redisなしでも読めるコラム" in text(response)
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]


def every_url(site, series, home, glossary_index):
    return {
        home.full_url,
        *series_pages(series),
        *series_pages(site["x"].get_parent()),
        *(site[k].full_url for k in "abcx"),
        tag_url("安全保障"),
        glossary_index.full_url,
        site["term"].full_url,
    }


def test_home_and_glossary_changes(commit, invalidated, site, series, home, glossary_index):
    with commit():
        home.intro = "<p>ようこそ。</p>"
        publish(home)
    assert invalidated == [{home.full_url}]

    invalidated.clear()
    with commit():
        home.title = "コラム集"
        publish(home)
    # Its title heads the breadcrumbs of every page.
    assert invalidated == [every_url(site, series, home, glossary_index)]

    invalidated.clear()
    with commit():
        glossary_index.title = "用語解説"
        publish(glossary_index)
    assert invalidated == [{glossary_index.full_url, home.full_url, site["term"].full_url}]


def test_clear_page_cache_drops_everything_and_can_purge_every_url(
    client, site, series, home, glossary_index
):
    from django.core.management import call_command

    c = site["c"]
    warm(client, c.url, home.url)
    call_command("clear_page_cache", stdout=io.StringIO())
    assert not served_from_cache(client, c.url)
    assert not served_from_cache(client, home.url)

    call_command("clear_page_cache", "--purge", stdout=io.StringIO())
    assert set(RecordingBackend.purged) == every_url(site, series, home, glossary_index)


# -- the rule itself --------------------------------------------------------------------


def test_listing_rules():
    url = "https://example.com/series/"
    first = Listing(url, rank=3, count=45, item=("title",), per_page=20)
    # Joining or leaving changes the count shown on every page.
    assert listing_urls(None, first) == {url, url + "?page=2", url + "?page=3"}
    # Moving within the list changes the pages between the two places.
    assert listing_urls(first, Listing(url, 25, 45, ("title",), per_page=20)) == {
        url,
        url + "?page=2",
    }
    # A changed card changes only its page; an unchanged one nothing.
    assert listing_urls(first, Listing(url, 3, 45, ("new title",), per_page=20)) == {url}
    assert listing_urls(first, first) == set()
    # A capped list (home, feed) only when the entry is or was within the cap.
    home = "https://example.com/"
    assert listing_urls(Listing(home, 12, 0, ("a",), cap=10), None) == set()
    assert listing_urls(Listing(home, 9, 0, ("a",), cap=10), Listing(home, 12, 0, ("a",), cap=10))
    assert listing_urls(None, Listing(home, 0, 0, ("a",), cap=10)) == {home}


def test_change_rule_pairs_listings_and_referrers_by_key():
    before = Snapshot(
        urls=frozenset({"/old/"}),
        listings={"tag:1": Listing("/tags/a/", 0, 1, ("x",), per_page=20)},
        referrers={"neighbours": Referrers(frozenset({"/n1/"}), ("/old/", "x"))},
    )
    after = Snapshot(
        urls=frozenset({"/old/"}),
        listings={"tag:2": Listing("/tags/b/", 0, 1, ("x",), per_page=20)},
        referrers={"neighbours": Referrers(frozenset({"/n1/"}), ("/old/", "x"))},
    )
    assert urls_for_change(before, after) == {"/old/", "/tags/a/", "/tags/b/"}
    assert urls_for_change(before, None) == {"/old/", "/tags/a/", "/n1/"}
