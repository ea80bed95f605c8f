"""The LINE promo in a real browser: button on phones, QR code on desktops; staff edit it."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS
from wagtail.models import Locale, Page

from columns.promos import PROMO_STAFF_GROUP
from tests.test_promos import create_promo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STAFF_PASSWORD = "promo-staff-pass-1"


@pytest.fixture
def migrated_data(browser, transactional_db, settings):
    """What migrations create and these tests need: locale, root page, the promo group.

    serialized_rollback normally restores them. Once Playwright runs its event loop
    in this thread, Django may hand out a connection without the serialized copy and
    restore nothing; then rebuild what is needed here.
    """
    if Page.get_first_root_node() is None:
        emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        Page.add_root(instance=Page(title="Root", slug="root", live=True))
    migration = importlib.import_module("columns.migrations.0004_promo_staff_group")
    migration.create_group(apps, None)


@pytest.fixture
def promo_column(migrated_data, make_column):
    column = make_column(tags=["安全保障"])
    promo = create_promo(heading="新着コラムをLINEでお届けします")
    return column, promo


def test_phone_gets_the_button_and_desktop_the_qr_code(
    browser, live_server, promo_column, screenshots
):
    column, _promo = promo_column
    url = live_server.url + column.url

    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="ja-JP", is_mobile=True, has_touch=True
    )
    page = phone.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    button = page.locator(".line-promo__button")
    qr = page.locator(".line-promo__qr")
    assert button.is_visible()
    assert not qr.is_visible()
    assert not page.locator(".line-promo__id").is_visible()
    box = button.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    assert page.get_by_role("link", name="LINEで友だち追加").count() == 1
    share = page.get_by_role("link", name="LINEで送る")
    share_box = share.bounding_box()
    assert share_box["width"] >= 44 and share_box["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator(".line-promo").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "promo-phone.png"))

    desktop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    page = desktop.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    button = page.locator(".line-promo__button")
    qr = page.locator(".line-promo__qr")
    assert qr.is_visible()
    assert not button.is_visible()
    assert page.locator(".line-promo__id").is_visible()
    assert "@gt_column" in page.locator(".line-promo__id").inner_text()
    svg = page.get_by_role("img", name="LINE友だち追加用QRコード")
    assert svg.count() == 1
    qr_box = svg.bounding_box()
    assert qr_box["width"] >= 100 and qr_box["width"] == qr_box["height"]
    page.locator(".line-promo").screenshot(path=str(screenshots / "promo-desktop.png"))

    assert errors == []
    phone.close()
    desktop.close()


def test_promo_staff_edit_and_publish_in_the_admin(
    browser, live_server, promo_column, django_user_model, screenshots
):
    column, promo = promo_column
    staff = django_user_model.objects.create_user("promo", "promo@example.com", STAFF_PASSWORD)
    staff.groups.add(Group.objects.get(name=PROMO_STAFF_GROUP))

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "promo")
    page.fill("#id_password", STAFF_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/admin/")

    page.goto(live_server.url + f"/admin/snippets/columns/linepromo/edit/{promo.pk}/")
    page.fill("#id_heading", "ブラウザで書き換えた見出し")
    page.locator("footer .w-dropdown__toggle").click()
    page.locator('footer button[name="action-publish"]').click()
    page.wait_for_url(live_server.url + "/admin/snippets/columns/linepromo/")
    page.screenshot(path=str(screenshots / "promo-admin-published.png"))

    page.goto(live_server.url + column.url)
    assert page.locator(".line-promo__heading").inner_text() == "ブラウザで書き換えた見出し"
    context.close()
