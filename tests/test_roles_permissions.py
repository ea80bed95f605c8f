"""Who may do what in the admin: 編集者, 編集長, プロモ担当 and anonymous visitors.

Every cell of the two tables below is checked through the admin views with the
test client: the HTTP answer the user gets and what became of the page, term or
promo in the database.
"""

import datetime
import importlib
import io
import json
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.apps import apps as global_apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Revision,
    Task,
    WorkflowPage,
    WorkflowState,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from columns import roles
from columns.models import ColumnPage, ColumnSeriesIndexPage
from columns.promos import PROMO_STAFF_GROUP
from glossary.models import GlossaryIndexPage, GlossaryTermPage
from tests.test_admin_editing import column_form
from tests.test_promos import create_promo
from tests.test_promos_admin import publish as promo_publish_form
from tests.test_promos_admin import snippet_url

EDITOR, CHIEF, PROMO = roles.EDITOR_GROUP, roles.CHIEF_EDITOR_GROUP, PROMO_STAFF_GROUP
ANONYMOUS = None
ROLES = (EDITOR, CHIEF, PROMO, ANONYMOUS)
ROLE_IDS = ("editor", "chief", "promo", "anonymous")
ALLOW, DENY, LOGIN = "allow", "deny", "login"

# fmt: off
ACTIONS = {
    # action                      編集者   編集長   プロモ担当 anonymous
    "create column":             (ALLOW,  ALLOW,  DENY,     LOGIN),
    "edit column":               (ALLOW,  ALLOW,  DENY,     LOGIN),
    "edit column under review":  (DENY,   ALLOW,  DENY,     LOGIN),
    "submit for review":         (ALLOW,  ALLOW,  DENY,     LOGIN),
    "approve review":            (DENY,   ALLOW,  DENY,     LOGIN),
    "request changes":           (DENY,   ALLOW,  DENY,     LOGIN),
    "publish":                   (DENY,   ALLOW,  DENY,     LOGIN),
    "unpublish":                 (DENY,   ALLOW,  DENY,     LOGIN),
    "schedule":                  (DENY,   ALLOW,  DENY,     LOGIN),
    "delete live column":        (DENY,   ALLOW,  DENY,     LOGIN),
    "delete draft column":       (ALLOW,  ALLOW,  DENY,     LOGIN),
    "create term":               (ALLOW,  ALLOW,  DENY,     LOGIN),
    "edit term":                 (ALLOW,  ALLOW,  DENY,     LOGIN),
    "publish term":              (DENY,   ALLOW,  DENY,     LOGIN),
    "edit LINE promo":           (DENY,   DENY,   ALLOW,    LOGIN),
    "edit home page":            (DENY,   DENY,   DENY,     LOGIN),
    "create series":             (DENY,   DENY,   DENY,     LOGIN),
}

# Admin menu items (sidebar name, "submenu/name" inside a submenu) and the URL each opens.
MENU = {
    # item                          編集者   編集長   プロモ担当
    "explorer":                    (ALLOW,  ALLOW,  DENY),
    "images":                      (ALLOW,  ALLOW,  ALLOW),
    "documents":                   (ALLOW,  ALLOW,  DENY),
    "glossary/glossary-terms":     (ALLOW,  ALLOW,  DENY),
    "glossary/glossary-candidates": (ALLOW, ALLOW,  DENY),
    "glossary/glossary-import":    (ALLOW,  ALLOW,  DENY),
    "glossary/glossary-export":    (ALLOW,  ALLOW,  DENY),
    "line-promos":                 (DENY,   DENY,   ALLOW),
    "reports/line-promo-clicks":   (DENY,   DENY,   ALLOW),
    "reports/locked-pages":        (DENY,   ALLOW,  DENY),
    "reports/workflows":           (ALLOW,  ALLOW,  DENY),
    "reports/workflow-tasks":      (ALLOW,  ALLOW,  DENY),
    "reports/site-history":        (ALLOW,  ALLOW,  DENY),
    "reports/aging-pages":         (ALLOW,  ALLOW,  DENY),
    "reports/page-types-usage":    (ALLOW,  ALLOW,  DENY),
    "settings/users":              (DENY,   DENY,   DENY),
    "settings/groups":             (DENY,   DENY,   DENY),
    "settings/sites":              (DENY,   DENY,   DENY),
    "settings/workflows":          (DENY,   DENY,   DENY),
    "settings/workflow-tasks":     (DENY,   DENY,   DENY),
    "settings/collections":        (DENY,   DENY,   DENY),
    "settings/redirects":          (DENY,   DENY,   DENY),
}
# fmt: on

MENU_URLS = {
    "explorer": lambda p: reverse("wagtailadmin_explore_root"),
    "images": lambda p: reverse("wagtailimages:index"),
    "documents": lambda p: reverse("wagtaildocs:index"),
    "glossary/glossary-terms": lambda p: reverse("wagtailadmin_explore", args=[p.glossary.pk]),
    "glossary/glossary-candidates": lambda p: reverse("glossary_admin:candidates"),
    "glossary/glossary-import": lambda p: reverse("glossary_admin:terms_import"),
    "glossary/glossary-export": lambda p: reverse("glossary_admin:terms_export"),
    "line-promos": lambda p: snippet_url("list"),
    "reports/line-promo-clicks": lambda p: reverse("line_promo_clicks"),
    "reports/locked-pages": lambda p: reverse("wagtailadmin_reports:locked_pages"),
    "reports/workflows": lambda p: reverse("wagtailadmin_reports:workflow"),
    "reports/workflow-tasks": lambda p: reverse("wagtailadmin_reports:workflow_tasks"),
    "reports/site-history": lambda p: reverse("wagtailadmin_reports:site_history"),
    "reports/aging-pages": lambda p: reverse("wagtailadmin_reports:aging_pages"),
    "reports/page-types-usage": lambda p: reverse("wagtailadmin_reports:page_types_usage"),
    "settings/users": lambda p: reverse("wagtailusers_users:index"),
    "settings/groups": lambda p: reverse("wagtailusers_groups:index"),
    "settings/sites": lambda p: reverse("wagtailsites:index"),
    "settings/workflows": lambda p: reverse("wagtailadmin_workflows:index"),
    "settings/workflow-tasks": lambda p: reverse("wagtailadmin_workflows:task_index"),
    "settings/collections": lambda p: reverse("wagtailadmin_collections:index"),
    "settings/redirects": lambda p: reverse("wagtailredirects:index"),
}


def action(name):
    """The row of ACTIONS as (role, expected) parameters."""
    return pytest.mark.parametrize(
        "role, expected", list(zip(ROLES, ACTIONS[name], strict=True)), ids=ROLE_IDS
    )


# -- fixtures and helpers --------------------------------------------------------------------


@pytest.fixture
def glossary(home):
    return home.add_child(instance=GlossaryIndexPage(title="用語集", slug="glossary"))


@pytest.fixture
def make_term(glossary):
    def make(title="拡大抑止", live=True):
        term = GlossaryTermPage(
            title=title,
            slug=f"term-{title}",
            reading="かくだいよくし",
            definition="説明です。",
            live=live,
        )
        glossary.add_child(instance=term)
        revision = term.save_revision()
        if live:
            revision.publish()
        term.refresh_from_db()
        return term

    return make


@pytest.fixture
def pages(series, glossary):
    """Both kinds of section: a series and the glossary."""
    return SimpleNamespace(series=series, glossary=glossary)


@pytest.fixture
def make_user(django_user_model):
    def make(group_name, username=None):
        username = username or f"user-{ROLES.index(group_name)}"
        user = django_user_model.objects.create_user(username, f"{username}@example.com", "pw")
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def login(client, make_user):
    """Log the client in as a member of the role's group (or stay anonymous); the user."""

    def log_in(role):
        if role is ANONYMOUS:
            return None
        user = make_user(role)
        client.force_login(user)
        return user

    return log_in


def permission_message():
    with translation.override("ja"):
        return translation.gettext("Sorry, you do not have permission to access this area.")


def assert_refused(client, response, role):
    """Anonymous: sent to the login form. Others: back to the dashboard, told why."""
    assert response.status_code == 302, response.content.decode()[:1000]
    if role is ANONYMOUS:
        assert response["Location"].startswith(reverse("wagtailadmin_login") + "?next=")
        return
    assert response["Location"] == reverse("wagtailadmin_home")
    soup = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
    messages = " ".join(m.get_text(" ", strip=True) for m in soup.select(".messages li"))
    assert permission_message() in messages


def form_errors(response):
    """The error messages of a re-rendered admin form, for assertion messages."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [e.get_text(" ", strip=True) for e in soup.select(".error-message, .help-critical")]


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_column_url(series):
    return reverse("wagtailadmin_pages:add", args=("columns", "columnpage", series.pk))


def draft_form(**overrides):
    """The column form with no action button: "save draft"."""
    data = column_form(**overrides)
    data.pop("action-publish")
    return data


def term_form(term, **overrides):
    data = {
        "title": term.title,
        "slug": term.slug,
        "reading": term.reading,
        "definition": term.definition,
        "body": rich_text(""),
        "other_forms": inline_formset([]),
        "related_links": inline_formset([]),
        "auto_link": "on",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M")


def latest_title(page):
    """The title of the newest revision, read from the database."""
    return Page.objects.get(pk=page.pk).get_latest_revision_as_object().title


def submit(page, user):
    """Start the page's workflow as `user`; its in-progress task state."""
    page.get_workflow().start(page, user)
    page.refresh_from_db()
    return page.current_workflow_task_state


def buttons(client, page):
    """The names of the action buttons of the page's edit view."""
    soup = BeautifulSoup(client.get(edit_url(page)).content, "html.parser")
    return {button.get("name") for button in soup.select("form button[name]")}


# -- the groups -----------------------------------------------------------------------------


def page_perms(group):
    return {
        (perm.page.specific_class.__name__, perm.permission.codename)
        for perm in GroupPagePermission.objects.filter(group=group).select_related("permission")
    }


def test_groups_have_exactly_their_rights(pages):
    editor, chief = (Group.objects.get(name=name) for name in (EDITOR, CHIEF))
    for group in (editor, chief):
        assert set(group.permissions.values_list("codename", flat=True)) == {"access_admin"}
        assert set(
            GroupCollectionPermission.objects.filter(group=group, collection__depth=1).values_list(
                "permission__codename", flat=True
            )
        ) == {"add_image", "choose_image", "add_document", "choose_document"}
        assert GroupCollectionPermission.objects.filter(group=group).count() == 4
    sections = ("ColumnSeriesIndexPage", "GlossaryIndexPage")
    editing = {"add_page", "change_page", "lock_page"}
    assert page_perms(editor) == {(s, c) for s in sections for c in editing}
    assert page_perms(chief) == {
        (s, c) for s in sections for c in editing | {"publish_page", "unlock_page"}
    }
    # 「プロモ担当」 stays as it was: promos only.
    promo = Group.objects.get(name=PROMO)
    assert not GroupPagePermission.objects.filter(group=promo).exists()
    assert "publish_linepromo" in promo.permissions.values_list("codename", flat=True)


def test_only_the_sites_own_groups_exist_and_none_has_rights_on_the_root(db):
    # Wagtail's starter groups could edit and publish the home page and series.
    assert set(Group.objects.values_list("name", flat=True)) == {EDITOR, CHIEF, PROMO}
    root = Page.get_first_root_node()
    assert not GroupPagePermission.objects.filter(page=root).exists()
    assert not WorkflowPage.objects.filter(page=root).exists()
    assert not Task.objects.filter(name="Moderators approval").exists()


def test_starter_groups_with_members_are_left_alone(db, make_user):
    migration = importlib.import_module("columns.migrations.0007_remove_wagtail_default_groups")
    used = Group.objects.create(name="Moderators")
    make_user(EDITOR).groups.add(used)
    Group.objects.create(name="Editors")
    migration.remove_starter_groups(global_apps, None)
    assert set(Group.objects.values_list("name", flat=True)) == {EDITOR, CHIEF, PROMO, "Moderators"}


def test_review_workflow_covers_every_series_and_the_glossary(pages, home):
    later = home.add_child(instance=ColumnSeriesIndexPage(title="新シリーズ", slug="new-series"))
    task = Task.objects.get(name=roles.APPROVAL_TASK).specific
    assert list(task.groups.values_list("name", flat=True)) == [CHIEF]
    for section in (pages.series, pages.glossary, later):
        workflow = section.get_workflow()
        assert workflow.name == roles.REVIEW_WORKFLOW
        assert [t.name for t in workflow.tasks] == [roles.APPROVAL_TASK]
    # The home page itself is not a section.
    assert not WorkflowPage.objects.filter(page=home).exists()
    assert not GroupPagePermission.objects.filter(page=home).exists()


def test_ensure_editorial_roles_is_idempotent_and_restores_the_rights(pages, home):
    editor = Group.objects.get(name=EDITOR)
    before = page_perms(editor)
    # Drift: an extra right on the home page, a lost one on the series, another workflow.
    GroupPagePermission.objects.create(
        group=editor, page=home, permission=GroupPagePermission.objects.first().permission
    )
    GroupPagePermission.objects.filter(group=editor, page=pages.series).delete()
    WorkflowPage.objects.filter(page=pages.glossary).delete()
    roles.ensure_editorial_roles()
    roles.ensure_editorial_roles()
    assert page_perms(editor) == before
    assert not GroupPagePermission.objects.filter(group=editor, page=home).exists()
    assert pages.glossary.get_workflow().name == roles.REVIEW_WORKFLOW
    assert Task.objects.filter(name=roles.APPROVAL_TASK).count() == 1
    assert Group.objects.filter(name__in=[EDITOR, CHIEF]).count() == 2


def test_demo_site_is_set_up_for_the_editorial_roles(db, client, make_user):
    """`make run` = migrate + load_demo: the demo's sections come with rights and review."""
    call_command("load_demo", stdout=io.StringIO())
    series = ColumnSeriesIndexPage.objects.get()
    glossary = GlossaryIndexPage.objects.get()
    for section in (series, glossary):
        assert section.get_workflow().name == roles.REVIEW_WORKFLOW
    client.force_login(make_user(EDITOR))
    column = ColumnPage.objects.child_of(series).live().first()
    assert client.get(edit_url(column)).status_code == 200
    term = GlossaryTermPage.objects.child_of(glossary).first()
    assert client.get(edit_url(term)).status_code == 200


# -- actions --------------------------------------------------------------------------------


@action("create column")
def test_create_column(client, login, series, role, expected):
    user = login(role)
    url = add_column_url(series)
    if expected != ALLOW:
        assert_refused(client, client.get(url), role)
        assert_refused(client, client.post(url, draft_form()), role)
        assert not ColumnPage.objects.exists()
        return
    assert client.get(url).status_code == 200
    response = client.post(url, draft_form())
    assert response.status_code == 302, form_errors(response)
    column = ColumnPage.objects.get(title="新しいコラム")
    assert not column.live
    assert column.owner == user


@action("edit column")
def test_edit_column(client, login, make_column, role, expected):
    column = make_column()
    login(role)
    response = client.post(edit_url(column), draft_form(title="改稿したコラム"))
    column.refresh_from_db()
    # The live page is untouched either way: a saved edit is a draft.
    assert column.live and column.title == "テストコラム"
    if expected != ALLOW:
        assert_refused(client, response, role)
        assert latest_title(column) == "テストコラム"
        return
    assert response.status_code == 302
    assert response["Location"] == edit_url(column)
    assert latest_title(column) == "改稿したコラム"
    assert column.has_unpublished_changes


@action("edit column under review")
def test_edit_column_under_review(client, login, make_column, make_user, role, expected):
    """While 編集長レビュー runs, the column is locked for everyone but 編集長."""
    column = make_column(live=False)
    submit(column, make_user(EDITOR, "writer"))
    login(role)
    response = client.post(edit_url(column), draft_form(title="審査中に改稿"))
    if expected == ALLOW:
        assert response.status_code == 302
        assert latest_title(column) == "審査中に改稿"
        return
    if role is EDITOR:
        # The edit view opens, but saving is refused because of the review's lock.
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        messages = " ".join(m.get_text(" ", strip=True) for m in soup.select(".messages li"))
        with translation.override("ja"):
            assert translation.gettext("The page could not be saved as it is locked.") in messages
        assert latest_title(column) == "テストコラム"
        return
    assert_refused(client, response, role)
    assert latest_title(column) == "テストコラム"


@action("submit for review")
def test_submit_for_review(client, login, make_column, role, expected):
    column = make_column(live=False)
    user = login(role)
    if expected == ALLOW:
        assert "action-submit" in buttons(client, column)
    data = draft_form(title="審査をお願いします")
    data["action-submit"] = "action-submit"
    response = client.post(edit_url(column), data)
    column.refresh_from_db()
    assert not column.live
    if expected != ALLOW:
        assert_refused(client, response, role)
        assert not WorkflowState.objects.exists()
        return
    assert response.status_code == 302
    state = column.current_workflow_state
    assert state.workflow.name == roles.REVIEW_WORKFLOW
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == user
    assert column.current_workflow_task.name == roles.APPROVAL_TASK
    assert latest_title(column) == "審査をお願いします"


@action("approve review")
def test_approve_review(client, login, make_column, make_user, role, expected):
    column = make_column(live=False)
    task_state = submit(column, make_user(EDITOR, "writer"))
    login(role)
    url = reverse("wagtailadmin_pages:workflow_action", args=[column.pk, "approve", task_state.pk])
    response = client.post(url)
    column.refresh_from_db()
    state = WorkflowState.objects.get()
    if expected != ALLOW:
        assert_refused(client, response, role)
        assert not column.live
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        return
    assert response.status_code == 302
    assert state.status == WorkflowState.STATUS_APPROVED
    assert column.live
    assert client.get(column.url).status_code == 200


@action("request changes")
def test_request_changes(client, login, make_column, make_user, role, expected):
    column = make_column(live=False)
    task_state = submit(column, make_user(EDITOR, "writer"))
    login(role)
    url = reverse("wagtailadmin_pages:workflow_action", args=[column.pk, "reject", task_state.pk])
    response = client.post(url, {"comment": "見出しを短く"})
    state = WorkflowState.objects.get()
    if expected != ALLOW:
        assert_refused(client, response, role)
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        return
    assert response.status_code == 302
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    task_state.refresh_from_db()
    assert task_state.comment == "見出しを短く"


@action("publish")
def test_publish(client, login, make_column, role, expected):
    column = make_column(live=False)
    login(role)
    if expected == ALLOW:
        assert "action-publish" in buttons(client, column)
    elif role is EDITOR:
        # Editors are not offered the button …
        assert "action-publish" not in buttons(client, column)
    response = client.post(edit_url(column), column_form(title="公開します"))
    column.refresh_from_db()
    if expected == ALLOW:
        assert response.status_code == 302
        assert column.live and column.title == "公開します"
        assert client.get(column.url).status_code == 200
        return
    assert not column.live
    if role is EDITOR:
        # … and posting it anyway only saves a draft.
        assert response["Location"] == edit_url(column)
        assert latest_title(column) == "公開します"
        assert not column.revisions.filter(approved_go_live_at__isnull=False).exists()
    else:
        assert_refused(client, response, role)


@action("unpublish")
def test_unpublish(client, login, make_column, role, expected):
    column = make_column()
    login(role)
    url = reverse("wagtailadmin_pages:unpublish", args=[column.pk])
    response = client.post(url)
    column.refresh_from_db()
    if expected != ALLOW:
        assert_refused(client, response, role)
        assert column.live
        return
    assert response.status_code == 302
    assert not column.live
    assert client.get(column.url).status_code == 404


@action("schedule")
def test_schedule(client, login, make_column, role, expected):
    column = make_column(live=False)
    login(role)
    go_live_at = timezone.now() + datetime.timedelta(days=2)
    response = client.post(
        edit_url(column), column_form(title="予約投稿", go_live_at=local(go_live_at))
    )
    column.refresh_from_db()
    assert not column.live
    scheduled = column.revisions.filter(approved_go_live_at__isnull=False)
    if expected == ALLOW:
        assert response.status_code == 302
        revision = scheduled.get()
        assert local(revision.approved_go_live_at) == local(go_live_at)
        assert revision.as_object().title == "予約投稿"
        return
    assert not scheduled.exists()
    if role is EDITOR:
        assert response["Location"] == edit_url(column)  # a draft, nothing scheduled
    else:
        assert_refused(client, response, role)


@action("delete live column")
def test_delete_live_column(client, login, make_column, role, expected):
    column = make_column()
    login(role)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[column.pk]))
    if expected != ALLOW:
        assert_refused(client, response, role)
        assert ColumnPage.objects.filter(pk=column.pk).exists()
        return
    assert response.status_code == 302
    assert not ColumnPage.objects.filter(pk=column.pk).exists()


@action("delete draft column")
def test_delete_draft_column(client, login, make_column, role, expected):
    """Drafts nobody has published may be deleted by anyone who edits columns."""
    column = make_column(live=False)  # not owned by the user deleting it
    login(role)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[column.pk]))
    if expected != ALLOW:
        assert_refused(client, response, role)
        assert ColumnPage.objects.filter(pk=column.pk).exists()
        return
    assert response.status_code == 302
    assert not ColumnPage.objects.filter(pk=column.pk).exists()


@action("create term")
def test_create_term(client, login, glossary, role, expected):
    login(role)
    url = reverse("wagtailadmin_pages:add", args=("glossary", "glossarytermpage", glossary.pk))
    data = term_form(
        GlossaryTermPage(
            title="日米2プラス2",
            slug="2plus2",
            reading="にちべいつーぷらすつー",
            definition="協議の場。",
        )
    )
    response = client.post(url, data)
    if expected != ALLOW:
        assert_refused(client, response, role)
        assert not GlossaryTermPage.objects.exists()
        return
    assert response.status_code == 302, form_errors(response)
    term = GlossaryTermPage.objects.get()
    assert term.title == "日米2プラス2" and not term.live


@action("edit term")
def test_edit_term(client, login, make_term, role, expected):
    term = make_term()
    login(role)
    response = client.post(edit_url(term), term_form(term, definition="書き直した説明。"))
    term.refresh_from_db()
    assert term.definition == "説明です。"  # live version unchanged by a draft
    draft = term.get_latest_revision_as_object()
    if expected != ALLOW:
        assert_refused(client, response, role)
        assert draft.definition == "説明です。"
        return
    assert response.status_code == 302
    assert draft.definition == "書き直した説明。"


@action("publish term")
def test_publish_term(client, login, make_term, role, expected):
    term = make_term(live=False)
    login(role)
    data = term_form(term, definition="公開する説明。")
    data["action-publish"] = "action-publish"
    response = client.post(edit_url(term), data)
    term.refresh_from_db()
    if expected == ALLOW:
        assert response.status_code == 302
        assert term.live and term.definition == "公開する説明。"
        return
    assert not term.live
    if role is EDITOR:
        assert response["Location"] == edit_url(term)
    else:
        assert_refused(client, response, role)


@action("edit LINE promo")
def test_edit_line_promo(client, login, role, expected):
    promo = create_promo(live=False)
    login(role)
    response = client.post(
        snippet_url("edit", promo.pk), promo_publish_form(heading="新しい見出し")
    )
    promo.refresh_from_db()
    if expected != ALLOW:
        assert_refused(client, response, role)
        assert not promo.live and promo.heading != "新しい見出し"
        return
    assert response.status_code == 302
    assert promo.live and promo.heading == "新しい見出し"


@action("edit home page")
def test_edit_home_page(client, login, home, series, role, expected):
    login(role)
    response = client.post(edit_url(home), {"title": "乗っ取り", "slug": "home", "intro": ""})
    assert expected != ALLOW
    assert_refused(client, response, role)
    assert Page.objects.get(pk=home.pk).get_latest_revision_as_object().title == "コラム"


@action("create series")
def test_create_series(client, login, home, series, role, expected):
    login(role)
    url = reverse("wagtailadmin_pages:add", args=("columns", "columnseriesindexpage", home.pk))
    assert expected != ALLOW
    assert_refused(client, client.get(url), role)
    assert ColumnSeriesIndexPage.objects.count() == 1


# -- the whole review, as editors use it ------------------------------------------------------


def test_editor_submits_and_chief_approves_with_a_go_live_time(client, make_user, series):
    writer, chief = make_user(EDITOR, "writer"), make_user(CHIEF, "chief")
    client.force_login(writer)
    data = draft_form(title="来週公開のコラム")
    data["action-submit"] = "action-submit"
    assert client.post(add_column_url(series), data).status_code == 302
    column = ColumnPage.objects.get(title="来週公開のコラム")
    assert column.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert client.get(column.url).status_code == 404

    client.force_login(chief)
    go_live_at = timezone.now() + datetime.timedelta(days=7)
    data = draft_form(title="来週公開のコラム", go_live_at=local(go_live_at))
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"
    response = client.post(edit_url(column), data)
    assert response.status_code == 302, form_errors(response)
    column.refresh_from_db()
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_APPROVED
    assert not column.live  # scheduled, not yet public
    revision = Revision.page_revisions.get(
        object_id=str(column.pk), approved_go_live_at__isnull=False
    )
    assert local(revision.approved_go_live_at) == local(go_live_at)
    assert client.get(column.url).status_code == 404


# -- the admin menu -------------------------------------------------------------------------


def sidebar_items(client):
    """The menu items the sidebar offers, as "name" or "submenu/name"."""
    html = client.get(reverse("wagtailadmin_home")).content
    props = json.loads(BeautifulSoup(html, "html.parser").find(id="wagtail-sidebar-props").string)
    values = {}

    def value(node):
        # Telepath writes a repeated value once with "_id" and refers to it with "_ref".
        if isinstance(node, dict) and "_val" in node:
            values[node.get("_id")] = node["_val"]
            return node["_val"]
        if isinstance(node, dict) and "_ref" in node:
            return values[node["_ref"]]
        return node

    found = set()

    def walk(node, parent=""):
        if isinstance(node, list):
            for item in node:
                walk(item, parent)
        elif isinstance(node, dict):
            kind = node.get("_type", "")
            args = node.get("_args", [])
            if kind.endswith("MenuItem") and args:
                name = value(args[0]["name"])
                path = f"{parent}/{name}" if parent else name
                if kind.endswith("SubMenuItem"):
                    walk(args[1], name)
                else:
                    found.add(path)
            else:
                for child in node.values():
                    walk(child)

    # The main menu only: the account menu (account, log out) is everyone's.
    (main_menu,) = (m for m in props["modules"] if m.get("_type", "").endswith("MainMenuModule"))
    walk(main_menu["_args"][0])
    return found


MENU_CASES = [
    pytest.param(role, item, cells[i], id=f"{ROLE_IDS[i]}-{item}")
    for item, cells in MENU.items()
    for i, role in enumerate(ROLES[:3])
]


@pytest.mark.parametrize("role", ROLES[:3], ids=ROLE_IDS[:3])
def test_menu_shows_exactly_the_allowed_items(client, login, pages, role):
    login(role)
    shown = {item for item in sidebar_items(client) if not item.startswith("help/")}
    allowed = {item for item, cells in MENU.items() if cells[ROLES.index(role)] == ALLOW}
    assert shown == allowed


# Wagtail opens its site history to every admin user, menu item or not; each sees the
# history of what they may change only (see test_promo_staff_site_history_shows_promos_only).
HIDDEN_BUT_OPEN = {(PROMO, "reports/site-history")}


@pytest.mark.parametrize("role, item, expected", MENU_CASES)
def test_menu_item_urls(client, login, pages, role, item, expected):
    login(role)
    url = MENU_URLS[item](pages)
    if expected == ALLOW or (role, item) in HIDDEN_BUT_OPEN:
        # The explorer opens at the part of the tree the user works in.
        response = client.get(url, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain == [] or item == "explorer"
    else:
        assert_refused(client, client.get(url), role)


def test_explorer_opens_on_the_home_page_for_editors(client, login, pages, home):
    login(EDITOR)
    response = client.get(reverse("wagtailadmin_explore_root"), follow=True)
    assert response.redirect_chain == [(reverse("wagtailadmin_explore", args=[home.pk]), 302)]
    listed = {
        a.get_text(strip=True)
        for a in BeautifulSoup(response.content, "html.parser").select("td a")
    }
    assert {"GLOBAL&TREND", "用語集"} <= listed


def test_promo_staff_site_history_shows_promos_only(client, login, make_column):
    column = make_column(live=False, title="未公開の下書きコラム")
    column.save_revision(log_action=True)
    create_promo("履歴に出るプロモ")
    login(PROMO)
    html = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "履歴に出るプロモ" in html
    assert "未公開の下書きコラム" not in html


@pytest.mark.parametrize("item", MENU)
def test_anonymous_reach_no_menu_item(client, pages, item):
    response = client.get(MENU_URLS[item](pages))
    assert_refused(client, response, ANONYMOUS)


@pytest.mark.parametrize("role", ROLES[:3], ids=ROLE_IDS[:3])
def test_every_role_reaches_the_dashboard(client, login, role):
    login(role)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
