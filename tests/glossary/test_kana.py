"""Dictionary order and 五十音 rows of glossary readings (pure, no database)."""

import pytest

from glossary import kana


def ordered(*readings):
    return sorted(readings, key=kana.sort_key)


def test_plain_before_voiced_before_semi_voiced():
    assert ordered("ぱん", "ばん", "はん") == ["はん", "ばん", "ぱん"]
    assert ordered("ほうどう", "ほうとう", "ぼうとう") == ["ほうとう", "ほうどう", "ぼうとう"]


def test_voicing_only_breaks_ties_after_the_plain_letters():
    # か < き decides before any voicing is looked at.
    assert ordered("きかい", "ぎかい", "かがく") == ["かがく", "きかい", "ぎかい"]


def test_long_vowel_mark_sorts_as_the_preceding_vowel():
    assert ordered("はーと", "はいく", "はあく") == ["はあく", "はーと", "はいく"]
    assert ordered("でぃーかす", "でいかす", "でぃあ") == ["でぃあ", "でぃーかす", "でいかす"]
    # The written vowel comes before the mark when all else is equal.
    assert ordered("はーと", "はあと") == ["はあと", "はーと"]


def test_small_kana_sort_as_large_ones_and_after_them():
    assert ordered("きょう", "きよう", "きやく") == ["きやく", "きよう", "きょう"]
    assert ordered("かっぱ", "かつぱ") == ["かつぱ", "かっぱ"]


def test_katakana_and_half_width_readings_sort_as_hiragana():
    assert kana.sort_key("パトリオット") == kana.sort_key("ぱとりおっと")
    assert kana.sort_key("ﾊﾟﾄﾘｵｯﾄ") == kana.sort_key("ぱとりおっと")


@pytest.mark.parametrize(
    ("term", "reading", "row"),
    [
        ("安全保障", "あんぜんほしょう", "あ"),
        ("拡大抑止", "かくだいよくし", "か"),
        ("ゲーム理論", "げーむりろん", "か"),
        ("統合作戦司令部", "とうごうさくせんしれいぶ", "た"),
        ("パトリオット", "ぱとりおっと", "は"),
        ("防衛装備移転三原則", "ぼうえいそうびいてんさんげんそく", "は"),
        ("ミサイル", "みさいる", "ま"),
        ("輸出管理", "ゆしゅつかんり", "や"),
        ("利上げ", "りあげ", "ら"),
        ("ワクチン", "わくちん", "わ"),
        ("DICAS", "でぃーかす", "英数字"),
        ("PAC3", "", "英数字"),
        ("2プラス2", "", "英数字"),
    ],
)
def test_rows(term, reading, row):
    assert kana.row_of(term, reading) == row


def test_which_terms_need_a_reading():
    assert kana.needs_reading("拡大抑止")
    assert kana.needs_reading("パトリオット")
    assert kana.needs_reading("ﾊﾟﾄﾘｵｯﾄ")
    assert not kana.needs_reading("DICAS")
    assert not kana.needs_reading("さぷらい")


def test_readings_must_be_hiragana():
    assert kana.is_hiragana_reading("かくだいよくし")
    assert kana.is_hiragana_reading("でぃーかす")
    assert not kana.is_hiragana_reading("カクダイ")
    assert not kana.is_hiragana_reading("kakudai")
    assert not kana.is_hiragana_reading("")
