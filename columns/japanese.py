"""Japanese words for the search index and for search queries.

Databases' full-text search splits text only at spaces and punctuation, so a
Japanese clause is one "word" to them and 拡大抑止 inside a sentence is never
found. This module cuts text into words the same way for the index and for the
query, and joins them with spaces, which every database splits on:

- the text is NFKC-normalised (ＰＡＣ３ → PAC3, ﾊﾟﾄﾘｵｯﾄ → パトリオット);
- SudachiPy cuts it in split mode A, the shortest units, so 拡大抑止 is
  拡大 + 抑止 and 抑止力 is 抑止 + 力 (mode C would keep 抑止力 whole and a
  search for 抑止 would miss it);
- each word is replaced by its dictionary-normalised form (ペトリオット →
  パトリオット, 附属 → 付属, 國際 → 国際) and case-folded;
- only runs of letters and digits are kept, so a token never carries the syntax
  of a database's query language and every database sees it as one word.

Pure Python; no Django imports. The dictionary is pinned in requirements.txt
(sudachidict-core==20261015) because another dictionary version or split mode
may cut words differently: after changing either, rebuild the index with
``manage.py update_index``.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Iterable
from itertools import chain

__all__ = [
    "DICTIONARY",
    "SPLIT_MODE",
    "autocomplete_words",
    "highlight",
    "index_text",
    "prefix_alternatives",
    "query_words",
    "snippet",
    "tokens",
]

DICTIONARY = "core"
SPLIT_MODE = "A"

# Sudachi refuses inputs over 49,149 bytes; 12,000 characters stay below that
# even at 4 bytes a character.
MAX_CHUNK_CHARS = 12_000
# PostgreSQL skips words over 2,047 bytes; a shorter cap keeps both databases alike.
MAX_TOKEN_CHARS = 64
# A query is cut to this many characters and words before it reaches a database.
MAX_QUERY_CHARS = 255
MAX_QUERY_WORDS = 32
# Autocomplete tries the last this many characters of a half-typed word as a prefix.
PREFIX_TAIL_CHARS = 6

_WORD = re.compile(r"[^\W_]+")
_SURROGATES = re.compile("[\ud800-\udfff]")
# Sentences and lines, each with the 。 or line break that ends it. NFKC joins and
# reorders characters only after a starter that something can combine with, and
# nothing combines with 。 or a line break, so each piece normalises on its own.
_NFKC_PIECES = re.compile("[^\n。]+[\n。]?|[\n。]")
_CHUNK_BREAKS = ("\n", "。", " ")
# Sudachi is given a few lines at a time (see _sudachi_pieces), cut where this matches.
PIECE_CHARS = 200
_LINE_BREAK_RUN = re.compile(r"(?<=[^ \t\n\v\r])\n[ \t\n\v\r]*(?=[^ \t\n\v\r])")
# Characters that join the one before them under NFKC (combining marks,
# half-width and combining voiced marks, Hangul vowel and final jamo).
_JOINING = re.compile("[\u0300-\u036f\u1160-\u11ff\u3099\u309a\uff9e\uff9f]")

_lock = threading.Lock()
_dictionary = None
_word_id = None  # sudachipy's Morpheme.word_id, imported with the dictionary
_local = threading.local()


def _tokenizer():
    """This thread's tokenizer; the dictionary is loaded once, on first use.

    Sudachi's tokenizers must not be shared between threads; the dictionary
    (memory-mapped) can be.
    """
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        global _dictionary, _word_id
        with _lock:
            if _dictionary is None:
                from sudachipy import Dictionary, Morpheme

                _dictionary = Dictionary(dict=DICTIONARY)
                _word_id = Morpheme.word_id
            # The "normalized" projection makes surface() the normalised form,
            # which Sudachi then returns faster than normalized_form().
            tokenizer = _dictionary.tokenizer(mode=SPLIT_MODE, projection="normalized")
        _local.tokenizer = tokenizer
    return tokenizer


def _nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, normalising only the sentences that need it.

    One full-width digit or bracket makes unicodedata normalise the whole text
    the slow way (0.75 ms for a 4,000-character column, 8% of tokenising it).
    """
    if unicodedata.is_normalized("NFKC", text):
        return text
    return "".join(
        piece if unicodedata.is_normalized("NFKC", piece) else unicodedata.normalize("NFKC", piece)
        for piece in _NFKC_PIECES.findall(text)
    )


def _clean(text: str) -> str:
    text = _nfkc(text)
    if _SURROGATES.search(text):
        text = _SURROGATES.sub("", text)
    return text


def _chunks(text: str) -> Iterable[tuple[int, str]]:
    """(offset, piece) pieces short enough for Sudachi, cut at a line or sentence end."""
    start, length = 0, len(text)
    while start < length:
        end = min(start + MAX_CHUNK_CHARS, length)
        if end < length:
            cut = max(text.rfind(mark, start, end) for mark in _CHUNK_BREAKS)
            if cut > start:
                end = cut + 1
        yield start, text[start:end]
        start = end


def _sudachi_pieces(text: str) -> Iterable[tuple[int, str]]:
    """(offset, piece) pieces of about PIECE_CHARS characters that Sudachi analyses
    exactly as it would the whole text.

    Sudachi's time per character grows with the length of its input (its lattice
    outgrows the CPU caches, and each joined number moves the rest of the path):
    a 4,000-character column goes through about a quarter faster a few lines at
    a time. Pieces are cut only at a line break that follows a character other
    than Sudachi's spaces (space, tab, line break, vertical tab, carriage
    return), together with the spaces and line breaks after it. No dictionary
    word holds a line break, so Sudachi reads that run as one unknown "space"
    word, the only word starting there and the only one covering it: every
    reading of the text passes through it. Both pieces keep it, so each side is
    read in the same context as in the whole text (the run gives no tokens).
    """
    for offset, chunk in _chunks(text):
        start, length = 0, len(chunk)
        while True:
            found = None
            if start + PIECE_CHARS < length:
                found = _LINE_BREAK_RUN.search(chunk, start + PIECE_CHARS)
            if found is None:
                yield offset + start, chunk[start:]
                break
            yield offset + start, chunk[start : found.end()]
            start = found.start()


# Cached: a text repeats few distinct forms (particles, common words), and this
# is most of the Python time per word.
@functools.lru_cache(maxsize=65_536)
def _words_of(form: str) -> tuple[str, ...]:
    """The tokens of one normalised form: letter and digit runs, case-folded."""
    if not form.isascii():
        form = unicodedata.normalize("NFKC", form)
    return tuple(word[:MAX_TOKEN_CHARS] for word in _WORD.findall(form.casefold()))


def _spans(text: str) -> Iterable[tuple[str, int, int]]:
    """(token, start, end) for already-normalised text; offsets index ``text``."""
    tokenizer = _tokenizer()
    for offset, piece in _sudachi_pieces(text):
        for morpheme in tokenizer.tokenize(piece):
            for word in _words_of(morpheme.surface()):
                yield word, offset + morpheme.begin(), offset + morpheme.end()


# The tokens of the system dictionary's words, by word id. SudachiPy keeps the
# dictionary's number in the top four bits of a word id (0: the system dictionary;
# 15: words from no dictionary, such as unknown words and joined numbers, which
# share ids). A word's normalised form is fixed by its dictionary entry, and
# asking for the id costs a third of building the form's string.
_SYSTEM_WORD_IDS = 1 << 28
_MAX_CACHED_WORDS = 200_000
_words_by_id: dict[int, tuple[str, ...]] = {}


def tokens(text: str | None) -> list[str]:
    """The words of ``text`` as the search index stores them."""
    if not text:
        return []
    text = _clean(text)
    tokenizer = _tokenizer()
    if len(_words_by_id) > _MAX_CACHED_WORDS:
        _words_by_id.clear()
    known = _words_by_id.get
    out: list[str] = []
    # Per morpheme, only C-level steps (id, cache lookup) unless the cache misses.
    for _offset, piece in _sudachi_pieces(text):
        morphemes = tokenizer.tokenize(piece)
        ids = list(map(_word_id, morphemes))
        words = list(map(known, ids))
        if None in words:
            for i, found in enumerate(words):
                if found is None:
                    found = words[i] = _words_of(morphemes[i].surface())
                    if ids[i] < _SYSTEM_WORD_IDS:
                        _words_by_id[ids[i]] = found
        out += chain.from_iterable(words)
    return out


def index_text(text: str | Iterable[str] | None) -> str:
    """Space-separated tokens of a text (or of several texts), for a search field."""
    if text is None:
        return ""
    if not isinstance(text, str):
        text = "\n".join(part for part in text if part)
    return _index_text(text)


# Wagtail's indexers read every search field three times (for the title, body and
# autocomplete columns), so the last few texts are remembered.
@functools.lru_cache(maxsize=64)
def _index_text(text: str) -> str:
    return " ".join(tokens(text))


def query_words(query: str | None) -> list[list[str]]:
    """Each word the reader typed (split at spaces) as its tokens.

    Words that leave no tokens (punctuation, symbols) are dropped, and so are
    repeats. The query is cut to MAX_QUERY_CHARS characters and MAX_QUERY_WORDS words.
    """
    words: list[list[str]] = []
    for word in _clean(query or "")[:MAX_QUERY_CHARS].split():
        word_tokens = tokens(word)
        if word_tokens and word_tokens not in words:
            words.append(word_tokens)
            if len(words) == MAX_QUERY_WORDS:
                break
    return words


def prefix_alternatives(word: str) -> list[list[str]]:
    """Token lists a half-typed word may stand for, the last token being a prefix.

    Sudachi may cut a half-typed word unlike the whole one: サプライチェー is one
    unknown word but サプライチェーン is サプライ + チェーン. So besides the word's own
    tokens, its start is tried as whole tokens followed by its last few characters
    as the prefix (サプライ + チェー), down to the whole word as one prefix (パトリオ).
    """
    word = _clean(word)
    own = tokens(word)
    if not own:
        return []
    alternatives = [own]
    for cut in range(len(word) - 1, max(0, len(word) - PREFIX_TAIL_CHARS) - 1, -1):
        tail = _words_of(word[cut:])
        if len(tail) != 1 or tail[0] != word[cut:].casefold():
            continue
        candidate = [*tokens(word[:cut]), tail[0]]
        if candidate not in alternatives:
            alternatives.append(candidate)
    return alternatives


def autocomplete_words(query: str | None) -> tuple[list[list[str]], list[list[str]]]:
    """The words typed in full (as query_words) and the alternatives for the last one."""
    raw = _clean(query or "")[:MAX_QUERY_CHARS].split()[:MAX_QUERY_WORDS]
    while raw and not tokens(raw[-1]):
        raw.pop()
    if not raw:
        return [], []
    last = prefix_alternatives(raw[-1])
    return [w for w in query_words(" ".join(raw[:-1])) if w not in last], last


# -- highlighting -------------------------------------------------------------


def _normalise_with_offsets(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """NFKC text and, when it differs, each normalised character's source span.

    NFKC merges and expands characters (ﾊ + ﾟ → パ, ㈱ → (株)), so the text is
    normalised in units of a character and the marks that join it.
    """
    if unicodedata.is_normalized("NFKC", text) and not _SURROGATES.search(text):
        return text, None, None
    out, starts, ends = [], [], []
    i, length = 0, len(text)
    while i < length:
        j = i + 1
        while j < length and _JOINING.match(text, j):
            j += 1
        unit = _SURROGATES.sub("", unicodedata.normalize("NFKC", text[i:j]))
        out.append(unit)
        starts.extend([i] * len(unit))
        ends.extend([j] * len(unit))
        i = j
    return "".join(out), starts, ends


def _matches(text: str, words: list[list[str]], limit: int | None = None):
    """(start, end) source spans where any of ``words`` occurs in ``text``, in order."""
    if not text or not words:
        return []
    normalised, starts, ends = _normalise_with_offsets(text)
    spans = list(_spans(normalised))
    by_first: dict[str, list[list[str]]] = {}
    for word in sorted(words, key=len, reverse=True):
        by_first.setdefault(word[0], []).append(word)
    found = []
    i = 0
    while i < len(spans):
        for word in by_first.get(spans[i][0], ()):
            size = len(word)
            if [token for token, _s, _e in spans[i : i + size]] == word:
                start, end = spans[i][1], spans[i + size - 1][2]
                if starts is not None:
                    start, end = starts[start], ends[end - 1]
                found.append((start, end))
                i += size - 1
                break
        if limit and len(found) >= limit:
            break
        i += 1
    return found


def _segments(text: str, spans, start: int, end: int) -> list[tuple[str, bool]]:
    segments, position = [], start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, position), min(span_end, end)
        if span_start >= span_end:
            continue
        if span_start > position:
            segments.append((text[position:span_start], False))
        segments.append((text[span_start:span_end], True))
        position = span_end
    if position < end:
        segments.append((text[position:end], False))
    return segments


def highlight(text: str, words: list[list[str]]) -> list[tuple[str, bool]]:
    """``text`` as (piece, is_match) segments, every occurrence of the words marked."""
    text = text or ""
    return _segments(text, _matches(text, words), 0, len(text))


def snippet(
    text: str, words: list[list[str]], width: int = 120, before: int = 30
) -> list[tuple[str, bool]]:
    """About ``width`` characters of ``text`` around the first match, matches marked.

    Whitespace is collapsed; an ellipsis marks text left out. Without a match,
    the start of the text.
    """
    text = " ".join((text or "").split())
    if not text:
        return []
    # Find the first match cheaply: one sentence-sized piece at a time.
    first = None
    for offset, piece in _pieces(text):
        found = _matches(piece, words, limit=1)
        if found:
            first = (offset + found[0][0], offset + found[0][1])
            break
    if first is None:
        start, end, spans = 0, min(len(text), width), []
    else:
        start = max(0, first[0] - before)
        end = min(len(text), max(start + width, first[1]))
        # Re-read a margin on both sides so words cut by the window still match.
        margin_start = max(0, start - 20)
        margin_end = min(len(text), end + 20)
        window = _matches(text[margin_start:margin_end], words)
        spans = [(s + margin_start, e + margin_start) for s, e in window]
    segments = _segments(text, spans, start, end)
    if start > 0:
        segments.insert(0, ("…", False))
    if end < len(text):
        segments.append(("…", False))
    return segments


def _pieces(text: str, size: int = 400) -> Iterable[tuple[int, str]]:
    """Sentence-sized pieces of text, each ending at 。 or a space where possible."""
    start, length = 0, len(text)
    while start < length:
        end = min(start + size, length)
        if end < length:
            cut = max(text.rfind("。", start, end), text.rfind(" ", start, end))
            if cut > start:
                end = cut + 1
        yield start, text[start:end]
        start = end
