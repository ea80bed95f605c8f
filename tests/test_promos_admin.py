"""LINE promos in the admin: who may do what, previews, scheduling, the click report."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupCollectionPermission, GroupPagePermission
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from columns.models import ColumnPage
from columns.promos import PROMO_STAFF_GROUP, LinePromo, LinePromoClick
from columns.roles import EDITOR_GROUP
from tests.test_promos import create_promo

SNIPPET = "wagtailsnippets_columns_linepromo"


def snippet_url(name, *args):
    return reverse(f"{SNIPPET}:{name}", args=args)


def promo_form(**overrides):
    data = {
        "name": "全コラム共通",
        "heading": "新着をLINEでお届けします",
        "body": "週に一度、新しいコラムをお知らせします。",
        "button_label": "友だち追加",
        "line_id": "@gt_column",
        "url": "https://line.me/R/ti/p/@gt_column",
        "image": "",
        "image_alt": "",
        "placement": "all",
        "series": "",
        "tag": "",
        "placement_columns": inline_formset([]),
        "priority": "0",
        "weight": "1",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def publish(**overrides):
    return promo_form(**{"action-publish": "action-publish", **overrides})


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def editor_client(client, django_user_model):
    # The site's 「編集者」: columns and images, but no promo permissions.
    user = django_user_model.objects.create_user("editor", "editor@example.com", "pw")
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    client.force_login(user)
    return client


@pytest.fixture
def drafter_client(client, django_user_model):
    """May add and change promos, but not publish them."""
    user = django_user_model.objects.create_user("drafter", "drafter@example.com", "pw")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_linepromo"),
        Permission.objects.get(codename="change_linepromo"),
    )
    client.force_login(user)
    return client


@pytest.fixture
def admin_client_(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(user)
    return client


def denied(response):
    """Wagtail answers a missing permission with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


# -- the group ------------------------------------------------------------------------------


def test_migration_creates_the_promo_staff_group(db):
    group = Group.objects.get(name=PROMO_STAFF_GROUP)
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert codenames == {
        ("wagtailadmin", "access_admin"),
        ("columns", "add_linepromo"),
        ("columns", "change_linepromo"),
        ("columns", "publish_linepromo"),
        ("columns", "lock_linepromo"),
    }
    assert not GroupPagePermission.objects.filter(group=group).exists()
    image_codenames = set(
        GroupCollectionPermission.objects.filter(group=group).values_list(
            "permission__codename", flat=True
        )
    )
    assert image_codenames == {"add_image", "choose_image"}


def test_promo_staff_see_their_menu_and_report(staff_client):
    html = staff_client.get(reverse("wagtailadmin_home")).content.decode()
    assert snippet_url("list") in html
    assert reverse("line_promo_clicks") in html


# -- promo staff ---------------------------------------------------------------------------


def test_promo_staff_create_a_draft(staff_client):
    response = staff_client.post(snippet_url("add"), promo_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    promo = LinePromo.objects.get()
    assert not promo.live
    assert promo.url == "https://line.me/R/ti/p/%40gt_column"
    assert promo.revisions.count() == 1


def test_promo_staff_publish(staff_client, make_column):
    column = make_column()
    response = staff_client.post(snippet_url("add"), publish())
    assert response.status_code == 302
    promo = LinePromo.objects.get()
    assert promo.live and promo.live_revision_id
    assert "新着をLINEでお届けします" in staff_client.get(column.url).content.decode()


def test_promo_staff_edit_and_republish(staff_client, make_column):
    column = make_column()
    promo = create_promo()
    response = staff_client.post(
        snippet_url("edit", promo.pk), publish(heading="見出しを変えました")
    )
    assert response.status_code == 302
    promo.refresh_from_db()
    assert promo.heading == "見出しを変えました"
    assert promo.revisions.count() == 2
    assert "見出しを変えました" in staff_client.get(column.url).content.decode()


def test_promo_staff_preview_both_modes(staff_client):
    response = staff_client.post(snippet_url("preview_on_add"), promo_form(heading="プレビュー"))
    assert response.json()["is_valid"] is True
    desktop = staff_client.get(snippet_url("preview_on_add"), {"mode": "desktop"})
    assert desktop.status_code == 200
    soup = BeautifulSoup(desktop.content, "html.parser")
    assert "line-promo-preview--desktop" in soup.body["class"]
    assert soup.select_one(".line-promo__heading").get_text() == "プレビュー"
    # Preview links go straight to LINE and count nothing.
    assert soup.select_one(".line-promo__button")["href"] == "https://line.me/R/ti/p/%40gt_column"
    mobile = staff_client.get(snippet_url("preview_on_add"), {"mode": "mobile"})
    assert (
        "line-promo-preview--mobile" in BeautifulSoup(mobile.content, "html.parser").body["class"]
    )


def test_preview_of_an_existing_promo_shows_the_unsaved_edit(staff_client):
    promo = create_promo()
    url = snippet_url("preview_on_edit", promo.pk)
    response = staff_client.post(url, promo_form(heading="まだ保存していない見出し"))
    assert response.json()["is_valid"] is True
    assert "まだ保存していない見出し" in staff_client.get(url).content.decode()
    promo.refresh_from_db()
    assert promo.heading != "まだ保存していない見出し"


def test_preview_refuses_an_invalid_url(staff_client):
    response = staff_client.post(snippet_url("preview_on_add"), promo_form(url="line://ti/p/@x"))
    assert response.json()["is_valid"] is False


def test_promo_staff_schedule(staff_client, make_column):
    column = make_column()
    go_live_at = timezone.now() + datetime.timedelta(days=2)
    expire_at = go_live_at + datetime.timedelta(days=7)
    response = staff_client.post(
        snippet_url("add"),
        publish(go_live_at=local(go_live_at), expire_at=local(expire_at), heading="予約の案内"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    promo = LinePromo.objects.get()
    assert not promo.live
    assert promo.latest_revision.approved_go_live_at is not None
    assert "予約の案内" not in staff_client.get(column.url).content.decode()


def test_promo_staff_lock_a_promo(staff_client, promo_staff):
    promo = create_promo()
    response = staff_client.post(snippet_url("lock", promo.pk))
    assert response.status_code == 302
    promo.refresh_from_db()
    assert promo.locked and promo.locked_by == promo_staff


def test_form_errors_show_in_the_admin(staff_client):
    response = staff_client.post(snippet_url("add"), publish(url="javascript:alert(1)"))
    assert response.status_code == 200
    assert not LinePromo.objects.exists()
    response = staff_client.post(snippet_url("add"), publish(placement="columns"))
    assert response.status_code == 200
    assert not LinePromo.objects.exists()


def test_promo_for_specific_columns_through_the_admin(staff_client, make_column):
    column = make_column()
    form = publish(
        placement="columns",
        placement_columns=inline_formset([{"column": str(column.pk)}]),
    )
    response = staff_client.post(snippet_url("add"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    promo = LinePromo.objects.get()
    assert [item.column_id for item in promo.placement_columns.all()] == [column.pk]


def test_promo_staff_cannot_delete(staff_client):
    promo = create_promo()
    assert denied(staff_client.post(snippet_url("delete", promo.pk)))
    assert LinePromo.objects.filter(pk=promo.pk).exists()


def test_promo_staff_cannot_touch_pages(staff_client, series, make_column):
    column = make_column()
    edit = reverse("wagtailadmin_pages:edit", args=[column.pk])
    assert denied(staff_client.get(edit))
    response = staff_client.post(edit, {"title": "乗っ取り", "action-publish": "action-publish"})
    assert denied(response)
    column.refresh_from_db()
    assert column.title == "テストコラム"

    add = reverse("wagtailadmin_pages:add", args=("columns", "columnpage", series.pk))
    assert denied(staff_client.get(add))
    assert denied(staff_client.post(add, {"title": "新規", "action-publish": "action-publish"}))
    assert ColumnPage.objects.count() == 1

    unpublish = reverse("wagtailadmin_pages:unpublish", args=[column.pk])
    assert denied(staff_client.post(unpublish))
    column.refresh_from_db()
    assert column.live
    assert denied(staff_client.get(reverse("wagtailadmin_pages:add_subpage", args=[series.pk])))


# -- others --------------------------------------------------------------------------------


def test_editors_cannot_create_or_publish_promos(editor_client):
    assert denied(editor_client.get(snippet_url("list")))
    assert denied(editor_client.post(snippet_url("add"), publish()))
    assert not LinePromo.objects.exists()
    promo = create_promo(live=False)
    assert denied(editor_client.post(snippet_url("edit", promo.pk), publish(heading="乗っ取り")))
    promo.refresh_from_db()
    assert not promo.live and promo.heading != "乗っ取り"
    assert denied(editor_client.get(reverse("line_promo_clicks")))


def test_change_without_publish_saves_only_a_draft(drafter_client, make_column):
    column = make_column()
    response = drafter_client.post(snippet_url("add"), publish(heading="公開できない"))
    assert response.status_code == 302
    promo = LinePromo.objects.get()
    assert not promo.live
    response = drafter_client.post(
        snippet_url("edit", promo.pk), publish(heading="まだ公開できない")
    )
    assert response.status_code == 302
    promo.refresh_from_db()
    assert not promo.live
    assert "公開できない" not in drafter_client.get(column.url).content.decode()


@pytest.mark.parametrize(
    "url",
    [
        lambda promo: snippet_url("list"),
        lambda promo: snippet_url("add"),
        lambda promo: snippet_url("edit", promo.pk),
        lambda promo: snippet_url("preview_on_edit", promo.pk),
        lambda promo: snippet_url("history", promo.pk),
        lambda promo: snippet_url("unpublish", promo.pk),
        lambda promo: reverse("line_promo_clicks"),
        lambda promo: reverse("line_promo_clicks") + "?export=csv",
        lambda promo: reverse("line_promo_clicks_results"),
    ],
)
def test_anonymous_reach_no_admin_url(client, db, url):
    promo = create_promo()
    for method in (client.get, client.post):
        response = method(url(promo))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    promo.refresh_from_db()
    assert promo.live


# -- the click report ------------------------------------------------------------------------


@pytest.fixture
def clicks(make_column):
    first = make_column("一本目")
    second = make_column("二本目", date=datetime.date(2024, 9, 1))
    everyone = create_promo("全コラム共通")
    tagged = create_promo("安全保障タグ", placement="columns", columns=[first])
    today = timezone.localdate()
    days = [today - datetime.timedelta(days=n) for n in range(3)]
    rows = [
        (everyone, first, days[0], 3),
        (everyone, second, days[0], 2),
        (everyone, None, days[0], 1),
        (everyone, first, days[1], 4),
        (tagged, first, days[1], 5),
        (tagged, first, days[2], 6),
        # Outside the default 30 days.
        (everyone, first, today - datetime.timedelta(days=45), 100),
    ]
    for promo, page, day, count in rows:
        LinePromoClick.objects.create(promo=promo, page=page, day=day, count=count)
    return {"everyone": everyone, "tagged": tagged, "days": days, "first": first}


def report_rows(html):
    soup = BeautifulSoup(html, "html.parser")
    tables = soup.select("table")
    totals = {
        row.select("td")[0].get_text(strip=True): int(row.select("td")[1].get_text(strip=True))
        for row in tables[0].select("tbody tr")
    }
    grand_total = int(soup.select_one(".line-clicks-grand-total").get_text(strip=True))
    daily = [
        [cell.get_text(strip=True) for cell in row.select("td")]
        for row in tables[1].select("tbody tr")
    ]
    return totals, grand_total, daily


def test_report_totals_for_the_last_30_days(staff_client, clicks):
    response = staff_client.get(reverse("line_promo_clicks"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "LINE登録クリック" in html
    totals, grand_total, daily = report_rows(html)
    assert totals == {"全コラム共通": 10, "安全保障タグ": 11}
    assert grand_total == 21
    assert len(daily) == 4  # (day, promo) pairs with clicks
    assert [row[2] for row in daily] == ["6", "4", "5", "6"]


def test_report_for_a_chosen_period(staff_client, clicks):
    day = clicks["days"][1]
    response = staff_client.get(
        reverse("line_promo_clicks"), {"day_from": day.isoformat(), "day_to": day.isoformat()}
    )
    totals, grand_total, _daily = report_rows(response.content.decode())
    assert totals == {"全コラム共通": 4, "安全保障タグ": 5}
    assert grand_total == 9
    old = timezone.localdate() - datetime.timedelta(days=45)
    response = staff_client.get(
        reverse("line_promo_clicks"), {"day_from": old.isoformat(), "day_to": old.isoformat()}
    )
    assert report_rows(response.content.decode())[1] == 100


def test_report_filtered_by_promo(staff_client, clicks):
    response = staff_client.get(reverse("line_promo_clicks"), {"promo": clicks["tagged"].pk})
    totals, grand_total, _daily = report_rows(response.content.decode())
    assert totals == {"安全保障タグ": 11}
    assert grand_total == 11


def test_report_csv_export(staff_client, clicks):
    response = staff_client.get(reverse("line_promo_clicks"), {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "line-clicks-" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header, body = rows[0], rows[1:]
    assert header == ["日付", "プロモID", "LINEプロモ", "ページID", "ページ", "クリック数"]
    assert sum(int(row[-1]) for row in body) == 21
    by_page = {(row[2], row[4]): int(row[5]) for row in body if row[0] == str(clicks["days"][0])}
    assert by_page == {
        ("全コラム共通", "一本目"): 3,
        ("全コラム共通", "二本目"): 2,
        ("全コラム共通", ""): 1,
    }


def test_report_results_fragment(staff_client, clicks):
    response = staff_client.get(reverse("line_promo_clicks_results"))
    assert response.status_code == 200
    assert report_rows(response.content.decode())[1] == 21


def test_superuser_sees_the_report(admin_client_, clicks):
    assert admin_client_.get(reverse("line_promo_clicks")).status_code == 200
