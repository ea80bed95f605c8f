"""Fixtures shared by the whole suite: a site with a home page and a series."""

import datetime
import os
import uuid
from pathlib import Path

import pytest
from wagtail.models import Page, Site

from columns.models import ColumnPage, ColumnSeriesIndexPage, HomePage
from glossary.models import GlossaryAlias, GlossaryIndexPage, GlossaryTermPage

REPO_DIR = Path(__file__).resolve().parent.parent
SEED_DIR = Path(os.environ.get("SEED_DIR", REPO_DIR.parent / "shared" / "seed"))
SEED_FILE = SEED_DIR / "000_7af21bdf63ee1157.txt"


def pytest_configure(config):
    # CI runs the suite on PostgreSQL; never let it pass on SQLite by accident.
    from django.conf import settings

    if os.environ.get("CI") and settings.DATABASES["default"]["ENGINE"] != (
        "django.db.backends.postgresql"
    ):
        raise pytest.UsageError("CI must run on PostgreSQL: set DATABASE_URL.")


@pytest.fixture(autouse=True)
def fresh_cache():
    # Linked bodies and the glossary version live in the cache; the database
    # is rolled back between tests, the cache is not.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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
def glossary_index(home):
    return home.add_child(instance=GlossaryIndexPage(title="用語集", slug="glossary"))


@pytest.fixture
def make_term(glossary_index):
    """make_term(term, reading, definition=…, aliases=(), live=True, **page fields)."""
    counter = {"n": 0}

    def make(term, reading="", definition="説明です。", aliases=(), live=True, **fields):
        counter["n"] += 1
        page = GlossaryTermPage(
            title=term,
            slug=fields.pop("slug", f"term-{counter['n']}"),
            reading=reading,
            definition=definition,
            live=False,  # created as a draft and then published, as the admin does
            **fields,
        )
        for form in aliases:
            page.other_forms.add(GlossaryAlias(form=form))
        glossary_index.add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        page.refresh_from_db()
        return page

    return make


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


def make_image_file(name="hero.jpg", size=(1600, 900), color=(30, 90, 160)):
    """A real JPEG made with Pillow, as an uploaded file."""
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, "JPEG")
    return ImageFile(buffer, name=name)


@pytest.fixture
def hero_image(db):
    from wagtail.images.models import Image

    return Image.objects.create(title="hero", file=make_image_file())


@pytest.fixture
def make_series_columns():
    """Bulk columns for size tests: live, dated one day apart, titled コラム1…N."""

    def make(parent, count, tags=(), **fields):
        start = datetime.date(2020, 1, 1)
        created = []
        for i in range(1, count + 1):
            column = ColumnPage(
                title=f"コラム{i}",
                publication_date=start + datetime.timedelta(days=i),
                lead=f"リード{i}",
                live=True,
                **fields,
            )
            parent.add_child(instance=column)
            if tags:
                column.tags.add(*tags)
                column.save()
            created.append(column)
        return created

    return make


REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9")


@pytest.fixture
def redis_cache(settings):
    """The production cache backend on a real Redis, under a prefix of this test's own."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is needed at {REDIS_URL}")
        pytest.skip(f"Redis is needed at {REDIS_URL}")
    prefix = f"test-cache-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def promo_staff(db, django_user_model):
    """A member of 「プロモ担当」."""
    from django.contrib.auth.models import Group

    from columns.promos import PROMO_STAFF_GROUP

    user = django_user_model.objects.create_user("promo", "promo@example.com", "pw")
    user.groups.add(Group.objects.get(name=PROMO_STAFF_GROUP))
    return user


@pytest.fixture
def staff_client(client, promo_staff):
    """The test client, logged in as a member of 「プロモ担当」."""
    client.force_login(promo_staff)
    return client
