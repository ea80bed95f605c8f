"""The Japanese tokenizer (columns/japanese.py): pure Python, no database."""

import importlib.metadata
import re
import threading
from pathlib import Path

import pytest

from columns import japanese
from columns.japanese import (
    autocomplete_words,
    highlight,
    index_text,
    prefix_alternatives,
    query_words,
    snippet,
    tokens,
)

TOKEN = re.compile(r"[^\W_]+")


def marked(segments):
    return [text for text, hit in segments if hit]


def test_split_mode_a_cuts_compounds_into_their_shortest_words():
    assert tokens("拡大抑止") == ["拡大", "抑止"]
    assert tokens("拡大抑止力") == ["拡大", "抑止", "力"]
    assert tokens("防衛装備移転三原則") == ["防衛", "装備", "移転", "3", "原則"]


def test_two_character_words_are_tokens_of_their_own():
    assert tokens("日米の協議") == ["日米", "の", "協議"]
    assert "抑止" in tokens("物価上昇の抑止に向けて")


def test_words_are_normalised_forms_after_nfkc():
    assert tokens("ペトリオット") == tokens("パトリオット") == ["パトリオット"]
    assert tokens("ﾊﾟﾄﾘｵｯﾄ") == ["パトリオット"]
    assert tokens("國際") == tokens("国際") == ["国際"]
    assert tokens("附属") == tokens("付属") == ["付属"]


@pytest.mark.parametrize("text", ["ＰＡＣ３", "PAC3", "pac3", "PAC-3", "ｐａｃ３"])
def test_full_width_half_width_and_case_give_the_same_tokens(text):
    assert tokens(text) == ["pac", "3"]


def test_punctuation_and_spaces_are_not_tokens():
    assert tokens("「日米2+2」、（ＪＪＯＣ）。\n\t") == ["日米", "2", "2", "jjoc"]


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "*",
        "NEAR(日米, 抑止)",
        "拡大 OR 抑止 AND NOT 日米",
        "' OR 1=1; DROP TABLE wagtailcore_page; --",
        "title:日米 body:抑止^2",
        "\x00\x01\x1f\x7f日米\u200b\ufeff",
        "\ud800抑止\udfff",
        "😀👍🏽 日米",
        "a" * 500,
    ],
)
def test_tokens_carry_no_query_syntax(text):
    words = tokens(text)
    assert all(TOKEN.fullmatch(word) for word in words)
    assert all(len(word) <= japanese.MAX_TOKEN_CHARS for word in words)


def test_texts_longer_than_sudachis_limit_are_cut_at_sentence_ends():
    sentence = "日米の拡大抑止を点検する。"
    text = sentence * 6_000  # 78,000 characters, 234,000 bytes
    assert len(text.encode()) > 49_149
    assert tokens(text) == tokens(sentence) * 6_000


def test_index_text_is_space_separated_and_takes_several_texts():
    assert index_text("日米の拡大抑止") == "日米 の 拡大 抑止"
    assert index_text(["日米", "", None, "抑止"]) == "日米 抑止"
    assert index_text(None) == index_text("") == ""


def test_query_words_are_the_typed_words_each_as_its_tokens():
    assert query_words("拡大抑止　パトリオット  日米") == [
        ["拡大", "抑止"],
        ["パトリオット"],
        ["日米"],
    ]


def test_query_words_drop_symbols_and_repeats_and_are_capped():
    assert query_words('日米 日米 ！！ " * (') == [["日米"]]
    assert query_words("") == query_words(None) == []
    many = " ".join(f"語{i}" for i in range(100))
    assert len(query_words(many)) == japanese.MAX_QUERY_WORDS
    assert len(query_words("日" * 10_000)) <= japanese.MAX_QUERY_CHARS


def test_a_half_typed_word_is_tried_as_the_start_of_longer_words():
    # Sudachi reads the half-typed word as one unknown word.
    assert tokens("サプライチェーン") == ["サプライ", "チェーン"]
    assert tokens("サプライチェー") == ["サプライチェー"]
    assert ["サプライ", "チェー"] in prefix_alternatives("サプライチェー")
    assert prefix_alternatives("拡大抑")[0] == ["拡大", "抑"]
    assert ["パトリオ"] in prefix_alternatives("パトリオ")
    assert prefix_alternatives("！？") == []


def test_autocomplete_words_split_the_finished_words_from_the_last_one():
    words, last = autocomplete_words("日米 防衛装")
    assert words == [["日米"]]
    assert last[0] == ["防衛", "装"]
    words, last = autocomplete_words("日米 ！")
    assert (words, last[0]) == ([], ["日米"])
    assert autocomplete_words("  ") == ([], [])


def test_highlight_marks_every_match_in_the_original_characters():
    text = "先月、ﾊﾟﾄﾘｵｯﾄ（ＰＡＣ３）の配備が決まった。國際会議でもペトリオットが話題に。"
    words = query_words("パトリオット PAC3 国際")
    segments = highlight(text, words)
    assert "".join(piece for piece, _hit in segments) == text
    assert marked(segments) == ["ﾊﾟﾄﾘｵｯﾄ", "ＰＡＣ３", "國際", "ペトリオット"]


def test_highlight_marks_a_phrase_not_its_words_apart():
    words = query_words("拡大抑止")
    assert marked(highlight("景気の拡大と物価の抑止。日米の拡大抑止。", words)) == ["拡大抑止"]


def test_snippet_is_a_window_around_the_first_match():
    text = "前置き。" * 50 + "日米の拡大抑止について述べる。" + "後書き。" * 50
    segments = snippet(text, query_words("抑止"))
    joined = "".join(piece for piece, _hit in segments)
    assert segments[0] == ("…", False)
    assert segments[-1] == ("…", False)
    assert marked(segments) == ["抑止"]
    assert len(joined) <= 125


def test_snippet_without_a_match_is_the_start_of_the_text():
    segments = snippet("  一行目\n\n二行目  ", query_words("抑止"))
    assert segments == [("一行目 二行目", False)]
    assert snippet("", query_words("抑止")) == []


def test_tokenizer_is_safe_to_share_between_threads():
    text = "日米の拡大抑止とパトリオットの共同生産。" * 50
    expected = tokens(text)
    results, errors = [], []

    def work():
        try:
            for _ in range(20):
                results.append(tokens(text) == expected)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert all(results) and len(results) == 80


def test_the_dictionary_in_use_is_the_pinned_one():
    pins = dict(
        line.split("==")
        for line in (Path(__file__).resolve().parents[2] / "requirements.txt").read_text().split()
        if "==" in line
    )
    assert importlib.metadata.version("sudachidict-core") == pins["sudachidict-core"]
    assert importlib.metadata.version("sudachipy") == pins["sudachipy"]
    assert (japanese.DICTIONARY, japanese.SPLIT_MODE) == ("core", "A")
