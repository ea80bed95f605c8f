"""Text normalisation for glossary matching, with a map back to source offsets.

Matching runs on NFKC text plus a few folds NFKC leaves alone (wave dash, swung
dash, minus sign, hyphen), so that ＰＡＣ３, ２＋２, ﾊﾟﾄﾘｵｯﾄ and （ＪＪＯＣ） match
PAC3, 2+2, パトリオット and (JJOC). Latin case is folded separately
(:func:`fold_case`) because only some terms ignore case.

NFKC is not a per-character mapping: it merges characters (ﾊ + ﾟ becomes パ) and
expands others (㈱ becomes (株), … becomes ...). A character reference such as
``&amp;`` also stands for one character. :func:`normalize_with_map` therefore
cuts a text into *units* that normalise independently and records every unit
that is not one source character for one normalised character, so that a match
can be mapped back to the source and rejected when it would begin or end inside
a unit. :func:`normalize_marked` also puts :data:`MARK` around every run of
ASCII letters and digits, so that a matcher sees Latin word edges as characters.

Pure Python; no Django imports.
"""

from __future__ import annotations

import html as _html
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from html.entities import html5 as _HTML5
from typing import NamedTuple

__all__ = [
    "FOLDS",
    "MARK",
    "NodeMap",
    "fold_case",
    "map_offset",
    "mark_runs",
    "needs_slow_path",
    "normalize",
    "normalize_many",
    "normalize_marked",
    "normalize_simple",
    "normalize_with_map",
]

# Characters NFKC leaves alone but writers use interchangeably with ASCII.
# Each maps to exactly one character, so folding never moves offsets.
FOLDS = {
    "\u301c": "~",  # 〜 WAVE DASH (NFKC already maps ～ U+FF5E to ~)
    "\u2053": "~",  # ⁓ SWUNG DASH
    "\u2212": "-",  # − MINUS SIGN
    "\u2010": "-",  # ‐ HYPHEN (NFKC maps U+2011 to this one)
}
_FOLD_TABLE = str.maketrans(FOLDS)
_FOLD_RE = re.compile("[" + "".join(FOLDS) + "]")

_NFKC = "NFKC"
_nfkc = unicodedata.normalize
_is_nfkc = unicodedata.is_normalized


def _char_class(chars: list[str]) -> str:
    """A regex character class matching exactly ``chars``, written as ranges."""
    cps = sorted({ord(c) for c in chars})
    out = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        out.append(f"\\U{cps[i]:08x}" if i == j else f"\\U{cps[i]:08x}-\\U{cps[j]:08x}")
        i = j + 1
    return "".join(out)


def _build_tables() -> tuple[frozenset[str], str, dict[str, str]]:
    """Classify the characters that NFKC does not leave alone.

    Returns ``(joining, complex_class, simple_changes)``. A *joining* character
    may combine with what precedes it (combining marks, half-width ﾞ/ﾟ, Hangul
    vowel and final jamo, vowel signs that are the second half of a canonical
    pair), so no unit boundary may fall before it. A *complex* character is
    joining or does not normalise to exactly one character (㈱, …); every
    character beyond the BMP is treated as complex too, which keeps the
    character class fast for the regex engine. All other characters are
    *simple*: text made of them normalises one character at a time, through
    ``simple_changes`` (Ａ → A, ２ → 2, ﾊ → ハ, 〜 → ~), which is the fast path.

    Only characters with a decomposition or a non-zero combining class can
    change; the large ideograph, Hangul syllable, surrogate and private-use
    blocks have none, so they are skipped.
    """
    skip = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xAC00, 0xD7A4), (0xD800, 0xF900))
    chars: list[str] = []
    lo = 0
    for a, b in skip:
        chars.extend(map(chr, range(lo, a)))
        lo = b
    chars.extend(map(chr, range(lo, 0x10000)))
    decomp = unicodedata.decomposition
    comb = unicodedata.combining
    flags = zip(map(decomp, chars), map(comb, chars), strict=True)
    cands = [ch for ch, (d, c) in zip(chars, flags, strict=True) if d or c]

    # Starters (class 0) that are the second half of a canonical composition.
    # Hangul jamo compose algorithmically, so they have no decomposition entry.
    seconds = {chr(cp) for cp in range(0x1161, 0x1176)} | {chr(cp) for cp in range(0x11A8, 0x11C3)}
    for ch in cands:
        d = decomp(ch)
        if d and not d.startswith("<"):
            parts = d.split()
            if len(parts) == 2:
                second = chr(int(parts[1], 16))
                if not comb(second):
                    seconds.add(second)

    joining: set[str] = set()
    complex_: list[str] = []
    changes = dict(FOLDS)
    for ch in [*cands, *seconds]:
        kd = _nfkc("NFKD", ch)
        kc = _nfkc(_NFKC, ch)
        if comb(kd[0]) or kd[0] in seconds:
            joining.add(ch)
            complex_.append(ch)
        elif len(kc) != 1 or comb(kc[0]) or kc[0] in seconds:
            complex_.append(ch)
        elif kc != ch:
            changes[ch] = FOLDS.get(kc, kc)
    complex_class = _char_class(complex_) + "\\U00010000-\\U0010ffff"
    return frozenset(joining), complex_class, changes


JOINING, _COMPLEX_CLASS, _SIMPLE_CHANGES = _build_tables()
# A character reference or a complex character: the text needs the slow path.
_SPECIAL_RE = re.compile("[&" + _COMPLEX_CLASS + "]")
_COMPLEX_RE = re.compile("[" + _COMPLEX_CLASS + "]")
_CHANGE_RE = re.compile("[" + _char_class(list(_SIMPLE_CHANGES)) + "]")
# The character-reference grammar of html.unescape (HTML5 rules for text).
# NUL never ends up in a name, so the linker may use it to separate text nodes.
_CHARREF_RE = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;\x00]{1,32};?)")


# Marks around each run of ASCII letters and digits in normalised text, so that
# a matcher can see Latin word edges without looking at neighbours. NFKC maps
# NO-BREAK SPACE to a space, so it never occurs in normalised text.
MARK = "\xa0"
_ASCII_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_RUN_RE = re.compile("([0-9A-Za-z]+)")
_TO_ALNUM = [ch for ch, to in _SIMPLE_CHANGES.items() if to in _ASCII_ALNUM]
_OTHER_CHANGES = {ch: to for ch, to in _SIMPLE_CHANGES.items() if to not in _ASCII_ALNUM}
# A letter, digit or character to change, then the letters and digits (or
# characters that become one) that follow. One class first, so that the regex
# engine can skip ahead to it.
_MARKED_CHANGE_RE = re.compile(
    "[0-9A-Za-z" + _char_class(list(_SIMPLE_CHANGES)) + "]"
    "[0-9A-Za-z" + _char_class(_TO_ALNUM) + "]*"
)
_CHANGE_TABLE = str.maketrans(_SIMPLE_CHANGES)


def _marked_piece(text: str) -> str:
    """A match of _MARKED_CHANGE_RE, normalised, its ASCII run marked."""
    head = _OTHER_CHANGES.get(text[0])
    if head is None:
        head = ""
    else:
        text = text[1:]
        if not text:
            return head
    return head + MARK + (text if text.isascii() else text.translate(_CHANGE_TABLE)) + MARK


class _Pieces(dict):
    """Memo of normalised pieces: the same few recur (（, ）, ２０２５, PAC3…)."""

    def __init__(self, normalise: Callable[[str], str]) -> None:
        super().__init__()
        self._normalise = normalise

    def __missing__(self, piece: str) -> str:
        if len(self) >= 4096:
            self.clear()
        self[piece] = out = self._normalise(piece)
        return out


_MARKED_SPLIT_RE = re.compile("(" + _MARKED_CHANGE_RE.pattern + ")")
_marked_pieces = _Pieces(_marked_piece).__getitem__
_CHANGE_SPLIT_RE = re.compile("(" + _CHANGE_RE.pattern + "+)")
_changed_runs = _Pieces(lambda run: run.translate(_CHANGE_TABLE)).__getitem__


def mark_runs(text: str) -> str:
    """``text`` with :data:`MARK` before and after every run of ASCII letters and digits."""
    return MARK.join(_RUN_RE.split(text))


def _normalize_simple_marked(text: str) -> str:
    """``mark_runs(normalize_simple(text))`` in one pass."""
    parts = _MARKED_SPLIT_RE.split(text)
    if len(parts) > 1:
        parts[1::2] = map(_marked_pieces, parts[1::2])
    return "".join(parts)


def normalize_simple(text: str) -> str:
    """:func:`normalize` for text without special characters (see
    :func:`needs_slow_path`): one character at a time, so offsets do not move.
    Much faster than ``unicodedata.normalize`` on Japanese text.
    """
    parts = _CHANGE_SPLIT_RE.split(text)
    if len(parts) > 1:
        parts[1::2] = map(_changed_runs, parts[1::2])
    return "".join(parts)


def normalize(text: str) -> str:
    """NFKC plus :data:`FOLDS`. Case is left alone (see :func:`fold_case`)."""
    if not _is_nfkc(_NFKC, text):
        text = _nfkc(_NFKC, text)
    if _FOLD_RE.search(text):
        text = text.translate(_FOLD_TABLE)
    return text


def normalize_many(texts: list[str]) -> list[str]:
    """``[normalize(t) for t in texts]``, in one pass when none needs the slow
    path (building a glossary normalises thousands of short forms).
    """
    if not texts:
        return []
    joined = "\x00".join(texts)
    if "\x00" in "".join(texts) or _COMPLEX_RE.search(joined) is not None:
        return [normalize(t) for t in texts]
    return normalize_simple(joined).split("\x00")


def fold_case(text: str) -> str:
    """Lower-case ``text`` without changing its length.

    ``str.lower`` keeps the length except for İ (which becomes i + dot): İ is
    left as it is, and no other character than ASCII folds to ASCII, which
    keeps the Latin boundary test exact on folded text. ``str.lower`` also
    picks σ or ς by context, which would make a form and the text disagree, so
    final sigma is folded to σ as ``casefold`` does.
    """
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(lc := c.lower()) != 1 else lc for c in text)
    if "ς" in low:
        low = low.replace("ς", "σ")
    return low


def needs_slow_path(text: str) -> bool:
    """True when ``text`` has a character reference or a complex character."""
    return _SPECIAL_RE.search(text) is not None


class NodeMap(NamedTuple):
    """Units of one text that are not one source char for one normalised char.

    Parallel sorted lists of offsets relative to the text. Everywhere between
    two such units, source and normalised text advance together.
    """

    norm_starts: list[int]
    norm_ends: list[int]
    src_starts: list[int]
    src_ends: list[int]


def map_offset(nmap: NodeMap | None, pos: int) -> int | None:
    """Source offset of normalised offset ``pos``, or None inside a unit.

    At a unit that normalises to nothing (a reference to a dropped code point)
    the offset after it is returned, so such a unit never splits a link.
    """
    if nmap is None:
        return pos
    ns, ne, _, se = nmap
    k = bisect_right(ne, pos) - 1
    if k + 1 < len(ns) and ns[k + 1] < pos:
        return None
    return pos if k < 0 else se[k] + (pos - ne[k])


def _decode_ref(src: str, i: int) -> tuple[int, str] | None:
    """Decode the character reference at ``src[i]`` ('&') like html.unescape.

    Returns ``(end, text)``, or None when the '&' is literal.
    """
    m = _CHARREF_RE.match(src, i)
    if m is None:
        return None
    body = m.group(1)
    if body[0] == "#":
        return m.end(), _html.unescape(m.group(0))
    if body in _HTML5:
        return m.end(), _HTML5[body]
    # Legacy references without ';' decode their longest known prefix (&ampx → &x).
    for x in range(len(body) - 1, 1, -1):
        if body[:x] in _HTML5:
            return i + 1 + x, _HTML5[body[:x]]
    return None


def _split_group(atoms: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """Split a group at every cut where NFKC of the halves concatenates to NFKC
    of the whole (e.g. A + ﾟ do not compose, so they may be cut; ﾊ + ﾟ may not).
    """
    if len(atoms) == 1:
        return [atoms]
    texts = [a[2] for a in atoms]
    whole = _nfkc(_NFKC, "".join(texts))
    pieces: list[list[tuple[int, int, str]]] = [[atoms[0]]]
    for k in range(1, len(atoms)):
        head = _nfkc(_NFKC, "".join(texts[:k]))
        tail = _nfkc(_NFKC, "".join(texts[k:]))
        if head + tail == whole:
            pieces.append([atoms[k]])
        else:
            pieces[-1].append(atoms[k])
    joined = "".join(_nfkc(_NFKC, "".join(a[2] for a in p)) for p in pieces)
    return pieces if joined == whole else [atoms]


def _nfkc_with_map(
    src: str, finish: Callable[[str], str] = normalize_simple
) -> tuple[str, NodeMap | None]:
    """:func:`normalize_with_map` for text with special characters."""
    # Special atoms (a reference, or a complex character) become units, each
    # joining atom together with what precedes it; the simple characters in
    # between stay as they are in ``parts`` and are normalised at the end.
    parts: list[str] = []
    nmap = NodeMap([], [], [], [])
    npos = 0  # length of the normalised text so far
    last = 0  # source offset up to which everything is in parts or pending
    pending: list[tuple[int, int, str]] | None = None  # the unit being built

    def add(s: int, e: int, text: str) -> None:
        # Source [s, e) normalises to text; anything but one character for one is a unit.
        nonlocal npos
        text = _nfkc(_NFKC, text)
        if e - s != 1 or len(text) != 1:
            nmap.norm_starts.append(npos)
            nmap.norm_ends.append(npos + len(text))
            nmap.src_starts.append(s)
            nmap.src_ends.append(e)
        parts.append(text)
        npos += len(text)

    def emit(group: list[tuple[int, int, str]]) -> None:
        if len(group) == 1:  # the common case: one reference, or one character
            add(*group[0])
            return
        for piece in _split_group(group):
            add(piece[0][0], piece[-1][1], "".join(a[2] for a in piece))

    for m in _SPECIAL_RE.finditer(src):
        i = m.start()
        if i < last:
            continue  # inside a reference already decoded
        if src[i] == "&":
            ref = _decode_ref(src, i)
            if ref is None:
                continue  # a literal '&' is an ordinary character
            end, text = ref
        else:
            end, text = i + 1, src[i]
        atom = (i, end, text)
        if not text or text[0] in JOINING:
            if pending is not None and i == last:
                pending.append(atom)
            elif i > last:  # it joins the character before it
                if pending is not None:
                    emit(pending)
                parts.append(src[last : i - 1])
                npos += i - 1 - last
                pending = [(i - 1, i, src[i - 1]), atom]
            else:  # at the very start
                pending = [atom]
            last = end
            continue
        if pending is not None:
            emit(pending)
        parts.append(src[last:i])
        npos += i - last
        pending = [atom]
        last = end
    if pending is not None:
        emit(pending)
    parts.append(src[last:])
    # Units are NFKC already; the simple characters around them map one for one.
    return finish("".join(parts)), (nmap if nmap.norm_starts else None)


def normalize_with_map(src: str) -> tuple[str, NodeMap | None]:
    """Normalise raw HTML text (references decoded) and map it to ``src``.

    Returns ``(normalised, nmap)``; ``nmap`` is None when offsets correspond
    one-for-one. Use :func:`map_offset` to go back to ``src`` offsets.
    """
    if _SPECIAL_RE.search(src) is None:
        return normalize_simple(src), None
    return _nfkc_with_map(src)


def normalize_marked(src: str) -> tuple[str, NodeMap | None]:
    """``normalize_with_map(src)``, with :data:`MARK` around every run of
    ASCII letters and digits in the normalised text (see :func:`mark_runs`).

    The map ignores the marks: it is the map of ``normalize_with_map(src)``.
    """
    if _SPECIAL_RE.search(src) is None:
        return _normalize_simple_marked(src), None
    return _nfkc_with_map(src, _normalize_simple_marked)
