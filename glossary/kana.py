"""Japanese dictionary order and 五十音 rows for glossary readings.

Pure Python, no Django imports. Readings sort like a Japanese dictionary
(JIS X 4061 in spirit): first by the plain (清音) letters, small kana as large
ones and ー as the vowel of the preceding letter; ties are broken left to right
by voicing, 清音 before 濁音 before 半濁音, then large kana before small ones,
then a written vowel before ー.
"""

import unicodedata

ROWS = ("あ", "か", "さ", "た", "な", "は", "ま", "や", "ら", "わ")
LATIN_ROW = "英数字"
OTHER_ROW = "その他"
ROW_ANCHORS = dict(
    zip(
        [*ROWS, LATIN_ROW, OTHER_ROW],
        ["a", "ka", "sa", "ta", "na", "ha", "ma", "ya", "ra", "wa", "latin", "other"],
        strict=True,
    )
)

_ROW_LETTERS = {
    "あ": "あいうえお",
    "か": "かきくけこ",
    "さ": "さしすせそ",
    "た": "たちつてと",
    "な": "なにぬねの",
    "は": "はひふへほ",
    "ま": "まみむめも",
    "や": "やゆよ",
    "ら": "らりるれろ",
    "わ": "わゐゑをん",
}
_VOWEL = {}
for _row, _letters in _ROW_LETTERS.items():
    for _i, _letter in enumerate(_letters):
        if _row == "や":
            _VOWEL[_letter] = "あうお"[_i]
        elif _row == "わ":
            _VOWEL[_letter] = {"わ": "あ", "ゐ": "い", "ゑ": "え", "を": "お", "ん": None}[_letter]
        else:
            _VOWEL[_letter] = "あいうえお"[_i]

_SMALL = dict(zip("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ", strict=True))
_VOICED = dict(
    zip(
        "がぎぐげござじずぜぞだぢづでどばびぶべぼゔ",
        "かきくけこさしすせそたちつてとはひふへほう",
        strict=True,
    )
)
_SEMI_VOICED = dict(zip("ぱぴぷぺぽ", "はひふへほ", strict=True))
_ROW_OF = {letter: row for row, letters in _ROW_LETTERS.items() for letter in letters}


def to_hiragana(text):
    """NFKC (half-width kana to full-width), then katakana to hiragana."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def is_hiragana_reading(text):
    """A reading may hold hiragana, ー, spaces and the middle dot only."""
    return bool(text) and all(
        "ぁ" <= c <= "ゖ" or c in "ー・ 　ゝゞ" for c in unicodedata.normalize("NFKC", text)
    )


def needs_reading(term):
    """Kanji or katakana in a term make a hiragana reading necessary for sorting."""
    for c in unicodedata.normalize("NFKC", term):
        name = unicodedata.name(c, "")
        if name.startswith(("CJK UNIFIED IDEOGRAPH", "KATAKANA")) or c == "々":
            return True
    return False


def _letter(c):
    """(plain letter, voicing 0/1/2, small 0/1) of one hiragana character."""
    small = 0
    if c in _SMALL:
        c, small = _SMALL[c], 1
    if c in _VOICED:
        return _VOICED[c], 1, small
    if c in _SEMI_VOICED:
        return _SEMI_VOICED[c], 2, small
    return c, 0, small


def sort_key(reading):
    """Dictionary-order key of a reading (kana; katakana and half-width accepted)."""
    plain, voicing, small, long_mark = [], [], [], []
    previous_vowel = None
    for c in to_hiragana(reading):
        if c in " 　・":
            continue
        if c == "ー":
            letter, voice, is_small = (previous_vowel or "ー"), 0, 0
        else:
            letter, voice, is_small = _letter(c)
            previous_vowel = _VOWEL.get(letter, previous_vowel)
        plain.append(letter)
        voicing.append(voice)
        small.append(is_small)
        long_mark.append(int(c == "ー"))
    return ("".join(plain), tuple(voicing), tuple(small), tuple(long_mark))


def row_of(term, reading):
    """The index row a term is listed under: a 五十音 row, 英数字, or その他."""
    first_term = unicodedata.normalize("NFKC", term)[:1]
    if first_term.isascii() and first_term.isalnum():
        return LATIN_ROW
    plain = sort_key(reading or term)[0]
    return _ROW_OF.get(plain[:1], OTHER_ROW)
