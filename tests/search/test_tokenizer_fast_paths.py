"""columns/japanese.py's shortcuts give exactly the tokens of the plain definition.

tokens() normalises only the sentences that need NFKC, gives Sudachi a few lines
at a time and looks dictionary words up by their word id; the index must not
change because of any of them. The plain definition below is what the module's
docstring describes, done the slow way: the whole text to Sudachi at once.
"""

import random
import re
import unicodedata
from itertools import pairwise
from pathlib import Path

import pytest

from columns import japanese
from columns.japanese import tokens

from .conftest import CORPUS, TERMS

TOKEN = re.compile(r"[^\W_]+")
DEMO_COLUMNS = Path(__file__).resolve().parents[2] / "columns" / "demo" / "columns"


def plain_spans(text):
    """(token, start, end): NFKC of the whole text, Sudachi on all of it (up to its size
    limit), and each normalised form's letter and digit runs."""
    text = re.sub("[\ud800-\udfff]", "", unicodedata.normalize("NFKC", text))
    spans = []
    for offset, piece in japanese._chunks(text):
        for morpheme in japanese._tokenizer().tokenize(piece):
            form = unicodedata.normalize("NFKC", morpheme.surface()).casefold()
            start, end = offset + morpheme.begin(), offset + morpheme.end()
            spans += [
                (word[: japanese.MAX_TOKEN_CHARS], start, end) for word in TOKEN.findall(form)
            ]
    return spans


def plain_tokens(text):
    return [word for word, _start, _end in plain_spans(text)]


@pytest.mark.parametrize("separator", ["\n", "。"])
def test_nfkc_never_joins_anything_to_a_line_break_or_a_full_stop(separator):
    # Why normalising sentence by sentence is exact: no character, on either
    # side, combines with the separators or moves across them.
    characters = [chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF]
    whole = unicodedata.normalize("NFKC", separator + separator.join(characters) + separator)
    assert (
        whole
        == separator
        + separator.join(unicodedata.normalize("NFKC", c) for c in characters)
        + separator
    )


def test_text_is_normalised_as_a_whole_would_be():
    text = "ＰＡＣ３の配備。\nｶﾞｲﾄﾞﾗｲﾝ（指針）。が\u3099。\n\u3099冒頭。㈱①…。Å\u030a"
    assert japanese._nfkc(text) == unicodedata.normalize("NFKC", text)
    assert japanese._nfkc("日米。") == "日米。"


def test_the_demo_columns_and_the_test_corpus_give_the_plain_tokens():
    texts = [path.read_text() for path in sorted(DEMO_COLUMNS.glob("*.txt"))]
    assert len(texts) >= 5
    texts += ["\n".join([title, lead, *body, *tags]) for title, _d, lead, body, tags in CORPUS]
    texts += [
        "\n".join([term, reading, definition, *aliases])
        for term, reading, definition, aliases in TERMS
    ]
    for text in texts:
        assert tokens(text) == plain_tokens(text)


def test_long_texts_are_cut_only_after_a_line_break_that_follows_a_character():
    text = japanese._clean((DEMO_COLUMNS / "01_20240412.txt").read_text())
    pieces = list(japanese._sudachi_pieces(text))
    assert len(pieces) >= 5
    for (offset, piece), (next_offset, next_piece) in pairwise(pieces):
        assert text[offset : offset + len(piece)] == piece
        assert len(piece) > japanese.PIECE_CHARS
        # The next piece starts with the run of line breaks and spaces this one ends with.
        run = text[next_offset : offset + len(piece)]
        assert run.startswith("\n") and not run.strip()
        assert next_piece.startswith(run) and not next_piece[len(run)].isspace()
        assert not text[next_offset - 1].isspace()
    assert pieces[-1][0] + len(pieces[-1][1]) == len(text)


def test_mixed_scripts_widths_numbers_and_marks_give_the_plain_tokens(monkeypatch):
    # Pieces as short as can be: every possible cut is made.
    monkeypatch.setattr(japanese, "PIECE_CHARS", 1)
    pieces = [
        *"日米拡大抑止三千億二〇二四年十二月、。\n 　（）！？…①㈱",
        "パトリオット", "ﾊﾟﾄﾘｵｯﾄ", "ＰＡＣ３", "pac3", "3.5%", "1,000",
        "\u3099", "\u309a", "\u0301", "ｶﾞ", "ｰ", "〜", "ーー",
        "サプライチェーン", "グワッシャーン", "qwrtp", "Tokyo", "國際", "附属",
        "\U0002000b", "\u200b", "\ufeff",
        *["\n"] * 8, "\n\n", "\n \n", " \n", "\r\n", "\t", "\v", "1\n2", "(\nかな)",
        "モーニング娘。", "漢字(かな)", "最も",
    ]  # fmt: skip
    rng = random.Random(5)
    for _ in range(1_500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        assert tokens(text) == plain_tokens(text), text
        # The highlighter finds the same words at the same places.
        assert list(japanese._spans(japanese._clean(text))) == plain_spans(text)


def test_words_outside_the_dictionary_are_not_taken_for_each_other():
    # Unknown words and joined numbers share word ids; each keeps its own form.
    for _ in range(2):
        assert tokens("二〇二四年") == ["2024", "年"]
        assert tokens("三千億円") == ["300000000000", "円"]
        assert tokens("qwrtp abcdefghq") == ["qwrtp", "abcdefghq"]
        assert tokens("グワッシャーンとドゥルルルン") == plain_tokens(
            "グワッシャーンとドゥルルルン"
        )


def test_tokens_stay_the_same_when_the_word_cache_is_full(monkeypatch):
    text = "日米の拡大抑止とパトリオット（ＰＡＣ３）の共同生産。" * 3
    expected = plain_tokens(text)
    monkeypatch.setattr(japanese, "_MAX_CACHED_WORDS", 3)
    assert tokens(text) == expected
    assert len(japanese._words_by_id) > 3
    assert tokens(text) == expected
    assert tokens(text) == expected
