"""The editors' desk in a real browser: an 編集者 writes and submits a column, the
編集長 schedules and approves it, the scheduler publishes it and a reader finds it.

The screenshots of the edit form and the dashboard illustrate docs/EDITORS.md; they
land in tests/screenshots/ and are copied to docs/screenshots/ by hand, like the
README's.
"""

import datetime
import importlib
import threading

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS, connection
from django.urls import reverse
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.models import Locale, Page, Revision, Site, WorkflowState
from wagtail.users.models import UserProfile

from columns import roles
from columns.models import ColumnPage, ColumnSeriesIndexPage
from glossary.models import GlossaryIndexPage, GlossaryTermPage
from tests.conftest import make_image_file
from tests.test_editdesk import column_form
from tests.test_promos import create_promo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "desk-pass-1"
VIEWPORT = {"width": 1280, "height": 900}
TITLE = "拡大抑止を考える"
DEFINITION = "同盟国への攻撃を自国への攻撃とみなし、抑止力を同盟国にも広げる考え方。"
PROMO_HEADING = "新着コラムをLINEでお届けします"
HERO_ALT = "握手する日米の首脳"


@pytest.fixture
def migrated(browser, transactional_db, settings):
    """What migrations create: root page, locale, 編集者, 編集長 and プロモ担当.

    serialized_rollback normally restores them; once Playwright runs its event loop
    in this thread Django may restore nothing (see tests/browser/conftest.py), so
    rebuild them here, through the same code the migrations run.
    """
    if Page.get_first_root_node() is None:
        emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        Page.add_root(instance=Page(title="Root", slug="root", live=True))
    importlib.import_module("columns.migrations.0004_promo_staff_group").create_group(apps, None)
    roles.ensure_editorial_roles()
    # No avatar requests to the outside world (nor broken images in the screenshots).
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None


@pytest.fixture
def desk(migrated, home, django_user_model):
    """A series and the glossary (each gets its rights and review as it is saved), a
    term, a LINE promo for every column, an uploaded image, a column already
    scheduled, and an 編集者 and an 編集長 who use the admin in Japanese."""
    Site.objects.update(site_name="GLOBAL&TREND")
    series = home.add_child(
        instance=ColumnSeriesIndexPage(title="GLOBAL&TREND", slug="global-trend")
    )
    glossary = home.add_child(instance=GlossaryIndexPage(title="用語集", slug="glossary"))
    assert series.get_workflow().name == roles.REVIEW_WORKFLOW
    term = glossary.add_child(
        instance=GlossaryTermPage(
            title="拡大抑止",
            slug="kakudai-yokushi",
            reading="かくだいよくし",
            definition=DEFINITION,
        )
    )
    term.save_revision().publish()
    create_promo(heading=PROMO_HEADING)
    Image.objects.create(title="日米首脳会談", file=make_image_file())

    # Already approved for three days from now: on the dashboard, never on the site.
    later = series.add_child(
        instance=ColumnPage(
            title="来週の論点",
            lead="予約済みのコラムです。",
            live=False,
            go_live_at=timezone.now() + datetime.timedelta(days=3),
        )
    )
    later.save_revision().publish()

    for username, name, group in (
        ("writer", "山田", roles.EDITOR_GROUP),
        ("chief", "佐藤", roles.CHIEF_EDITOR_GROUP),
    ):
        user = django_user_model.objects.create_user(
            username, f"{username}@example.com", PASSWORD, first_name=name
        )
        user.groups.add(Group.objects.get(name=group))
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "ja"
        profile.save()
    return series


@pytest.fixture
def site(live_server):
    """The live server, taking one request at a time on SQLite.

    The in-memory test database is a single connection shared by the server's
    threads, and the edit form's autosave and live preview send requests in
    parallel; SQLite then answers "database table is locked". PostgreSQL gives
    each thread its own connection and needs nothing.
    """
    if connection.vendor != "sqlite":
        yield live_server
        return
    httpd = live_server.thread.httpd
    app = httpd.get_app()
    lock = threading.Lock()

    def one_at_a_time(environ, start_response):
        with lock:
            response = app(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                if hasattr(response, "close"):
                    response.close()

    httpd.set_app(one_at_a_time)
    yield live_server
    httpd.set_app(app)


# Wagtail's editor reruns its accessibility checks (axe) when the preview refreshes; on a
# slow machine two runs can overlap and axe rejects the second inside Wagtail's own
# script. Nothing changes on screen, so that one message is not counted.
WAGTAIL_AXE_OVERLAP = "Axe is already running"


def open_context(browser, errors):
    context = browser.new_context(viewport=VIEWPORT, locale="ja-JP")
    context.set_default_timeout(15_000)

    def page_error(exc):
        if not str(exc).startswith(WAGTAIL_AXE_OVERLAP):
            errors.append(str(exc))

    def console_error(message):
        # A Stimulus controller that fails to start (Wagtail logs it, the page goes on
        # without that behaviour).
        if message.type == "error" and "Error connecting controller" in message.text:
            errors.append(message.text)

    def watch(page):
        page.on("pageerror", page_error)
        page.on("console", console_error)

    context.on("page", watch)
    return context


def log_in(context, url, username):
    page = context.new_page()
    page.goto(url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(url + "/admin/")
    # The admin speaks Japanese to them, in Wagtail's words where the site has none:
    # the pages menu is 「ページ」, not the site's 「ページ送り」 (pagination).
    assert page.locator("html").get_attribute("lang") == "ja"
    explorer = page.locator(".sidebar-page-explorer-item .menuitem-label")
    assert explorer.inner_text() == "ページ"
    return page


def wait_for_message(page):
    page.locator(".messages").wait_for()
    return page.locator(".messages").inner_text()


def test_a_column_goes_from_the_editor_through_review_to_the_reader(
    browser, site, desk, screenshots, monkeypatch
):
    series = desk
    errors = []

    # -- 編集者 writes the column ------------------------------------------------------------
    writer = open_context(browser, errors)
    page = log_in(writer, site.url, "writer")
    page.goto(site.url + f"/admin/pages/{series.pk}/")
    page.get_by_role("link", name="子ページを追加").first.click()
    page.wait_for_url("**/pages/add/columns/columnpage/*/")
    tabs = page.locator('[role="tablist"] [role="tab"]')
    assert [t.strip() for t in tabs.all_inner_texts()] == [
        "本文",
        "公開設定/SEO",
        "バックナンバー・タグ",
    ]

    page.fill("#id_title", TITLE)
    page.fill("#id_lead", "日米の拡大抑止協議をやさしく解説します。")
    counter = page.locator('[data-char-counter-for="id_lead"] [data-char-counter-count]')
    assert counter.inner_text() == "20/120文字"

    page.locator("#id_hero_image-chooser [data-chooser-action-choose]").first.click()
    page.locator(".modal a[data-chooser-modal-choice]", has_text="日米首脳会談").click()
    page.locator(".modal").wait_for(state="hidden")
    page.fill("#id_hero_alt", HERO_ALT)

    page.locator('[data-contentpath="body"] .c-sf-add-button').first.click()
    page.get_by_role("option", name="見出し").click()
    page.fill('input[name="body-0-value-text"]', "協議の焦点")
    page.locator('[data-contentpath="body"] .c-sf-add-button').last.click()
    page.get_by_role("option", name="段落").click()
    page.locator('[data-contentpath="body"] .public-DraftEditor-content').last.click()
    page.keyboard.type("日米は拡大抑止について協議しました。")

    # 「このコラムに登場する用語」 checks the text as it is now.
    terms = page.locator("[data-draft-terms]")
    # Draftail stores what was typed in the form a moment later; check once it has.
    page.wait_for_function(
        """() => [...new FormData(document.querySelector("[data-edit-form]")).values()]
            .some((value) => typeof value === "string" && value.includes("協議しました"))"""
    )
    terms.locator("[data-draft-terms-refresh]").click()
    row = terms.locator("tr[data-term-id]")
    row.wait_for()
    assert row.locator("th").inner_text() == "拡大抑止"
    assert DEFINITION in row.inner_text()

    page.get_by_role("tab", name="バックナンバー・タグ").click()
    page.locator("#id_tags + ul .tagit-new input").fill("安全保障")
    page.keyboard.press("Enter")
    page.locator("#id_tags + ul .tagit-choice", has_text="安全保障").wait_for()

    page.get_by_role("tab", name="本文").click()
    # Back to the top left (the tag field's suggestions can leave the form scrolled sideways).
    page.evaluate("document.getElementById('main').scrollTo(0, 0)")
    page.locator("#id_title").wait_for()
    page.screenshot(path=str(screenshots / "editor-edit.png"))
    terms.scroll_into_view_if_needed()
    terms.locator("xpath=ancestor::section[1]").screenshot(
        path=str(screenshots / "editor-terms.png")
    )

    # The live preview shows the draft, at phone width first, then desktop width.
    page.locator('[data-side-panel-toggle="preview"]').click()
    panel = page.locator('[data-side-panel="preview"]')
    preview = page.frame_locator("#w-preview-iframe")
    preview.locator("h1", has_text=TITLE).wait_for()
    assert preview.locator(".column-body h2").inner_text() == "協議の焦点"
    assert preview.locator(".column-body a.glossary-term").inner_text() == "拡大抑止"
    sizes = panel.locator('input[name="preview-size"]')
    assert [sizes.nth(i).get_attribute("aria-label") for i in range(sizes.count())] == [
        "スマートフォンの幅でプレビュー",
        "パソコンの幅でプレビュー",
    ]
    # Wagtail swaps in a fresh iframe when the preview refreshes: wait for the shown one.
    page.wait_for_function("() => document.querySelector('#w-preview-iframe').offsetWidth === 375")
    page.screenshot(path=str(screenshots / "editor-preview.png"))
    panel.locator('input[value="desktop"]').check()
    page.wait_for_function("() => document.querySelector('#w-preview-iframe').offsetWidth === 1280")

    # Submitting is offered; publishing is not.
    page.locator("footer .w-dropdown__toggle").click()
    submit = page.locator('footer button[name="action-submit"]')
    assert submit.inner_text().strip() == "編集長レビューに提出する"
    assert page.locator('footer button[name="action-publish"]').count() == 0
    submit.click()
    assert "提出されました" in wait_for_message(page)
    writer.close()

    column = ColumnPage.objects.get(title=TITLE)
    assert not column.live
    assert column.owner.username == "writer"
    assert column.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert column.current_workflow_task.name == roles.APPROVAL_TASK
    draft = column.get_latest_revision_as_object()
    assert [block.block_type for block in draft.body] == ["heading", "paragraph"]
    assert (draft.hero_image.title, draft.hero_alt) == ("日米首脳会談", HERO_ALT)
    assert [tag.name for tag in draft.tags.all()] == ["安全保障"]
    column_url = site.url + column.get_url()

    reader = open_context(browser, errors)
    visitor = reader.new_page()
    assert visitor.goto(column_url).status == 404
    visitor.goto(site.url + series.url)
    assert visitor.locator("article.card", has_text=TITLE).count() == 0

    # -- 編集長 schedules and approves it ----------------------------------------------------
    chief = open_context(browser, errors)
    page = log_in(chief, site.url, "chief")
    review = page.locator("#columns-awaiting-review-section")
    assert review.locator("tr[data-column-id]", has_text=TITLE).is_visible()
    scheduled = page.locator("#columns-scheduled-section")
    assert "来週の論点" in scheduled.inner_text()
    # The admin scrolls inside its main area; bring the desk's panels into view.
    review.evaluate("(panel) => panel.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(screenshots / "editor-dashboard.png"))
    review.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/admin/pages/{column.pk}/edit/")

    page.locator('[data-side-panel-toggle="status"]').click()
    page.locator(
        '[data-side-panel="status"] [data-a11y-dialog-show="schedule-publishing-dialog"]'
    ).click()
    dialog = page.locator("#schedule-publishing-dialog")
    dialog.wait_for(state="visible")
    # A whole minute ahead at least: the approval must come before it.
    go_live = timezone.localtime().replace(second=0, microsecond=0) + datetime.timedelta(minutes=2)
    dialog.locator("#id_go_live_at").fill(go_live.strftime("%Y-%m-%d %H:%M"))
    # The date picker opens over the dialog; a click elsewhere closes it, as people do.
    picker_open = (
        "() => [...document.querySelectorAll('.xdsoft_datetimepicker')]"
        ".some((e) => getComputedStyle(e).display !== 'none')"
    )
    page.wait_for_function(picker_open)
    page.locator("#title-schedule-publishing-dialog").click()
    page.wait_for_function(f"() => !({picker_open})()")
    dialog.screenshot(path=str(screenshots / "editor-schedule.png"))
    dialog.locator("button.action-save").click()
    wait_for_message(page)

    page.locator("footer .w-dropdown__toggle").click()
    approve = page.locator(
        'footer button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
    )
    assert approve.inner_text().strip() == "承認と公開"
    approve.click()
    wait_for_message(page)

    column.refresh_from_db()
    assert column.current_workflow_state is None  # approved: the review is over
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_APPROVED
    assert not column.live
    revision = Revision.page_revisions.get(
        object_id=str(column.pk), approved_go_live_at__isnull=False
    )
    assert revision.approved_go_live_at == go_live
    page.goto(site.url + "/admin/")
    assert TITLE in page.locator("#columns-scheduled-section").inner_text()
    chief.close()

    assert visitor.goto(column_url).status == 404

    # -- the scheduler runs once the clock has passed the go-live time -----------------------
    later = go_live + datetime.timedelta(minutes=1)
    with monkeypatch.context() as clock:
        clock.setattr(timezone, "now", lambda: later)
        call_command("publish_scheduled", verbosity=0)
    column.refresh_from_db()
    assert column.live

    # -- a reader finds it ------------------------------------------------------------------
    visitor.goto(site.url + series.url)
    cards = visitor.locator("article.card")
    assert cards.count() == 1  # the other column is not due for three days
    cards.get_by_role("link", name=TITLE).click()
    visitor.wait_for_url(column_url)
    assert visitor.locator("h1").inner_text() == TITLE
    assert visitor.locator(".column-body h2").inner_text() == "協議の焦点"
    hero = visitor.locator("figure.hero img")
    assert hero.get_attribute("alt") == HERO_ALT
    assert visitor.locator(".column-tags a[rel=tag]", has_text="安全保障").count() == 1

    link = visitor.locator(".column-body a.glossary-term")
    assert link.inner_text() == "拡大抑止"
    tip = visitor.locator("#" + link.get_attribute("aria-describedby"))
    assert not tip.is_visible()
    link.hover()
    tip.wait_for(state="visible")
    assert DEFINITION in tip.inner_text()

    assert visitor.locator(".line-promo__heading").inner_text() == PROMO_HEADING
    assert visitor.locator(".line-promo__qr").is_visible()

    assert errors == []
    reader.close()


@pytest.mark.django_db  # no browser needed: plain, faster database handling
def test_a_new_column_can_be_previewed_before_it_is_first_saved(
    client, django_user_model, series, make_column
):
    """Opening the preview before the first autosave shows the unsaved column."""
    make_column(title="前の回")
    writer = django_user_model.objects.create_user("writer", "writer@example.com", PASSWORD)
    writer.groups.add(roles.ensure_editorial_roles()[0][roles.EDITOR_GROUP])
    client.force_login(writer)
    url = reverse("wagtailadmin_pages:preview_on_add", args=("columns", "columnpage", series.pk))

    response = client.post(url, column_form(title="まだ保存していない回"))
    assert response.json() == {"is_valid": True, "is_available": True}
    response = client.get(url, {"mode": "", "in_preview_panel": "true"})

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("h1").get_text(strip=True) == "まだ保存していない回"
    assert not ColumnPage.objects.filter(title="まだ保存していない回").exists()
