"""manage.py load_demo and the demo content it loads."""

import csv
import datetime
import io
import itertools
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from columns import legacy
from columns.demo.loader import (
    COLUMNS_DIR,
    DEFAULT_ADMIN_PASSWORD,
    DEFAULT_ADMIN_USER,
    MANIFEST_PATH,
    demo_files,
    load_manifest,
    placeholder_image,
)
from columns.models import ColumnPage, ColumnSeriesIndexPage, HomePage
from columns.promos import LinePromo, select_promo
from glossary.models import GlossaryTermPage

REPO_DIR = Path(__file__).resolve().parent.parent
TERMS_CSV = REPO_DIR / "glossary" / "demo" / "terms.csv"
DEMO_TEXT_FILES = [*demo_files(), MANIFEST_PATH, TERMS_CSV]


def run_load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "users": get_user_model().objects.count(),
        "sites": Site.objects.count(),
        "promos": LinePromo.objects.count(),
    }


@pytest.fixture
def clean_env(monkeypatch):
    monkeypatch.delenv("DEMO_ADMIN_USER", raising=False)
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)


# -- the loaded site -------------------------------------------------------------


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo site, loaded once per class and rolled back after its last test."""
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        patch.delenv("DEMO_ADMIN_USER", raising=False)
        patch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
        with transaction.atomic():
            output = run_load_demo()
            yield output
            transaction.set_rollback(True)


class TestLoadedSite:
    """Each test runs in a savepoint of the load's transaction, rolled back after it."""

    @pytest.fixture(autouse=True)
    def _in_savepoint(self, demo, db):
        # Requested after demo, so each test's transaction nests inside the load's.
        pass

    def test_builds_home_series_and_site(self, demo):
        home = HomePage.objects.get()
        assert home.live
        assert home.intro
        site = Site.objects.get(is_default_site=True)
        assert site.root_page_id == home.pk
        assert site.root_url == "http://127.0.0.1:8000"  # where `make run` serves
        assert site.site_name == load_manifest()["home"]["site_name"]
        # Wagtail's welcome page is gone.
        assert list(Page.objects.filter(depth=2)) == [home.page_ptr]
        series = ColumnSeriesIndexPage.objects.get(slug="global-trend")
        assert series.title == "GLOBAL&TREND"
        assert series.live and series.intro
        assert series.get_parent().pk == home.pk

    def test_imports_every_demo_column_live_with_hero_and_tags(self, demo):
        series = ColumnSeriesIndexPage.objects.get(slug="global-trend")
        manifest = load_manifest()
        columns = ColumnPage.objects.child_of(series).order_by("publication_date", "pk")
        files = demo_files()
        assert len(files) >= 7
        assert columns.count() == len(files)
        for column, path in zip(columns, files, strict=True):
            parsed = legacy.parse(legacy.read(path))
            assert column.title == parsed.title
            assert column.publication_date == parsed.publication_date
            assert column.live and not column.has_unpublished_changes
            assert column.hero_image is not None
            assert column.hero_image.width == 1600 and column.hero_image.height == 900
            assert column.hero_alt
            assert sorted(column.tags.names()) == sorted(manifest["columns"][path.name]["tags"])
            headings = [b for b in column.body if b.block_type == "heading"]
            assert 2 <= len(headings) <= 4
        # One placeholder per column, all different.
        assert get_image_model().objects.count() == len(files)
        assert len(set(get_image_model().objects.values_list("file_hash", flat=True))) == len(files)

    def test_curated_back_numbers_follow_the_files(self, demo):
        columns = list(ColumnPage.objects.order_by("publication_date", "pk"))
        curated = {c.pk: [b.column.title for b in c.curated_back_numbers.all()] for c in columns}
        assert any(curated.values())
        by_title = {legacy.normalize(c.title): c for c in columns}
        for path in demo_files():
            parsed = legacy.parse(legacy.read(path))
            column = by_title[legacy.normalize(parsed.title)]
            assert [legacy.normalize(t) for t in curated[column.pk]] == [
                legacy.normalize(b.title) for b in parsed.back_numbers
            ]
        newest = columns[-1]
        assert [c.pk for c in newest.back_numbers()] == [
            b.column_id for b in newest.curated_back_numbers.all()
        ]

    def test_line_promos_one_live_and_one_scheduled(self, demo, client):
        live = LinePromo.objects.get(live=True)
        assert live.placement == "all"
        assert live.url == "https://line.me/R/ti/p/%40globaltrend-demo"
        scheduled = LinePromo.objects.get(live=False)
        assert scheduled.placement == "tag" and scheduled.tag.name == "安全保障"
        assert scheduled.latest_revision.approved_go_live_at > timezone.now()
        assert scheduled.expire_at > scheduled.go_live_at
        # Until publish_scheduled makes it live, every column shows the promo for all columns.
        for column in ColumnPage.objects.all():
            assert select_promo(column).pk == live.pk
        column = ColumnPage.objects.filter(tags__name="安全保障").first()
        html = client.get(column.url).content.decode()
        assert 'class="line-promo"' in html and f"/promo/{live.pk}/go/?from={column.pk}" in html

    def test_demo_glossary_links_columns_and_lists_their_mentions(self, demo, client):
        from bs4 import BeautifulSoup

        from glossary.models import GlossaryIndexPage, GlossaryMention, GlossaryTermPage

        index = GlossaryIndexPage.objects.live().get()
        terms = GlossaryTermPage.objects.live().child_of(index)
        assert terms.count() >= 15
        mentioned = GlossaryMention.objects.filter(term__in=terms).values("term").distinct()
        assert mentioned.count() >= 10

        term = terms.get(title="拡大抑止")
        term_page = BeautifulSoup(client.get(term.url).content.decode(), "html.parser")
        listed = [a["href"] for a in term_page.select(".term-mentions li a")]
        assert len(listed) >= 2
        column = BeautifulSoup(client.get(listed[0]).content.decode(), "html.parser")
        assert term.url in [a["href"] for a in column.select(".column-body a.glossary-term")]
        assert "拡大抑止" in [dt.get_text() for dt in column.select(".column-terms dt")]
        home = BeautifulSoup(client.get("/").content.decode(), "html.parser")
        assert home.select_one(".glossary-link a")["href"] == index.url

    def test_same_date_columns_get_suffixed_slugs(self, demo):
        dates = Counter(ColumnPage.objects.values_list("publication_date", flat=True))
        shared = [date for date, n in dates.items() if n == 2]
        assert len(shared) == 1
        date = shared[0]
        same_day = ColumnPage.objects.filter(publication_date=date)
        slugs = sorted(same_day.values_list("slug", flat=True))
        base = date.strftime("%Y%m%d")
        assert slugs == [base, f"{base}-2"]

    def test_pages_answer(self, demo, client):
        assert client.get("/").status_code == 200
        assert client.get("/global-trend/").status_code == 200
        column = ColumnPage.objects.order_by("-publication_date", "-pk").first()
        response = client.get(column.url)
        assert response.status_code == 200
        assert column.title in response.content.decode()
        tag = column.tags.first()
        assert client.get(f"/tags/{tag.slug}/").status_code == 200

    def test_public_pages_never_skip_a_heading_level(self, demo, client):
        # Screen-reader users move by headings: one h1, and no h2 -> h4 jumps.
        column = ColumnPage.objects.order_by("-publication_date", "-pk").first()
        term = GlossaryTermPage.objects.order_by("path").first()
        urls = [
            "/",
            "/global-trend/",
            column.url,
            f"/tags/{column.tags.first().slug}/",
            "/glossary/",
            term.url,
            "/search/?q=拡大抑止",
            "/search/",
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            page = BeautifulSoup(response.content, "html.parser")
            levels = [int(h.name[1]) for h in page.find_all(re.compile(r"^h[1-6]$"))]
            assert levels.count(1) == 1, (url, levels)
            assert levels[0] == 1, (url, levels)
            for before, after in itertools.pairwise(levels):
                assert after <= before + 1, (url, levels)

    def test_admin_can_log_in(self, demo, client):
        assert f"「{DEFAULT_ADMIN_USER}」" in demo and f"「{DEFAULT_ADMIN_PASSWORD}」" in demo
        assert "http://127.0.0.1:8000/admin/" in demo
        user = get_user_model().objects.get(username=DEFAULT_ADMIN_USER)
        assert user.is_superuser and user.is_staff
        assert client.login(username=DEFAULT_ADMIN_USER, password=DEFAULT_ADMIN_PASSWORD)
        assert client.get("/admin/").status_code == 200

    def test_running_twice_changes_nothing(self, demo):
        before = counts()
        output = run_load_demo()
        assert "読み込み済み" in output
        assert counts() == before
        assert get_user_model().objects.filter(username=DEFAULT_ADMIN_USER).count() == 1


def test_admin_credentials_from_environment(db, monkeypatch, client):
    monkeypatch.setenv("DEMO_ADMIN_USER", "editor")
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "a-long-demo-secret")
    output = run_load_demo()
    assert "「editor」" in output and "a-long-demo-secret" in output
    assert not get_user_model().objects.filter(username=DEFAULT_ADMIN_USER).exists()
    assert client.login(username="editor", password="a-long-demo-secret")


def test_existing_user_is_left_alone(db, clean_env, client):
    get_user_model().objects.create_user(username=DEFAULT_ADMIN_USER, password="kept-secret")
    output = run_load_demo()
    assert "すでに存在する" in output
    assert get_user_model().objects.filter(username=DEFAULT_ADMIN_USER).count() == 1
    assert client.login(username=DEFAULT_ADMIN_USER, password="kept-secret")


def test_placeholder_image_needs_no_font(monkeypatch):
    from columns.demo import loader

    monkeypatch.setattr(loader, "FONT_CANDIDATES", ("no-such-font.ttf",))
    image = placeholder_image(datetime.date(2024, 4, 12), 0, 9)
    assert image.size == (1600, 900)
    assert image.mode == "RGB"


# -- the demo files ----------------------------------------------------------------


def test_demo_files_follow_the_legacy_format():
    files = demo_files()
    manifest = load_manifest()
    assert [p.name for p in files] == sorted(manifest["columns"])
    parsed = [legacy.parse(legacy.read(path), source=str(path)) for path in files]
    dates = [c.publication_date for c in parsed]
    assert dates == sorted(dates)
    assert {d.year for d in dates} == {2024, 2025}
    assert len(dates) - len(set(dates)) == 1  # exactly one pair shares a date
    seen = set()
    for path, column in zip(files, parsed, strict=True):
        text = path.read_text(encoding="utf-8")
        assert 1500 <= len(text) <= 3000, path.name
        assert column.series == "GLOBAL&TREND"
        assert 2 <= len(column.headings) <= 4, path.name
        assert len(column.images) == 1
        assert re.fullmatch(r"gt\d{8}(-\d)?\.jpg", column.images[0].text)
        assert [d.text for d in column.dropped] == ["一覧に戻る", "ライン登録"]
        assert all(legacy.normalize(b.title) in seen for b in column.back_numbers), path.name
        assert len(column.back_numbers) <= 5
        if len(seen) >= 3:
            assert len(column.back_numbers) >= 3, path.name
        seen.add(legacy.normalize(column.title))
        assert 2 <= len(manifest["columns"][path.name]["tags"]) <= 4


def test_quoted_phrases_recur_across_columns():
    texts = [path.read_text(encoding="utf-8") for path in demo_files()]
    phrases = Counter(p for text in texts for p in set(re.findall(r"「([^」]+)」", text)))
    assert sum(1 for n in phrases.values() if n >= 2) >= 3
    joined = "\n".join(texts)
    assert "ＰＡＣ３" in joined and "２＋２" in joined


def test_glossary_terms_csv():
    with TERMS_CSV.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["term", "reading", "aliases", "definition"]
        rows = list(reader)
    assert len(rows) >= 18
    terms = {row["term"] for row in rows}
    assert len(terms) == len(rows)
    for required in (
        "日米2プラス2",
        "拡大抑止",
        "統合作戦司令部",
        "DICAS",
        "PAC3",
        "パトリオット",
        "防衛装備移転三原則",
        "サプライチェーン",
    ):
        assert required in terms
    for row in rows:
        assert row["reading"] and re.fullmatch(r"[ぁ-ゖー]+", row["reading"]), row["term"]
        assert 0 < len(row["definition"]) <= 200
        assert "<" not in row["definition"]
    aliases = {row["term"]: row["aliases"].split("|") for row in rows}
    assert "2+2" in aliases["日米2プラス2"]
    assert {"JJOC", "統合作戦司令部(JJOC)"} <= set(aliases["統合作戦司令部"])
    demo_text = "\n".join(p.read_text(encoding="utf-8") for p in demo_files())
    mentioned = [term for term in terms if term in demo_text]
    assert len(mentioned) >= 15


# -- originality -----------------------------------------------------------------------


def _squash(text):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def seed_sentences(seed_text):
    """Sentences (split on 。 and line breaks) of the seed, minus the format's fixed lines."""
    lines = [line.strip() for line in seed_text.splitlines() if line.strip()]
    fixed = {lines[0], lines[0] + "バックナンバー", "一覧に戻る", "ライン登録"}
    for line in lines:
        if line in fixed:
            continue
        for sentence in line.split("。"):
            sentence = sentence.strip()
            if len(sentence) >= 15:
                yield sentence


def test_demo_text_copies_no_seed_sentence(seed_file):
    sentences = list(seed_sentences(seed_file.read_text(encoding="utf-8")))
    assert len(sentences) > 30
    for path in DEMO_TEXT_FILES:
        text = path.read_text(encoding="utf-8")
        squashed = _squash(text)
        for sentence in sentences:
            assert sentence not in text, (path.name, sentence)
            assert _squash(sentence) not in squashed, (path.name, sentence)


def test_demo_files_are_in_the_package():
    assert COLUMNS_DIR.is_dir()
    assert all(path.parent == COLUMNS_DIR for path in demo_files())
