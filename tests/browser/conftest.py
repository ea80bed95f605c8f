"""Playwright driving Debian's chromium (browsers cannot be downloaded here)."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by
# fixtures around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path():
    path = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not path:
        reason = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def browser():
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright leaves an event loop running in this thread, and Django then
    # hands out per-loop connections that lack the test database's serialized
    # contents, so serialized_rollback would restore nothing. Keep the
    # connections made before the loop started.
    existing = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in existing.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def screenshots():
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def term_site(transactional_db, settings):
    """A home page served at localhost, a glossary holding 拡大抑止 and an empty series.

    Returns (glossary term, series). Tests marked serialized_rollback get the root page
    and locale back from migrations; when that restored nothing (see browser()), they
    are made here.
    """
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import DEFAULT_DB_ALIAS
    from wagtail.models import Locale, Page, Site

    from columns.models import ColumnSeriesIndexPage, HomePage
    from glossary.models import GlossaryIndexPage, GlossaryTermPage

    if Page.get_first_root_node() is None:
        emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        Page.add_root(instance=Page(title="Root", slug="root", live=True))
    Site.objects.all().delete()
    Page.objects.filter(depth=2).delete()
    home = Page.get_first_root_node().add_child(instance=HomePage(title="コラム", slug="home"))
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    glossary = home.add_child(instance=GlossaryIndexPage(title="用語集", slug="glossary"))
    term = glossary.add_child(
        instance=GlossaryTermPage(
            title="拡大抑止",
            slug="kakudai-yokushi",
            reading="かくだいよくし",
            definition="同盟国への攻撃を自国への攻撃とみなし、抑止力を同盟国にも広げる考え方。",
        )
    )
    term.save_revision().publish()
    series = home.add_child(
        instance=ColumnSeriesIndexPage(title="GLOBAL&TREND", slug="global-trend")
    )
    return term, series
