"""The legacy export parser alone: no database, no Django."""

import ast
import datetime
from pathlib import Path

import pytest

from columns import legacy
from columns.legacy import LegacyFormatError, parse

SAMPLE = """\
GLOBAL&TREND

港町の朝市をめぐる小さな旅

２０２３年１１月３日掲載

朝市は夜明け前に始まり、漁師や農家が持ち寄った品がずらりと並びます。

asaichi.JPG

港の歴史

この港は古くから交易の拠点として栄えてきました。
「また来年も来たい。」と話す人が多くいます。

旬の魚介を味わう「朝ごはん」

秋から冬にかけては、脂ののった魚が多く水揚げされます。

GLOBAL&TRENDバックナンバー

山あいの温泉地を歩く

川沿いの桜並木と春の祭り

一覧に戻る

ライン登録
"""


def kinds(column):
    return [(block.kind, block.line) for block in column.blocks]


def test_header_and_date_with_full_width_digits():
    column = parse(SAMPLE, "sample.txt")
    assert column.source == "sample.txt"
    assert (column.series, column.series_line) == ("GLOBAL&TREND", 1)
    assert (column.title, column.title_line) == ("港町の朝市をめぐる小さな旅", 3)
    assert column.publication_date == datetime.date(2023, 11, 3)
    assert column.date_line == 5


def test_blocks_in_order_with_source_line_numbers():
    column = parse(SAMPLE)
    assert kinds(column) == [
        ("paragraph", 7),
        ("image", 9),
        ("heading", 11),
        ("paragraph", 13),
        ("paragraph", 14),
        ("heading", 16),
        ("paragraph", 18),
    ]
    assert column.images[0].text == "asaichi.JPG"
    assert [h.text for h in column.headings] == ["港の歴史", "旬の魚介を味わう「朝ごはん」"]


def test_back_number_section_and_dropped_ui_lines():
    column = parse(SAMPLE)
    assert column.back_numbers_line == 20
    assert [(b.title, b.line) for b in column.back_numbers] == [
        ("山あいの温泉地を歩く", 22),
        ("川沿いの桜並木と春の祭り", 24),
    ]
    assert [(d.text, d.line) for d in column.dropped] == [("一覧に戻る", 26), ("ライン登録", 28)]


def test_everything_after_the_back_link_is_dropped():
    text = "S\nT\n2024年1月5日掲載\n本文です。\n一覧に戻る\n関連記事のご案内です。\nphoto.jpg\n"
    column = parse(text)
    assert [b.kind for b in column.blocks] == ["paragraph"]
    assert [d.text for d in column.dropped] == ["一覧に戻る", "関連記事のご案内です。", "photo.jpg"]


def test_ui_line_without_back_link_is_still_dropped():
    text = "S\nT\n2024年1月5日掲載\n本文です。\nSバックナンバー\n古い回の題名\nLINE登録\n"
    column = parse(text)
    assert [b.title for b in column.back_numbers] == ["古い回の題名"]
    assert [(d.text, d.line) for d in column.dropped] == [("LINE登録", 7)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("港の歴史", "heading"),
        ("旬の魚介を味わう「朝ごはん」", "heading"),
        ('"遠くて近い 二つの港"', "heading"),
        ("魚がよく売れました。", "paragraph"),
        ("「また来たい。」", "paragraph"),
        ("本当にそうでしょうか？", "paragraph"),
        ("すごい!", "paragraph"),
        ("丸で終わる文．", "paragraph"),
        ("長" * legacy.HEADING_MAX_CHARS, "heading"),
        ("長" * (legacy.HEADING_MAX_CHARS + 1), "paragraph"),
    ],
)
def test_heading_rule(line, expected):
    column = parse(f"S\nT\n2024年1月5日掲載\n{line}\n")
    assert column.blocks[0].kind == expected


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("photo.jpg", "photo.jpg"),
        ("PHOTO.JPEG", "PHOTO.JPEG"),
        ("chart_2024.png", "chart_2024.png"),
        ("anim.gif", "anim.gif"),
        ("pic.WebP", "pic.WebP"),
        ("img/photos/pic.png", "pic.png"),
        ("https://old.example.jp/img/pic.jpg", "pic.jpg"),
    ],
)
def test_image_lines(line, name):
    column = parse(f"S\nT\n2024年1月5日掲載\n{line}\n")
    assert column.blocks[0].kind == "image"
    assert column.blocks[0].text == name


@pytest.mark.parametrize("line", ["my photo.jpg", "photo.bmp", "写真はphoto.jpgです。"])
def test_not_image_lines(line):
    column = parse(f"S\nT\n2024年1月5日掲載\n{line}\n")
    assert column.blocks[0].kind != "image"


def test_crlf_bom_and_blank_lines_keep_line_numbers():
    text = "\ufeffS\r\n\r\nT\r\n\r\n2024年1月5日掲載\r\n\r\n\r\n本文です。\r\n"
    column = parse(text)
    assert column.series == "S"
    assert column.blocks[0].line == 8


@pytest.mark.parametrize(
    "date_line",
    ["2024年8月9日掲載", "２０２４年８月９日掲載", "2024年 8月 9日 掲載", "2024年08月09日"],
)
def test_date_line_variants(date_line):
    assert parse(f"S\nT\n{date_line}\n").publication_date == datetime.date(2024, 8, 9)


# -- errors ------------------------------------------------------------------


def error_of(text):
    with pytest.raises(LegacyFormatError) as info:
        parse(text, "bad.txt")
    return info.value


@pytest.mark.parametrize("text", ["", "\n\n  \n", "\ufeff", "\u3000\n"])
def test_empty(text):
    error = error_of(text)
    assert (error.code, error.line) == ("empty", 1)
    assert str(error).startswith("bad.txt:1: empty")


def test_series_name_only_has_no_title():
    for text in ["GLOBAL&TREND", "GLOBAL&TREND\n", "\nGLOBAL&TREND\n\n\n"]:
        error = error_of(text)
        assert error.code == "no_title"
        # The line the title should follow.
        assert error.line == text.split("\n").index("GLOBAL&TREND") + 1


def test_date_right_after_series_has_no_title():
    error = error_of("GLOBAL&TREND\n\n2024年8月9日掲載\n本文です。\n")
    assert (error.code, error.line) == ("no_title", 3)
    assert error.params["found"] == "2024年8月9日掲載"


def test_missing_date_line():
    error = error_of("S\n\nT\n\n")
    assert (error.code, error.line) == ("no_date", 3)


@pytest.mark.parametrize("line", ["2024年8月掲載", "掲載日 2024/8/9", "本文がすぐに始まります。"])
def test_garbled_date_line(line):
    error = error_of(f"S\nT\n\n{line}\n本文です。\n")
    assert (error.code, error.line) == ("no_date", 4)
    assert error.params["found"] == line


@pytest.mark.parametrize(
    "line", ["2024年2月30日掲載", "２０２３年１３月１日掲載", "2023年2月29日掲載"]
)
def test_impossible_date(line):
    error = error_of(f"S\nT\n{line}\n")
    assert (error.code, error.line) == ("impossible_date", 3)
    assert set(error.params) == {"year", "month", "day"}


def test_leap_day_is_possible():
    assert parse("S\nT\n2024年2月29日掲載\n").publication_date == datetime.date(2024, 2, 29)


def test_not_utf8_names_the_line_of_the_bad_byte(tmp_path):
    path = tmp_path / "sjis.txt"
    path.write_bytes("GLOBAL&TREND\n\n港の話\n".encode("shift_jis"))
    with pytest.raises(LegacyFormatError) as info:
        legacy.read(path)
    assert (info.value.code, info.value.line) == ("not_utf8", 3)
    assert info.value.source == str(path)


def test_read_tolerates_bom(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "S\nT\n2024年1月5日掲載\n".encode())
    assert parse(legacy.read(path)).series == "S"


def test_normalize():
    assert legacy.normalize(" ＡＩ大国　カナダ\t の話 ") == "AI大国 カナダ の話"


def test_parser_does_not_import_django():
    tree = ast.parse(Path(legacy.__file__).read_text(encoding="utf-8"))
    modules = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    modules |= {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not {m for m in modules if m.split(".")[0] in {"django", "wagtail", "columns"}}


# -- the publisher's real column -------------------------------------------------


def test_seed(seed_file):
    column = parse(legacy.read(seed_file), str(seed_file))
    assert column.series == "GLOBAL&TREND"
    assert column.publication_date == datetime.date(2024, 8, 9)
    assert [h.text for h in column.headings] == [
        "より緊密となる「統合軍司令部」の創設と「拡大抑止」",
        "国産「パトリオット」の生産増強へ",
        '"日米同盟 かつてないほど強固"',
    ]
    assert [(i.text, i.line) for i in column.images] == [("gt20240809.jpg", 9)]
    assert len(column.back_numbers) == 5
    assert [d.text for d in column.dropped] == ["一覧に戻る", "ライン登録"]
    # Every body line that is not a heading or image is a paragraph, in file order.
    lines = [block.line for block in column.blocks]
    assert lines == sorted(lines)
    assert column.back_numbers[0].line > lines[-1]
