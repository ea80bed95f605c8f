"""The dashboard of the editors' desk: review queue, columns going live soon, term
candidates and LINE clicks, each shown only to users who may see it."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Revision,
    Workflow,
    WorkflowState,
    WorkflowTask,
)

from columns import admin_panels
from columns.models import ColumnSeriesIndexPage
from columns.promos import PROMO_STAFF_GROUP, LinePromoClick
from tests.test_promos import create_promo

# -- fixtures ------------------------------------------------------------------------------


@pytest.fixture
def boss(django_user_model):
    return django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")


def make_user(django_user_model, name, *, pages=(), actions=("add", "change"), codenames=()):
    """A user whose own group may act on the pages under ``pages`` and hold ``codenames``."""
    group = Group.objects.create(name=f"{name} group")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        group.permissions.add(Permission.objects.get(codename=codename))
    for page in pages:
        for action in actions:
            GroupPagePermission.objects.create(
                group=group,
                page=page,
                permission=Permission.objects.get(codename=f"{action}_page"),
            )
    user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw")
    user.groups.add(group)
    return user


@pytest.fixture
def other_series(home):
    return home.add_child(instance=ColumnSeriesIndexPage(title="別シリーズ", slug="other"))


@pytest.fixture
def review(boss):
    """A one-step review workflow; started on pages directly, whatever the tree assigns."""
    workflow = Workflow.objects.create(name="テスト用レビュー")
    task = GroupApprovalTask.objects.create(name="編集長の承認")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)

    def submit(column, when=None):
        state = workflow.start(column, boss)
        if when is not None:
            state.current_task_state.__class__.objects.filter(
                pk=state.current_task_state.pk
            ).update(started_at=when)
        return state

    return submit


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def panel(soup, panel_id):
    return soup.find(id=f"{panel_id}-section")


def heading(section):
    return section.find(attrs={"data-panel-heading-text": True}).get_text(strip=True)


def listed(section):
    """(title, edit link) of each row."""
    return [
        (row.find("a").get_text(strip=True), row.find("a")["href"])
        for row in section.select("tr[data-column-id]")
    ]


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def schedule(column, at, title=None):
    """Publish the column's latest draft with a go-live time, as 「公開を予約」 does."""
    page = column.get_latest_revision_as_object()
    if title:
        page.title = title
    page.go_live_at = at
    page.save_revision().publish()
    column.refresh_from_db()
    return column


# -- awaiting review -------------------------------------------------------------------------


def test_columns_awaiting_review_are_listed_longest_waiting_first(
    client, boss, make_column, review
):
    now = timezone.now()
    newer = make_column(title="きのう出した回", live=False)
    older = make_column(title="先週出した回", live=False)
    review(newer, when=now - datetime.timedelta(days=1))
    review(older, when=now - datetime.timedelta(days=7))
    cancelled = make_column(title="取り下げた回", live=False)
    review(cancelled).cancel(user=boss)
    sent_back = make_column(title="差し戻した回", live=False)
    WorkflowState.objects.filter(pk=review(sent_back).pk).update(
        status=WorkflowState.STATUS_NEEDS_CHANGES
    )
    make_column(title="公開済みの回")

    section = panel(dashboard(client, boss), "columns-awaiting-review")

    assert heading(section) == "編集長レビュー待ちのコラム"
    assert listed(section) == [
        ("先週出した回", edit_url(older)),
        ("きのう出した回", edit_url(newer)),
    ]
    assert "編集長の承認" in section.get_text()


def test_an_empty_review_queue_says_so(client, boss, make_column):
    make_column()
    section = panel(dashboard(client, boss), "columns-awaiting-review")
    assert listed(section) == []
    assert "レビュー待ちのコラムはありません。" in section.get_text()


def test_editors_see_the_review_queue_of_their_own_series_only(
    client, django_user_model, series, other_series, make_column, review
):
    mine = make_column(title="自分のシリーズの回", live=False)
    theirs = make_column(title="別シリーズの回", live=False, parent=other_series)
    review(mine)
    review(theirs)
    editor = make_user(django_user_model, "editor", pages=[series])

    section = panel(dashboard(client, editor), "columns-awaiting-review")

    assert listed(section) == [("自分のシリーズの回", edit_url(mine))]


def test_users_without_page_rights_see_no_column_panels(client, django_user_model, make_column):
    staff = make_user(django_user_model, "promo", codenames=["change_linepromo"])
    soup = dashboard(client, staff)
    assert panel(soup, "columns-awaiting-review") is None
    assert panel(soup, "columns-scheduled") is None


# -- going live within seven days ----------------------------------------------------------


def test_columns_going_live_within_seven_days_soonest_first(client, boss, make_column):
    now = timezone.now()
    in_three_days = schedule(
        make_column(title="3日後の回", live=False), now + datetime.timedelta(days=3)
    )
    tomorrow = schedule(make_column(title="明日の回", live=False), now + datetime.timedelta(days=1))
    schedule(make_column(title="10日後の回", live=False), now + datetime.timedelta(days=10))
    make_column(title="予定のない下書き", live=False)
    # A live column whose rewrite is scheduled: listed under the title that will go live.
    live = make_column(title="公開中の回")
    schedule(live, now + datetime.timedelta(days=2), title="公開中の回（改訂版）")

    section = panel(dashboard(client, boss), "columns-scheduled")

    assert heading(section) == "7日以内に公開予定のコラム"
    assert listed(section) == [
        ("明日の回", edit_url(tomorrow)),
        ("公開中の回（改訂版）", edit_url(live)),
        ("3日後の回", edit_url(in_three_days)),
    ]
    times = [t["datetime"] for t in section.select("tr[data-column-id] time")]
    assert times == sorted(times)
    expected = timezone.localtime(tomorrow.go_live_at)
    assert section.select_one("tr[data-column-id] time").get_text(strip=True) == (
        f"{expected.year}年{expected.month}月{expected.day}日{expected.hour}:{expected:%M}"
    )


def test_a_column_past_its_go_live_time_waits_for_the_scheduler(client, boss, make_column):
    column = schedule(
        make_column(title="処理待ちの回", live=False),
        timezone.now() + datetime.timedelta(hours=1),
    )
    Revision.page_revisions.filter(object_id=str(column.pk)).exclude(
        approved_go_live_at=None
    ).update(approved_go_live_at=timezone.now() - datetime.timedelta(minutes=5))

    section = panel(dashboard(client, boss), "columns-scheduled")

    assert listed(section) == [("処理待ちの回", edit_url(column))]
    assert "予定時刻を過ぎました（次の定期処理で公開）" in section.get_text()


def test_nothing_scheduled_says_so(client, boss, make_column):
    schedule(make_column(live=False), timezone.now() + datetime.timedelta(days=8))
    section = panel(dashboard(client, boss), "columns-scheduled")
    assert listed(section) == []
    assert "7日以内に公開予定のコラムはありません。" in section.get_text()


def test_editors_see_scheduled_columns_of_their_own_series_only(
    client, django_user_model, series, other_series, make_column
):
    soon = timezone.now() + datetime.timedelta(days=1)
    mine = schedule(make_column(title="自分の予約", live=False), soon)
    schedule(make_column(title="別シリーズの予約", live=False, parent=other_series), soon)
    editor = make_user(django_user_model, "editor", pages=[series])

    section = panel(dashboard(client, editor), "columns-scheduled")

    assert listed(section) == [("自分の予約", edit_url(mine))]


# -- term candidates -------------------------------------------------------------------------


def quoting(make_column, title, *phrases):
    quoted = "".join(f"「{p}」" for p in phrases)
    return make_column(title=title, body=[("paragraph", f"<p>{quoted}について。</p>")])


def candidates_figure(section):
    return section.find(attrs={"data-term-candidates": True})


def test_the_term_candidates_count_links_to_the_report(client, boss, make_column, glossary_index):
    quoting(make_column, "一の回", "同志国", "経済安全保障")
    quoting(make_column, "二の回", "同志国", "経済安全保障")
    quoting(make_column, "三の回", "同志国", "一度だけ")

    # Nothing scanned yet: the dashboard does not wait for the scan, its script asks.
    section = panel(dashboard(client, boss), "glossary-term-candidates")
    assert heading(section) == "用語候補"
    figure = candidates_figure(section)
    assert figure.get_text(strip=True) == "集計中……"
    assert client.get(figure["data-url"]).json() == {"count": 2}

    # Scanned: the count is in the page.
    section = panel(dashboard(client, boss), "glossary-term-candidates")
    figure = candidates_figure(section)
    assert figure.get_text(strip=True) == "2"
    assert not figure.has_attr("data-url")
    link = section.find("a", href=reverse("glossary_admin:candidates"))
    assert link.get_text(strip=True) == "用語候補のレポートを開く"
    assert client.get(link["href"]).status_code == 200


def test_a_new_live_column_is_counted_again(client, boss, make_column, glossary_index):
    quoting(make_column, "一の回", "同志国")
    quoting(make_column, "二の回", "同志国")
    count_url = reverse("glossary_admin:candidate_count")
    client.force_login(boss)
    assert client.get(count_url).json() == {"count": 1}

    quoting(make_column, "三の回", "経済安全保障")
    quoting(make_column, "四の回", "経済安全保障")

    figure = candidates_figure(panel(dashboard(client, boss), "glossary-term-candidates"))
    assert figure.has_attr("data-url")
    assert client.get(count_url).json() == {"count": 2}


def test_term_candidates_show_to_those_who_may_open_the_report(
    client, django_user_model, series, glossary_index, make_column
):
    quoting(make_column, "一の回", "同志国")
    quoting(make_column, "二の回", "同志国")
    count_url = reverse("glossary_admin:candidate_count")
    column_editor = make_user(django_user_model, "columnist", pages=[series])
    term_editor = make_user(django_user_model, "lexicographer", pages=[glossary_index])

    assert panel(dashboard(client, column_editor), "glossary-term-candidates") is None
    assert client.get(count_url).status_code in (302, 403)
    assert "count" not in client.get(count_url).content.decode()

    assert panel(dashboard(client, term_editor), "glossary-term-candidates") is not None
    assert client.get(count_url).json() == {"count": 1}

    client.logout()
    assert client.get(count_url)["Location"].startswith(reverse("wagtailadmin_login"))


# -- LINE clicks -----------------------------------------------------------------------------


@pytest.fixture
def clicks(db):
    promo = create_promo()
    today = timezone.localdate()
    for days_ago, count in [(0, 3), (6, 2), (7, 100), (30, 50)]:
        LinePromoClick.objects.create(
            promo=promo, day=today - datetime.timedelta(days=days_ago), count=count
        )
    return promo


def test_promo_staff_see_the_clicks_of_the_last_seven_days(client, django_user_model, clicks):
    staff = django_user_model.objects.create_user("promo", "promo@example.com", "pw")
    staff.groups.add(Group.objects.get(name=PROMO_STAFF_GROUP))

    section = panel(dashboard(client, staff), "columns-promo-clicks")

    assert heading(section) == "LINE登録クリック（7日間）"
    assert section.find(attrs={"data-promo-clicks": True}).get_text(strip=True) == "5"
    report_url = reverse("line_promo_clicks")
    link = section.find("a", href=lambda href: href and href.startswith(report_url + "?"))
    assert link.get_text(strip=True) == "クリック数のレポートを開く"
    report = client.get(link["href"])
    assert report.status_code == 200
    grand_total = BeautifulSoup(report.content, "html.parser").select_one(
        ".line-clicks-grand-total"
    )
    assert grand_total.get_text(strip=True) == "5"


def test_clicks_stay_hidden_from_users_without_promo_rights(
    client, django_user_model, series, clicks
):
    editor = make_user(django_user_model, "editor", pages=[series])
    assert panel(dashboard(client, editor), "columns-promo-clicks") is None


def test_superusers_see_every_panel(client, boss, clicks, glossary_index):
    soup = dashboard(client, boss)
    for panel_id in [
        "columns-awaiting-review",
        "columns-scheduled",
        "glossary-term-candidates",
        "columns-promo-clicks",
    ]:
        assert panel(soup, panel_id) is not None, panel_id


# -- bounded queries -------------------------------------------------------------------------


def queries_to_render(component, user):
    request = RequestFactory().get("/admin/")
    # Fetched afresh: Wagtail caches a user's page permissions on the object.
    request.user = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as queries:
        component.render_html({"request": request, "csrf_token": ""})
    return len(queries)


@pytest.mark.parametrize(
    "component", [admin_panels.AwaitingReviewPanel, admin_panels.ScheduledColumnsPanel]
)
def test_column_panels_read_a_fixed_number_of_queries(
    boss, django_user_model, series, make_column, review, component
):
    editor = make_user(django_user_model, "editor", pages=[series])
    soon = timezone.now() + datetime.timedelta(days=1)

    def add_columns(n):
        for _ in range(n):
            review(make_column(title="レビュー待ち", live=False))
            schedule(make_column(title="予約済み", live=False), soon)

    add_columns(2)
    few = {user: queries_to_render(component(), user) for user in (boss, editor)}
    add_columns(5)
    many = {user: queries_to_render(component(), user) for user in (boss, editor)}

    assert many == few
