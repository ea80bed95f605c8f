"""Fixtures shared by the whole suite: a site with a home page and a series."""

import datetime
import os
from pathlib import Path

import pytest
from wagtail.models import Page, Site

from columns.models import ColumnPage, ColumnSeriesIndexPage, HomePage

REPO_DIR = Path(__file__).resolve().parent.parent
SEED_DIR = Path(os.environ.get("SEED_DIR", REPO_DIR.parent / "shared" / "seed"))
SEED_FILE = SEED_DIR / "000_7af21bdf63ee1157.txt"


@pytest.fixture
def seed_file():
    """The publisher's real column. Absent: skip, unless REQUIRE_SEED=1 (CI)."""
    if not SEED_FILE.is_file():
        reason = f"seed column not found at {SEED_FILE}"
        if os.environ.get("REQUIRE_SEED") == "1":
            pytest.fail(reason + " (REQUIRE_SEED=1)")
        pytest.skip(reason)
    return SEED_FILE


@pytest.fixture
def home(db):
    # Wagtail's initial migration leaves a welcome page; the home page replaces it.
    Site.objects.all().delete()
    Page.objects.filter(depth=2).delete()
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="コラム", slug="home"))
    Site.objects.create(
        hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="GT"
    )
    return home


@pytest.fixture
def series(home):
    page = ColumnSeriesIndexPage(title="GLOBAL&TREND", slug="global-trend")
    home.add_child(instance=page)
    return page


@pytest.fixture
def make_column(series):
    """Create a column; live unless live=False (then a draft never published)."""

    def make(
        title="テストコラム",
        date=datetime.date(2024, 8, 9),
        parent=None,
        live=True,
        tags=(),
        body=None,
        lead="リード文です。",
        **fields,
    ):
        parent = parent or series
        column = ColumnPage(
            title=title,
            publication_date=date,
            lead=lead,
            body=body or [("paragraph", "<p>本文の段落です。</p>")],
            live=live,
            **fields,
        )
        parent.add_child(instance=column)
        if tags:
            column.tags.add(*tags)
        revision = column.save_revision()
        if live:
            revision.publish()
        column.refresh_from_db()
        return column

    return make
