"""Tests for glossary.textnorm: the normalisation the linker matches on."""

import html
import itertools
import random
import sys
import unicodedata
from pathlib import Path

import pytest

from glossary.textnorm import (
    FOLDS,
    JOINING,
    MARK,
    fold_case,
    map_offset,
    mark_runs,
    needs_slow_path,
    normalize,
    normalize_many,
    normalize_marked,
    normalize_simple,
    normalize_with_map,
)

FOLD_TABLE = str.maketrans(FOLDS)


def nfkc(text):
    return unicodedata.normalize("NFKC", text).translate(FOLD_TABLE)


def test_textnorm_has_no_django_imports():
    import glossary.linker
    import glossary.textnorm

    for module in (glossary.textnorm, glossary.linker):
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert "django" not in source.lower().replace("no django", "")
    assert "ahocorasick_rs" in sys.modules


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＰＡＣ３", "PAC3"),
        ("２＋２", "2+2"),
        ("ﾊﾟﾄﾘｵｯﾄ", "パトリオット"),
        ("（ＪＪＯＣ）", "(JJOC)"),
        ("〜～~⁓", "~~~~"),
        ("−‐‑－-", "-----"),
        ("㈱", "(株)"),
        ("…", "..."),
        ("ー", "ー"),  # the prolonged sound mark is left alone
        ("ｰ", "ー"),
        ("A\u3000B\u00a0C", "A B C"),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


def test_fold_case_keeps_length():
    for text in ["PAC3", "İstanbul", "ΟΔΟΣ ΟΔΟΣ", "Straße", "ǅ", "ﬃ"]:
        assert len(fold_case(text)) == len(text)
    assert fold_case("İ") == "İ"  # its lower case is two characters
    assert fold_case("İSTANBUL") == "İstanbul"
    assert fold_case("ΟΔΟΣ") == fold_case("οδοσ") == "οδοσ"


def test_every_simple_bmp_character_normalises_to_one_character():
    # The fast path relies on this: a character that is not special maps to
    # exactly one character, and never combines with its neighbours.
    for cp in range(0x10000):
        if 0xD800 <= cp < 0xE000:
            continue
        ch = chr(cp)
        if ch == "&" or needs_slow_path(ch):
            continue
        assert len(nfkc(ch)) == 1, hex(cp)
        assert normalize_simple(ch) == nfkc(ch), hex(cp)
        assert unicodedata.combining(unicodedata.normalize("NFKD", ch)[0]) == 0, hex(cp)


def test_joining_characters_are_special():
    assert all(needs_slow_path(ch) for ch in JOINING)
    for ch in ["\u0301", "\uff9e", "\uff9f", "\u3099", "\u309a", "\u1161", "\u11a8", "\u09be"]:
        assert ch in JOINING, hex(ord(ch))
    for ch in ["a", "ハ", "ﾊ", "é", "가", "…", "㈱"]:
        assert ch not in JOINING


def test_characters_beyond_the_bmp_are_special():
    assert needs_slow_path("😀") and needs_slow_path("𠮷") and needs_slow_path("𝐀")
    assert normalize_with_map("𝐀𝐁")[0] == "AB"


ALPHABET = (
    "抑止力拡大日米プラスパトリオッハ"
    "ﾊﾟﾞﾄﾘｵｯｰ"
    "ＰＡＣ３２＋（）ｐ"
    "PAC32+()pacxX "
    "㈱株….〜~−-‐㍻"
    "e\u0301é\u0308"
    "가\u1161\u11a8\u1100"
    "\u09c7\u09be"
    "A\u3000K\u212a"
    "😀𠮷"
)
REFS = [
    "&amp;",
    "&lt;",
    "&#x30D1;",
    "&#12497;",
    "&nbsp;",
    "&ampx",
    "&#1;",
    "&NotEqualTilde;",
    "&#x301;",
    "&#xff9f;",
    "&",
    "&&",
    "&#",
    "&copy",
]


def random_text(rng, size):
    out = []
    for _ in range(size):
        out.append(rng.choice(REFS) if rng.random() < 0.15 else rng.choice(ALPHABET))
    return "".join(out)


def test_normalize_with_map_agrees_with_whole_text_nfkc():
    rng = random.Random(20240809)
    for _ in range(3000):
        src = random_text(rng, rng.randint(0, 25))
        norm, nmap = normalize_with_map(src)
        assert norm == nfkc(html.unescape(src)), src
        # Boundaries map back monotonically, from 0 to the whole source.
        offsets = [map_offset(nmap, p) for p in range(len(norm) + 1)]
        valid = [o for o in offsets if o is not None]
        # (a reference to a dropped code point reads as nothing: skipped at the start)
        assert html.unescape(src[: valid[0]]) == "" and valid[-1] == len(src)
        assert valid == sorted(valid)
        # Between two valid boundaries the source normalises to that stretch.
        points = [(p, o) for p, o in enumerate(offsets) if o is not None]
        for (p1, o1), (p2, o2) in itertools.pairwise(points):
            assert nfkc(html.unescape(src[o1:o2])) == norm[p1:p2], (src, p1, p2)


def test_normalize_with_map_units():
    norm, nmap = normalize_with_map("aﾊﾟ㈱&amp;b")
    assert norm == "aパ(株)&b"
    assert [map_offset(nmap, p) for p in range(len(norm) + 1)] == [0, 1, 3, None, None, 4, 9, 10]


def test_fast_path_has_no_map():
    assert normalize_with_map("ＰＡＣ３と抑止") == ("PAC3と抑止", None)


def test_normalize_many_equals_one_at_a_time():
    rng = random.Random(7)
    assert normalize_many([]) == []
    for _ in range(300):
        texts = [
            "".join(rng.choice(ALPHABET + "&<") for _ in range(rng.randint(0, 6)))
            for _ in range(rng.randint(1, 8))
        ]
        assert normalize_many(texts) == [normalize(t) for t in texts]
    assert normalize_many(["a\x00b", "ＰＡＣ３"]) == ["a\x00b", "PAC3"]


def test_mark_runs():
    assert mark_runs("PAC3を2+2と") == f"{MARK}PAC3{MARK}を{MARK}2{MARK}+{MARK}2{MARK}と"
    assert mark_runs("ab\x00cd") == f"{MARK}ab{MARK}\x00{MARK}cd{MARK}"
    assert mark_runs("抑止。é") == "抑止。é"  # only ASCII letters and digits
    assert mark_runs("") == ""


def test_the_mark_never_comes_out_of_normalisation():
    # The linker relies on it: a mark in the text is always one it put there.
    for cp in range(0x10000):
        if not 0xD800 <= cp < 0xE000:
            assert MARK not in fold_case(normalize(chr(cp))), hex(cp)
    assert MARK not in normalize_with_map("&nbsp;&#xa0;&NonBreakingSpace;\xa0")[0]


def test_normalize_marked_is_normalize_with_map_with_marks():
    rng = random.Random(20250611)
    for _ in range(3000):
        src = random_text(rng, rng.randint(0, 25))
        marked, nmap = normalize_marked(src)
        norm, expected = normalize_with_map(src)
        assert marked == mark_runs(norm), src
        assert nmap == expected, src
    # runs made of full-width and half-width characters, and across units
    assert normalize_marked("ＰＡＣ３と（ＪＪＯＣ）")[0] == mark_runs("PAC3と(JJOC)")
    assert normalize_marked("5㎏")[0] == mark_runs("5kg")
    assert normalize_marked("A&amp;T")[0] == mark_runs("A&T")
