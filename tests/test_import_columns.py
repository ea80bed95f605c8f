"""manage.py import_columns against a real database."""

import datetime
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.images import ImageFile
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.utils import translation
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from columns import legacy
from columns.importer import ColumnImportError, import_file, series_slug_for
from columns.models import (
    ColumnBackNumber,
    ColumnPage,
    ColumnSeriesIndexPage,
    ColumnTag,
)

Image = get_image_model()
JST = ZoneInfo("Asia/Tokyo")

SEED_HEADINGS = [
    "より緊密となる「統合軍司令部」の創設と「拡大抑止」",
    "国産「パトリオット」の生産増強へ",
    '"日米同盟 かつてないほど強固"',
]

MORNING_MARKET = """\
GLOBAL&TREND

港町の朝市をめぐる小さな旅

２０２３年１１月３日掲載

朝市は夜明け前に始まり、漁師や農家が持ち寄った品がずらりと並びます。<値札>も手書き&素朴です。

asaichi.jpg

港の歴史

この港は古くから交易の拠点として栄えてきました。

GLOBAL&TRENDバックナンバー

山あいの温泉地を歩く

存在しない回の題名

川沿いの桜並木と春の祭り

一覧に戻る

ライン登録
"""

HOT_SPRING = """\
GLOBAL&TREND

山あいの温泉地を歩く

2023年10月6日掲載

谷あいの小さな温泉街には、昔ながらの湯治宿が今も残っています。
"""


@pytest.fixture(autouse=True)
def english():
    # Assertions read the English msgids, whatever catalogs exist.
    with translation.override("en"):
        yield


@pytest.fixture
def write(tmp_path):
    def write(name, text, encoding="utf-8"):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
        return path

    return write


@pytest.fixture
def images_dir(tmp_path):
    directory = tmp_path / "images"
    directory.mkdir()
    PILImage.new("RGB", (64, 48), "navy").save(directory / "asaichi.jpg")
    return directory


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_columns", *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def counts():
    return {
        "pages": Page.objects.count(),
        "images": Image.objects.count(),
        "revisions": Revision.objects.count(),
        "tags": ColumnTag.objects.count(),
        "back_numbers": ColumnBackNumber.objects.count(),
    }


def body_of(page, kind):
    return [child.value for child in page.body if child.block_type == kind]


# -- the publisher's real column ---------------------------------------------------


def test_seed_imports_into_a_new_series(home, seed_file):
    out, err, error = run(seed_file)
    assert error is None, err
    series = ColumnSeriesIndexPage.objects.get()
    assert (series.title, series.slug, series.live) == ("GLOBAL&TREND", "global-trend", True)
    page = ColumnPage.objects.get()
    assert page.get_parent().pk == series.pk
    assert page.publication_date == datetime.date(2024, 8, 9)
    assert page.slug == "20240809"
    assert page.live
    assert [(h["text"], h["level"]) for h in body_of(page, "heading")] == [
        (text, "h2") for text in SEED_HEADINGS
    ]

    column = legacy.parse(legacy.read(seed_file))
    assert page.title == column.title
    assert len(body_of(page, "paragraph")) == len(column.paragraphs)
    assert len(page.lead) <= 120
    assert page.lead.endswith("…")
    assert column.paragraphs[0].text.startswith(page.lead[:-1])

    # No --images: the hero is missing, which is a warning, not an error.
    assert f"{seed_file}:9: warning: image gt20240809.jpg" in out
    assert page.hero_image is None
    [image_block] = body_of(page, "image")
    assert image_block["image"] is None
    assert image_block["source_name"] == "gt20240809.jpg"

    # The series held no other column, so no back number matched.
    for item in column.back_numbers:
        assert f"{seed_file}:{item.line}: warning: back number “{item.title}”" in out
    assert out.count(": warning: back number") == 5
    assert not page.curated_back_numbers.exists()
    assert f"{seed_file}: imported" in out


def test_seed_dry_run_prints_the_structure(home, seed_file):
    before = counts()
    out, err, error = run(seed_file, "--dry-run")
    assert error is None, err
    assert counts() == before
    assert "dry run, nothing written" in out
    assert "series: GLOBAL&TREND (new, slug global-trend)" in out
    assert "date: 2024-08-09" in out
    assert "headings: 3" in out
    for heading in SEED_HEADINGS:
        assert heading in out
    assert "    9: gt20240809.jpg" in out
    assert "back numbers: 5" in out
    assert "dropped lines: 2" in out


# -- images ------------------------------------------------------------------------


def test_images_dir_sets_hero_and_block_image(series, write, images_dir):
    path = write("market.txt", MORNING_MARKET)
    out, err, error = run(path, "--images", images_dir)
    assert error is None, err
    assert "warning: image" not in out
    page = ColumnPage.objects.get()
    image = Image.objects.get()
    assert image.title == "asaichi.jpg"
    assert (image.width, image.height) == (64, 48)
    assert image.file_hash
    assert page.hero_image == image
    assert page.hero_alt == page.title
    [block] = body_of(page, "image")
    assert block["image"] == image
    assert block["alt"] == page.title
    assert block["source_name"] == "asaichi.jpg"


def test_missing_image_file_is_a_warning(series, write, tmp_path):
    empty = tmp_path / "no-images"
    empty.mkdir()
    path = write("market.txt", MORNING_MARKET)
    out, err, error = run(path, "--images", empty)
    assert error is None, err
    assert f"{path}:9: warning: image asaichi.jpg not found in {empty}" in out
    page = ColumnPage.objects.get()
    assert page.hero_image is None
    assert body_of(page, "image")[0]["source_name"] == "asaichi.jpg"
    assert not Image.objects.exists()


def test_existing_image_with_the_same_content_is_reused(series, write, images_dir):
    with (images_dir / "asaichi.jpg").open("rb") as handle:
        existing = Image(title="朝市の写真", file=ImageFile(handle, name="uploaded.jpg"))
        existing._set_image_file_metadata()
        existing.save()
    run(write("market.txt", MORNING_MARKET), "--images", images_dir)
    assert Image.objects.count() == 1
    assert ColumnPage.objects.get().hero_image == existing


# -- content -----------------------------------------------------------------------


def test_paragraphs_are_escaped_rich_text_and_lead_is_the_first(series, write):
    run(write("market.txt", MORNING_MARKET))
    page = ColumnPage.objects.get()
    first = body_of(page, "paragraph")[0].source
    assert first.startswith("<p>朝市は夜明け前に")
    assert "&lt;値札&gt;も手書き&amp;素朴です。</p>" in first
    assert page.lead.startswith("朝市は夜明け前に")
    assert "<" in page.lead  # plain text, escaped only where rendered
    assert [h["text"] for h in body_of(page, "heading")] == ["港の歴史"]


def test_tags_are_added(series, write):
    run(write("market.txt", MORNING_MARKET), "--tags", "港町, 食文化")
    page = ColumnPage.objects.get()
    assert sorted(page.tags.names()) == ["港町", "食文化"]


def test_bad_arguments_are_refused_before_any_file(series, write, tmp_path):
    path = write("market.txt", MORNING_MARKET)
    for args in (
        ["--tags", "長" * 101],
        ["--series", "global trend"],
        ["--images", tmp_path / "nowhere"],
    ):
        *_, error = run(path, *args)
        assert error is not None
    assert not ColumnPage.objects.exists()


def test_published_with_the_publication_date_in_japan(series, write):
    run(write("market.txt", MORNING_MARKET))
    page = ColumnPage.objects.get()
    assert page.live
    assert page.first_published_at == datetime.datetime(2023, 11, 3, tzinfo=JST)
    assert not page.has_unpublished_changes


# -- back numbers ------------------------------------------------------------------


def test_matched_back_numbers_become_the_curated_list_in_order(series, make_column, write):
    # Created in the opposite order of the file, with differing width and spaces.
    spring = make_column(title="川沿いの桜並木と春の祭り", date=datetime.date(2023, 4, 7))
    onsen = make_column(title="山あいの温泉地を歩く　", date=datetime.date(2023, 10, 6))
    path = write("market.txt", MORNING_MARKET)
    out, err, error = run(path)
    assert error is None, err
    page = ColumnPage.objects.get(title="港町の朝市をめぐる小さな旅")
    curated = [item.column for item in page.curated_back_numbers.order_by("sort_order")]
    assert curated == [onsen, spring]
    assert page.back_numbers() == [onsen, spring]
    assert f"{path}:19: warning: back number “存在しない回の題名” matches no column" in out
    assert out.count("warning: back number") == 1


def test_back_numbers_match_columns_imported_earlier_in_the_run(series, write):
    older = write("onsen.txt", HOT_SPRING)
    newer = write("market.txt", MORNING_MARKET)
    run(older, newer)
    page = ColumnPage.objects.get(title="港町の朝市をめぐる小さな旅")
    assert [item.column.title for item in page.curated_back_numbers.all()] == [
        "山あいの温泉地を歩く"
    ]


# -- bad input ---------------------------------------------------------------------

BAD_FILES = {
    "empty": ("", 1, "the file is empty"),
    "not_utf8": ("GLOBAL&TREND\n\n港町の話\n".encode("shift_jis"), 3, "not UTF-8"),
    "no_title": ("GLOBAL&TREND\n", 1, "no title"),
    "no_date": ("GLOBAL&TREND\n港町の話\n\n本文です。\n", 4, "no publication date"),
    "impossible_date": ("GLOBAL&TREND\n港町の話\n2024年2月30日掲載\n", 3, "impossible"),
}


@pytest.mark.parametrize("case", [*BAD_FILES, "missing"])
def test_bad_file_fails_alone_and_writes_nothing(series, write, tmp_path, case):
    if case == "missing":
        bad, line, reason = tmp_path / "missing.txt", 0, "no such file"
    else:
        text, line, reason = BAD_FILES[case]
        bad = write(f"{case}.txt", text)
    good = write("market.txt", MORNING_MARKET)
    before = counts()

    out, err, error = run(bad, "--tags", "港町")
    assert error is not None
    assert f"{bad}:{line}: " in err
    assert reason in err
    assert counts() == before

    # In a run with a good file, the good one is imported and the run still fails.
    out, err, error = run(bad, good, "--tags", "港町")
    assert error is not None
    assert "1 of 2 files were not imported" in str(error)
    assert f"{bad}:{line}: " in err
    assert [p.title for p in ColumnPage.objects.all()] == ["港町の朝市をめぐる小さな旅"]
    assert f"{good}: imported" in out


def test_command_line_exit_status_and_stderr(series, write, capsys, monkeypatch):
    bad = write("impossible.txt", BAD_FILES["impossible_date"][0])
    good = write("market.txt", MORNING_MARKET)
    # The command line closes database connections when done; the test's
    # transaction must outlive it.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    with pytest.raises(SystemExit) as info:
        execute_from_command_line(["manage.py", "import_columns", str(bad), str(good)])
    assert info.value.code == 1
    captured = capsys.readouterr()
    assert f"{bad}:3: impossible publication date 2024年2月30日" in captured.err
    assert f"{good}: imported" in captured.out
    assert ColumnPage.objects.count() == 1


def test_failure_while_saving_rolls_everything_back(home, write, images_dir, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    path = write("long.txt", MORNING_MARKET.replace("港町の朝市をめぐる小さな旅", "長" * 300))
    before = counts()
    _out, err, error = run(path, "--images", images_dir)
    assert error is not None
    assert f"{path}:3: the column cannot be saved" in err
    assert counts() == before  # not even the new series
    # The image file stored before the failure is removed again.
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_no_home_page_is_a_clear_error(db, write):
    with pytest.raises(ColumnImportError) as info:
        import_file(write("market.txt", MORNING_MARKET))
    assert "no home page" in str(info.value)
    assert not ColumnPage.objects.exists()


# -- re-import, dry run, draft -----------------------------------------------------


def test_importing_twice_updates_the_same_page(series, make_column, write, images_dir):
    make_column(title="山あいの温泉地を歩く", date=datetime.date(2023, 10, 6))
    path = write("market.txt", MORNING_MARKET)
    args = (path, "--images", images_dir, "--tags", "港町,食文化")
    run(*args)
    first = counts()
    out, err, error = run(*args)
    assert error is None, err
    assert f"{path}: updated" in out

    page = ColumnPage.objects.get(title="港町の朝市をめぐる小さな旅")
    assert ColumnPage.objects.filter(title=page.title).count() == 1
    assert Image.objects.count() == 1
    assert sorted(page.tags.names()) == ["港町", "食文化"]
    assert page.curated_back_numbers.count() == 1
    assert page.revisions.count() == 2
    assert counts() == {**first, "revisions": first["revisions"] + 1}


def test_dry_run_writes_nothing(series, write, images_dir):
    before = counts()
    path = write("market.txt", MORNING_MARKET)
    out, err, error = run(path, "--dry-run", "--images", images_dir, "--tags", "港町")
    assert error is None, err
    assert counts() == before
    assert "series: GLOBAL&TREND (existing, /global-trend/)" in out
    assert "title: 港町の朝市をめぐる小さな旅" in out
    assert "date: 2023-11-03" in out
    assert "paragraphs: 2" in out
    assert "    11: 港の歴史" in out
    assert "    9: asaichi.jpg" in out
    assert "    17: 山あいの温泉地を歩く" in out
    # The warnings a real import would give.
    assert f"{path}:19: warning: back number" in out


def test_draft_is_not_live_and_not_public(series, write, client):
    path = write("market.txt", MORNING_MARKET)
    out, err, error = run(path, "--draft")
    assert error is None, err
    assert f"{path}: imported “港町の朝市をめぐる小さな旅” (2023-11-03) as a draft" in out
    page = ColumnPage.objects.get()
    assert not page.live
    assert page.first_published_at is None
    assert page.revisions.count() == 1
    assert client.get(page.url).status_code == 404


def test_draft_reimport_of_a_live_column_keeps_it_live(series, write):
    path = write("market.txt", MORNING_MARKET)
    run(path)
    write("market.txt", MORNING_MARKET.replace("栄えてきました。", "栄えてきた町です。"))
    out, err, error = run(path, "--draft")
    assert error is None, err
    assert "the published version at /global-trend/20231103/ is unchanged" in out
    page = ColumnPage.objects.get()
    assert page.live
    assert page.has_unpublished_changes
    assert "栄えてきました。" in str(page.body)
    assert "栄えてきた町です。" in str(page.get_latest_revision_as_object().body)


def test_publishing_an_imported_draft(series, write):
    path = write("market.txt", MORNING_MARKET)
    run(path, "--draft")
    _out, err, error = run(path)
    assert error is None, err
    page = ColumnPage.objects.get()
    assert page.live
    assert page.first_published_at == datetime.datetime(2023, 11, 3, tzinfo=JST)
    assert page.revisions.count() == 2


def test_reimport_keeps_an_image_chosen_by_an_editor(series, write, images_dir, tmp_path):
    path = write("market.txt", MORNING_MARKET)
    run(path, "--images", images_dir)
    image = Image.objects.get()
    # Later the image directory is gone: the page keeps its images.
    _out, err, error = run(path)
    assert error is None, err
    page = ColumnPage.objects.get()
    assert page.hero_image == image
    assert body_of(page, "image")[0]["image"] == image


# -- series --------------------------------------------------------------------------


def test_series_by_slug(series, home, write):
    other = ColumnSeriesIndexPage(title="別のシリーズ", slug="other")
    home.add_child(instance=other)
    run(write("market.txt", MORNING_MARKET), "--series", "other")
    assert ColumnPage.objects.get().get_parent().pk == other.pk


def test_new_series_gets_the_given_slug(home, write):
    run(write("market.txt", MORNING_MARKET), "--series", "gt")
    series = ColumnSeriesIndexPage.objects.get()
    assert (series.title, series.slug) == ("GLOBAL&TREND", "gt")


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("GLOBAL&TREND", "global-trend"),
        ("経済 コラム", "経済-コラム"),
        ("ＡＩ！最前線", "ai-最前線"),
    ],
)
def test_series_slug_for(name, slug):
    assert series_slug_for(name) == slug


def test_import_file_api(series, write):
    result = import_file(write("market.txt", MORNING_MARKET), tags=["港町"])
    assert result.created and result.published and not result.series_created
    assert result.page.title == "港町の朝市をめぐる小さな旅"
    assert result.series.pk == series.pk
    assert any(":9: warning: image asaichi.jpg" in w for w in result.warnings)
    assert result.page.tags.names()[0] == "港町"


def test_editors_read_errors_in_japanese(series, write):
    bad = write("impossible.txt", BAD_FILES["impossible_date"][0])
    with translation.override("ja"):
        _out, err, error = run(bad)
    assert error is not None
    assert f"{bad}:3: 存在しない掲載日です：2024年2月30日" in err
