"""Glossary auto-linker: link glossary terms in rendered body HTML.

Pure Python (no Django imports), so it can be tested and benchmarked alone::

    linker = Linker([Term(id=1, forms=["日米2プラス2", "2+2"], url="/glossary/x/", summary="…")])
    result = linker.link(html, first_only=True, skip_ids=())
    result.html, result.found, result.counts, result.tooltips

HTML handling
    The input is tokenised losslessly by a small HTML5-style scanner (comments,
    bogus comments, raw-text elements such as ``script``, unclosed and
    upper-case tags, unquoted attributes). Only the text between tags changes:
    links are inserted around spans of the source string, which is never
    re-serialised, so removing the inserted links (:func:`strip_links`) gives
    back the input byte for byte. Nothing is linked inside ``a``, ``h1``–``h6``,
    ``code``, ``pre``, ``kbd``, ``samp``, ``script``, ``style``, ``textarea``,
    ``button``, ``svg``, ``math``, ``select``, ``datalist``, ``ruby``, raw-text
    elements (``title``, ``iframe``, ``noscript``, ``xmp``…), nor inside any element
    with ``data-glossary="off"`` or its descendants. Attributes are never
    touched. Malformed nesting is resolved on the safe side: an end tag that
    would implicitly close an excluded element, or cross a table cell, is
    ignored, so the excluded region only ever grows.

Matching
    Per text node (a term split by inline tags, 防衛装備移<b>転</b>三原則, is
    not matched), on NFKC-normalised text plus a few extra folds
    (:mod:`glossary.textnorm`); the link keeps the original characters.
    Character references are decoded first, as ``html.unescape`` does, so
    AT&amp;T matches the form AT&T. A match never begins or ends inside a
    character reference (``&amp;`` is one unit) or inside
    the normalisation of one source character (㈱ → (株)) or of a composed
    sequence (ﾊﾟ → パ). Forms are normalised the same way. There is no word
    boundary next to kana or kanji; but a form that begins (ends) with an ASCII
    letter or digit does not match when the neighbouring normalised character
    on that side of the text node is one too (PAC3 is not found in PAC3MSE;
    the edge of a text node is a boundary).
    Latin case is ignored unless the term is ``case_sensitive``. Among all
    candidates the leftmost, then longest, wins; matches do not overlap
    (leftmost-longest, as an Aho-Corasick automaton in that mode selects
    them, scanning on after each match). When several terms have exactly the
    same match, a case-sensitive term goes first, then the earlier term in
    the list given to :class:`Linker`.

``skip_ids``
    Skipped terms are removed from matching entirely, as if absent from the
    glossary: they are neither linked nor counted, and a shorter term inside a
    skipped one can match (on the 拡大抑止 page, skipping 拡大抑止 lets 抑止
    match inside it).

Counting
    ``counts`` and ``found`` cover the occurrences in linkable text only (not in
    headings, links, code, attributes… nor in ``data-glossary="off"``
    regions), all of them even when ``first_only`` links just the first.

Tooltips
    Each link points with ``aria-describedby`` at a popover that is *not*
    emitted inline: ``result.tooltips`` lists ``(dom_id, term)`` pairs, and
    :func:`render_tooltips` renders them as hidden ``role="tooltip"`` spans for
    the page template to place at the end of the body. So the body keeps only
    the ``<a>`` elements, which :func:`strip_links` removes exactly::

        <a class="glossary-term" href="URL" data-term-id="ID"
           aria-describedby="glossary-tip-ID-N">original text</a>

    (on one line; URL and ID escaped), N numbering the term's occurrences in
    this call, so always 1 with ``first_only``.

Speed
    Aho-Corasick automata over the UTF-8 bytes of all forms, from
    ahocorasick_rs (Rust's aho-corasick crate; contiguous NFA, built once in
    :class:`Linker`). Their compact, array-based states scan about twice as
    fast as pyahocorasick's trie, one allocation per node (20 MB at 50,000
    terms), and build faster; a scan still slows down as the glossary grows
    (cache misses), though by less. The automaton built
    with the linker selects leftmost-longest, non-overlapping matches itself
    (``MatchKind.LeftmostLongest``). When every form belongs to one
    case-insensitive term and nothing is skipped, they are exactly the links,
    in order: nothing is filtered or sorted in Python. Otherwise each is
    checked (skipped terms, case-sensitive forms, a cut normalisation unit);
    if all pass, they still are the links, as each is leftmost-longest among
    the matches that pass too. Only if one fails, or if a skipped term's form
    occurs in the text at all (looked for first, so that a term's own page
    is scanned once), does a second automaton, built on first use, report
    every match (``MatchKind.Standard``, overlapping), to check them all and
    keep the leftmost, then longest.
    :meth:`Linker.link` splits the HTML into text and tokens in one regex call
    (what each distinct token does is cached; documents with raw text or
    svg/math take the complete scanner), normalises all linkable text in one
    string (piece by piece through a memo, except references and characters
    NFKC expands or merges), marks runs of ASCII letters and digits so that
    the automaton itself applies the Latin neighbour rule, and runs the
    automaton once over the UTF-8 bytes (offsets in bytes, which a cursor
    turns into characters for the links only; a match starts and ends on
    a character boundary, since UTF-8 lead and continuation bytes differ).
    A term's opening tag and tooltip for its first link are made once, when
    the linker is built. It keeps no per-call state (only memos of pure
    functions and immutable records), so one linker can be shared by threads.
    Figures: docs/PERFORMANCE.md.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from html import escape, unescape
from itertools import accumulate
from typing import NamedTuple

from ahocorasick_rs import BytesAhoCorasick, Implementation, MatchKind

from glossary.textnorm import MARK, NodeMap, fold_case, mark_runs, normalize_many, normalize_marked

__all__ = ["LinkResult", "Linker", "Term", "Tooltip", "render_tooltips", "strip_links"]


# --------------------------------------------------------------------------
# Terms and results


@dataclass(frozen=True, slots=True)
class Term:
    """A glossary entry: every form links to ``url``."""

    id: int
    forms: Sequence[str]
    url: str
    summary: str = ""
    case_sensitive: bool = False

    def __post_init__(self) -> None:
        forms = self.forms
        if isinstance(forms, str):  # a lone string would otherwise be split into characters
            forms = (forms,)
        object.__setattr__(self, "forms", tuple(forms or ()))


class Tooltip(NamedTuple):
    """A popover to render once on the page, referenced by a link's aria-describedby."""

    dom_id: str
    term: Term


_new_tooltip = partial(tuple.__new__, Tooltip)  # Tooltip((dom_id, term)), without __new__'s cost


@dataclass(frozen=True, slots=True)
class LinkResult:
    """What :meth:`Linker.link` found and produced."""

    html: str
    found: list[int] = field(default_factory=list)  # term ids, in order of first occurrence
    counts: dict[int, int] = field(default_factory=dict)  # term id -> occurrences
    tooltips: list[Tooltip] = field(default_factory=list)  # one per inserted link, in order


# Matches exactly the markup Linker.link inserts around a match.
_LINK_RE = re.compile(
    r'<a class="glossary-term" href="[^"<>]*" data-term-id="[^"<>]*" '
    r'aria-describedby="glossary-tip-[^"<>]*">(.*?)</a>',
    re.DOTALL,
)


def strip_links(html: str) -> str:
    """Remove the links :meth:`Linker.link` inserted, keeping their text.

    A link's text comes from one text node, which never contains ``</a``, so
    the first ``</a>`` after the opening tag is its end. (Input that already
    held this exact markup would lose it too; bodies are linked when rendered,
    so it never does.)
    """
    return _LINK_RE.sub(r"\1", html)


def render_tooltips(tooltips: Iterable[Tooltip]) -> str:
    """Hidden popover elements for ``result.tooltips``, to place after the body."""
    return "".join(
        f'<span role="tooltip" id="{escape(tip.dom_id)}" class="glossary-tip" hidden>'
        f"{escape(tip.term.summary)}</span>"
        for tip in tooltips
    )


# --------------------------------------------------------------------------
# HTML scanning: find the text nodes that may receive links.

# Attributes, by the HTML5 tokenizer's rules. A value left open by a quote runs
# to the end of input (the tag then has no closing '>' and is dropped).
_VALUE = r""""[^"]*(?:"|\Z)|'[^']*(?:'|\Z)|[^\t\n\f\r >"'][^\t\n\f\r >]*"""
_NAME = r"[^\t\n\f\r />][^\t\n\f\r /=>]*"
_EQ = r"[\t\n\f\r ]*=[\t\n\f\r ]*"
_ATTR = rf"[\t\n\f\r /]*({_NAME})(?:{_EQ}({_VALUE})?)?"  # groups: name, raw value
_ATTRS = rf"(?:[\t\n\f\r /]*{_NAME}(?:{_EQ}(?:{_VALUE})?)?)*"
_ATTR_RE = re.compile(_ATTR)
_GLOSSARY_ATTR_RE = re.compile("data-glossary", re.IGNORECASE)


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_HEADINGS = _names("h1 h2 h3 h4 h5 h6")
# No links inside these elements; select, datalist and ruby too, since <a>
# cannot live in the first two and would cut ruby text from its reading.
_EXCLUDED = _HEADINGS | _names("a code pre kbd samp button svg math select datalist ruby")
_VOID = _names(
    "area base basefont bgsound br col embed frame hr image img input keygen link meta "
    "param source track wbr"
)
# Elements whose content is not markup; their text is never linked.
_RAW = _names("script style xmp iframe noembed noframes noscript textarea title")
_RAW_END = {name: re.compile(r"</" + name + r"[\t\n\f\r />]", re.IGNORECASE) for name in _RAW}
# Script data escapes (<!-- <script> … </script> -->) change where a script ends.
_SCRIPT_STATES = (
    re.compile(r"</script[\t\n\f\r />]|<!--", re.IGNORECASE),
    re.compile(r"</script[\t\n\f\r />]|<script[\t\n\f\r />]|-->", re.IGNORECASE),
    re.compile(r"</script[\t\n\f\r />]|-->", re.IGNORECASE),
)
# End tags do not reach past these; crossing them is ignored (safe side).
_SCOPE = _names("applet caption html table td th marquee object template")
_TABLE_PARTS = _names("table tbody thead tfoot tr")
_CELLS = _names("td th caption")
_BUTTON_SCOPE = _SCOPE | {"button"}
# Start tags that close an open <p> (HTML5 "close a p element").
_P_CLOSERS = _HEADINGS | _names(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption "
    "figure footer form header hgroup hr li dd dt listing main menu nav ol p plaintext pre "
    "search section summary ul xmp"
)
# HTML5 "special" elements, which stop the search for an <li>/<dd>/<dt> to close.
_SPECIAL = _names(
    "address applet area article aside base basefont bgsound blockquote body br button caption "
    "center col colgroup dd details dir div dl dt embed fieldset figcaption figure footer form "
    "frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input keygen li "
    "link listing main marquee menu meta nav noembed noframes noscript object ol p param "
    "plaintext pre script search section select source style summary table tbody td template "
    "textarea tfoot th thead title tr track ul wbr xmp"
)


def _glossary_off(attrs: str) -> bool:
    """True when the first data-glossary attribute in ``attrs`` says "off"."""
    if _GLOSSARY_ATTR_RE.search(attrs) is None:
        return False
    for m in _ATTR_RE.finditer(attrs):
        if m.group(1).lower() != "data-glossary":
            continue
        value = m.group(2) or ""
        if value[:1] in ('"', "'"):
            value = value[1:-1] if len(value) > 1 and value[-1] == value[0] else value[1:]
        return unescape(value).strip(" \t\n\f\r").lower() == "off"
    return False


def _script_end(html: str, i: int) -> int:
    """Start of the end tag closing a script whose content starts at ``i``, or -1."""
    state = 0  # 0: script data, 1: escaped (<!--), 2: double escaped (<!--<script>)
    while True:
        m = _SCRIPT_STATES[state].search(html, i)
        if m is None:
            return -1
        tok = m.group(0)
        if tok == "<!--":
            state, i = 1, m.start() + 2  # its own dashes may end it again: <!-->
        elif tok == "-->":
            state, i = 0, m.end()
        elif tok[1] == "/":
            if state != 2:
                return m.start()
            state, i = 1, m.end()
        else:
            state, i = 2, m.end()


# What a start tag does, beyond being pushed on the stack of open elements.
_K_PUSH, _K_VOID, _K_RAW, _K_FOREIGN, _K_PLAINTEXT = range(5)
_START_KIND = dict.fromkeys(_VOID, _K_VOID) | dict.fromkeys(_RAW, _K_RAW)
_START_KIND |= {"svg": _K_FOREIGN, "math": _K_FOREIGN, "plaintext": _K_PLAINTEXT}

# A start or end tag by the HTML5 grammar. Groups: end-tag slash, name,
# attributes, trailing space and slashes, closing '>' (missing at end of input).
_TAG_RE = re.compile(r"<(/?)([A-Za-z][^\t\n\f\r />]*)(" + _ATTRS + r")([\t\n\f\r /]*)(>)?")
# One markup token. Groups 1-3: a tag with no quote before the next '>', which
# then ends it (the common case, and a far cheaper pattern); groups 4-8: any
# other tag, as _TAG_RE; else a comment (HTML5 ends: <!-->, <!--->, -->, --!>,
# or end of input), or a bogus comment (<!…>, <?…>, </…> without a letter).
# A '<' that starts none of these is text.


def _token_pattern(group: str) -> str:
    return (
        rf"<(?:{group}/?){group}[A-Za-z][^\t\n\f\r />]*){group}[^>\"']*)>"
        rf"|{group}/?){group}[A-Za-z][^\t\n\f\r />]*){group}{_ATTRS})[\t\n\f\r /]*{group}>)?"
        r"|!--(?:-?>|.*?(?:--!?>|\Z))"
        r"|![^>]*>?|\?[^>]*>?|/>|/[^A-Za-z>][^>]*>?)"
    )


_TOKEN_RE = re.compile(_token_pattern("("), re.DOTALL)
# The same tokens as one group, for re.split (the fast scan).
_SPLIT_RE = re.compile("(" + _token_pattern("(?:") + ")", re.DOTALL)


def _self_closing(html: str, lt: int) -> bool:
    """Whether the tag at ``lt`` ends with "/>" (not part of an unquoted value)."""
    return _TAG_RE.match(html, lt).group(4).endswith("/")


def _scan_full(html: str) -> list[tuple[int, int]]:
    """Source spans of the text nodes where links may go, in document order.

    The complete scanner; :func:`_text_nodes` takes a faster way through
    documents it handles alike, and this one for the rest.
    """
    out: list[tuple[int, int]] = []
    stack: list[tuple[str, bool]] = []  # open HTML elements: (name, excluded)
    excluded = 0  # excluded elements on the stack
    foreign: list | None = None  # inside svg/math: [root name, open names, poisoned]
    pos = 0  # start of the pending text

    def close_to(j: int) -> int:
        # Pop stack[j:] unless that would implicitly close an excluded element
        # (the browser may keep or rebuild it). Returns the excluded ones popped.
        if any(flag for _, flag in stack[j + 1 :]):
            return 0
        flag = stack[j][1]
        del stack[j:]
        return flag

    def close_p() -> int:
        for j in range(len(stack) - 1, -1, -1):
            name = stack[j][0]
            if name == "p":
                return close_to(j)
            if name in _BUTTON_SCOPE:
                return 0
        return 0

    def close_item(names: tuple[str, ...]) -> int:
        for j in range(len(stack) - 1, -1, -1):
            name = stack[j][0]
            if name in names:
                return close_to(j)
            if name in _SPECIAL and name not in ("address", "div", "p"):
                return 0
        return 0

    tokens = _TOKEN_RE.finditer(html)
    while tokens is not None:
        resume = None  # restart tokenising here after content that is not markup
        for m in tokens:
            lt, end = m.span()
            if pos < lt and not excluded and foreign is None:
                out.append((pos, lt))
            pos = end
            slash, name, attrs, slash2, name2, attrs2, gt = m.groups()
            if name is None:
                if name2 is None:  # comment or bogus comment
                    if foreign is not None and html.startswith("<![CDATA[", lt):
                        j = html.find("]]>", lt + 9)  # a real CDATA section in svg/math
                        pos = len(html) if j < 0 else j + 3
                        resume = pos
                        break
                    continue
                if gt is None:  # end of input inside the tag: the tag is dropped
                    return out
                slash, name, attrs = slash2, name2, attrs2
            name = name.lower()
            if slash:
                if foreign is None and stack and stack[-1][0] == name:
                    excluded -= stack.pop()[1]
                elif foreign is not None:
                    # Leave svg/math only when everything inside closed in order.
                    inner = foreign[1]
                    if foreign[2]:
                        pass
                    elif inner:
                        if inner[-1] == name:
                            inner.pop()
                        else:
                            foreign[2] = True
                    elif name == foreign[0]:
                        foreign = None
                    else:
                        foreign[2] = True
                else:
                    targets = _HEADINGS if name in _HEADINGS else (name,)
                    for j in range(len(stack) - 1, -1, -1):
                        top = stack[j][0]
                        if top in targets:
                            excluded -= close_to(j)
                            break
                        if top in _SCOPE and not (name in _TABLE_PARTS and top in _CELLS):
                            break
                continue
            if foreign is not None:
                if not foreign[2] and name not in _VOID and not _self_closing(html, lt):
                    foreign[1].append(name)
                continue
            kind = _START_KIND.get(name, _K_PUSH)
            if kind == _K_PUSH and name not in _P_CLOSERS:  # the common case
                flag = name in _EXCLUDED or (bool(attrs) and _glossary_off(attrs))
                stack.append((name, flag))
                excluded += flag
                continue
            if kind == _K_RAW:
                # Skip the content and its end tag: nothing inside is text for us.
                if name == "script":
                    close = _script_end(html, pos)
                else:
                    found = _RAW_END[name].search(html, pos)
                    close = found.start() if found else -1
                if close < 0:
                    return out
                m = _TAG_RE.match(html, close)
                if m.group(5) is None:
                    return out
                pos = resume = m.end()
                break
            if kind == _K_PLAINTEXT:
                return out
            if name in _P_CLOSERS:
                if name == "li":
                    excluded -= close_item(("li",))
                elif name == "dd" or name == "dt":
                    excluded -= close_item(("dd", "dt"))
                excluded -= close_p()
                if name in _HEADINGS and stack and stack[-1][0] in _HEADINGS:
                    excluded -= stack.pop()[1]
            if kind == _K_VOID:
                continue
            if kind == _K_FOREIGN:
                if not _self_closing(html, lt):
                    foreign = [name, [], False]
                continue
            flag = name in _EXCLUDED or (bool(attrs) and _glossary_off(attrs))
            stack.append((name, flag))
            excluded += flag
        tokens = None if resume is None else _TOKEN_RE.finditer(html, resume)
    if pos < len(html) and not excluded and foreign is None:
        out.append((pos, len(html)))
    return out


# The fast scan: the same tokens, split out in one call, and the same state
# machine for everything but raw text, svg/math, plaintext and a tag cut off
# by the end of input, which send the whole document to _scan_full. What a
# token does depends on its text alone, so it is worked out once and cached.
_T_PUSH, _T_START, _T_END, _T_SKIP, _T_FULL = range(5)
_TOKEN_INFO: dict[str, tuple] = {}
_TOKEN_INFO_MAX = 4096  # distinct tokens kept (links make many); then start over


def _token_info(html: str, lt: int) -> tuple:
    """What the token at ``html[lt]`` does, as :func:`_scan_full` would see it."""
    slash, name, attrs, slash2, name2, attrs2, gt = _TOKEN_RE.match(html, lt).groups()
    if name is None:
        if name2 is None:
            return (_T_SKIP,)  # comment or bogus comment
        if gt is None:
            return (_T_FULL,)  # end of input inside the tag
        slash, name, attrs = slash2, name2, attrs2
    name = name.lower()
    if slash:
        return (_T_END, name)
    kind = _START_KIND.get(name, _K_PUSH)
    if kind in (_K_RAW, _K_FOREIGN, _K_PLAINTEXT):
        return (_T_FULL,)
    flag = name in _EXCLUDED or (bool(attrs) and _glossary_off(attrs))
    if kind == _K_PUSH and name not in _P_CLOSERS:
        return (_T_PUSH, name, flag)
    return (_T_START, name, flag, kind == _K_VOID)


def _close_to(names: list[str], flags: list[bool], j: int) -> int:
    # As in _scan_full: pop the elements from j up unless that would implicitly
    # close an excluded element. Returns the excluded ones popped.
    if any(flags[j + 1 :]):
        return 0
    flag = flags[j]
    del names[j:], flags[j:]
    return flag


def _close_p(names: list[str], flags: list[bool]) -> int:
    for j in range(len(names) - 1, -1, -1):
        name = names[j]
        if name == "p":
            return _close_to(names, flags, j)
        if name in _BUTTON_SCOPE:
            return 0
    return 0


def _close_item(names: list[str], flags: list[bool], items: tuple[str, ...]) -> int:
    for j in range(len(names) - 1, -1, -1):
        name = names[j]
        if name in items:
            return _close_to(names, flags, j)
        if name in _SPECIAL and name not in ("address", "div", "p"):
            return 0
    return 0


def _close_end(names: list[str], flags: list[bool], name: str) -> int:
    """An end tag that does not close the current element."""
    targets = _HEADINGS if name in _HEADINGS else (name,)
    for j in range(len(names) - 1, -1, -1):
        top = names[j]
        if top in targets:
            return _close_to(names, flags, j)
        if top in _SCOPE and not (name in _TABLE_PARTS and top in _CELLS):
            return 0
    return 0


def _text_nodes(html: str) -> tuple[list[int], list[str]]:
    """Start offsets and texts of the text nodes :func:`_scan_full` finds."""
    parts = _SPLIT_RE.split(html)  # text, token, text, …, text
    starts: list[int] = []
    texts: list[str] = []
    names: list[str] = []  # the stack of open HTML elements,
    flags: list[bool] = []  # and whether each is excluded
    excluded = 0  # excluded elements on the stack
    pos = 0
    info_of = _TOKEN_INFO
    it = iter(parts)
    for text, token in zip(it, it, strict=False):  # the last text is parts[-1]
        if text:
            if not excluded:
                starts.append(pos)
                texts.append(text)
            pos += len(text)
        try:
            info = info_of[token]
        except KeyError:
            info = _token_info(html, pos)
            if len(info_of) >= _TOKEN_INFO_MAX:
                info_of.clear()
            info_of[token] = info
        pos += len(token)
        what = info[0]
        if what == _T_END:
            name = info[1]
            if names and names[-1] == name:
                names.pop()
                excluded -= flags.pop()
            else:
                excluded -= _close_end(names, flags, name)
        elif what == _T_PUSH:
            names.append(info[1])
            flags.append(info[2])
            excluded += info[2]
        elif what == _T_START:
            _, name, flag, void = info
            if names and name in _P_CLOSERS:  # nothing to close in an empty stack
                if name == "li":
                    if "li" in names:
                        excluded -= _close_item(names, flags, ("li",))
                elif (name == "dd" or name == "dt") and ("dd" in names or "dt" in names):
                    excluded -= _close_item(names, flags, ("dd", "dt"))
                if "p" in names:
                    excluded -= _close_p(names, flags)
                if name in _HEADINGS and names and names[-1] in _HEADINGS:
                    names.pop()
                    excluded -= flags.pop()
            if not void:
                names.append(name)
                flags.append(flag)
                excluded += flag
        elif what == _T_FULL:
            spans = _scan_full(html)
            return [s for s, _ in spans], [html[s:e] for s, e in spans]
    text = parts[-1]
    if text and not excluded:
        starts.append(pos)
        texts.append(text)
    return starts, texts


def _scan(html: str) -> list[tuple[int, int]]:
    """Source spans of the text nodes where links may go, in document order."""
    starts, texts = _text_nodes(html)
    return [(s, s + len(t)) for s, t in zip(starts, texts, strict=True)]


# --------------------------------------------------------------------------
# The linker


class Linker:
    """Links glossary terms in HTML. Build once, call :meth:`link` many times."""

    _use_longest = True  # False: always take the general path (tests compare the two)

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms: tuple[Term, ...] = tuple(terms)
        index: dict[int, int] = {}
        # Per term, what its first link in a call needs, made once: (id, the
        # whole opening tag of link number 1, its Tooltip, index). Immutable,
        # so calls share them; later numbers are derived from them.
        recs: list[tuple[object, str, Tooltip, int]] = []
        forms: list[str] = []
        owners: list[int] = []  # term index of each form
        for idx, term in enumerate(self.terms):
            tid = term.id
            if tid in index:
                raise ValueError(f"duplicate glossary term id {tid!r}")
            index[tid] = idx
            sid = str(tid) if type(tid) is int else _attr(str(tid))
            tip = f"glossary-tip-{sid}-1"
            recs.append(
                (
                    tid,
                    f'<a class="glossary-term" href="{_attr(term.url)}" '
                    f'data-term-id="{sid}" aria-describedby="{tip}">',
                    _new_tooltip((tip, term)),
                    idx,
                )
            )
            for form in term.forms:
                if isinstance(form, str) and "\x00" not in form:
                    forms.append(form)
                    owners.append(idx)
        self._index = index
        self._recs = recs
        self._keys: list[bytes] = []  # the automata's patterns
        self._values: list[tuple[int, tuple | None, tuple]] = []  # per pattern
        # Per pattern, for the fast path: (characters, id, opening tag, Tooltip),
        # flat, as the output loop reads it.
        self._simple_values: list[tuple[int, object, str, Tooltip]] = []
        self._term_keys: list[list[bytes]] = []
        self._simple = True
        self._longest = None  # leftmost-longest automaton: the fast path
        self._every = None  # all-matches automaton: the general path, built on first use
        self._key_chars: frozenset[str] = frozenset()

        # folded form -> [(case-insensitive?, term index, normalised form)]
        by_key: dict[str, list[tuple[bool, int, str]]] = {}
        norms = [f.strip() for f in normalize_many(forms)]
        insensitive = [not t.case_sensitive for t in self.terms]
        for idx, norm, key in zip(owners, norms, _fold_many(norms), strict=True):
            if not norm:
                continue
            entries = by_key.get(key)
            if entries is None:
                by_key[key] = [(insensitive[idx], idx, norm)]
            elif not any(
                i == idx and (insensitive[idx] or f == norm) for _, i, f in entries
            ):  # one entry per term, or per exact form of a case-sensitive one
                entries.append((insensitive[idx], idx, norm))
        if not by_key:
            return

        # In key order, the trie's states are laid out depth first, so that the
        # children of a state a scan visits lie together (2-3 % faster links at
        # 50,000 terms, whose automaton is far bigger than the caches).
        keys = sorted(by_key)
        # UTF-8, marks included; no key holds NUL.
        self._keys = mark_runs("\x00".join(keys)).encode("utf-8", "surrogatepass").split(b"\x00")
        values = self._values
        term_keys = self._term_keys = [[] for _ in self.terms]  # encoded keys per term
        for key, encoded in zip(keys, self._keys, strict=True):
            entries = by_key[key]
            for _, idx, _ in entries:
                term_keys[idx].append(encoded)
            if len(entries) > 1:
                entries.sort(key=_entry_rank)  # case-sensitive first, then list order
            ins, idx, form = entries[0]
            single = len(entries) == 1 and ins
            values.append(
                (
                    len(key),  # in characters, marks excluded
                    recs[idx] if single else None,  # the term, when that is all there is to check
                    () if single else tuple((i, None if ins else f) for ins, i, f in entries),
                )
            )
        self._key_chars = frozenset("".join(keys))
        # Every form belongs to one case-insensitive term: a match needs no check.
        self._simple = all(len(e) == 1 and e[0][0] for e in by_key.values())
        if self._simple:
            self._simple_values = [(clen, *rec[:3]) for clen, rec, _ in values]
        self._longest = _automaton(self._keys, MatchKind.LeftmostLongest)

    def link(self, html: str, first_only: bool = True, skip_ids: Iterable[int] = ()) -> LinkResult:
        """Link the terms found in ``html``; see the module docstring for the rules."""
        if not self._keys:
            return LinkResult(html)
        starts, texts = _text_nodes(html)
        if not texts:
            return LinkResult(html)
        index = self._index
        skip = {index[t] for t in skip_ids if t in index}
        # All linkable text in one string, NUL-separated (no form holds NUL), so
        # the automaton runs once; NUL is a boundary for NFKC and references.
        # Runs of ASCII letters and digits are marked in the text and in the
        # forms, so a form beginning or ending with one matches only at the
        # edge of a run (the Latin neighbour rule) and needs no check here.
        joined = "\x00".join(texts)
        marked, nmap = normalize_marked(joined)
        low = fold_case(marked)
        try:
            raw = low.encode()
            strict, errors = True, "strict"
        except UnicodeEncodeError:  # lone surrogates
            raw = low.encode("utf-8", "surrogatepass")
            strict, errors = False, "surrogatepass"
        inside = None if nmap is None else _inside_chars(low, nmap, self._key_chars)

        # The automata read the UTF-8 bytes and report byte offsets, [start, end).
        if not self._use_longest:
            table, chosen = self._general(raw, marked, errors, skip, inside)
        elif self._simple and not skip and not inside:
            # Nothing to check: the automaton's own leftmost-longest,
            # non-overlapping matches are the links, in order.
            table = self._simple_values
            chosen = self._longest.find_matches_as_indexes(raw)
        elif skip and self._skipped_occur(skip, raw):
            table, chosen = self._general(raw, marked, errors, skip, inside)
        else:
            # Those matches stand if each passes the checks: leftmost-longest
            # among all matches, each is so among the matches that pass too.
            hits = self._longest.find_matches_as_indexes(raw)
            checked = self._check(hits, raw, marked, errors, skip, inside, True)
            if checked is None:  # one failed: a shorter or later match may take its place
                checked = self._general(raw, marked, errors, skip, inside)
            table, chosen = checked
        if not chosen:
            return LinkResult(html)

        counts: dict[int, int] = {}  # in order of first occurrence: its keys are `found`
        count_of = counts.get
        tooltips: list[Tooltip] = []
        out: list[str] = []
        last = 0  # html copied up to here
        byte = char = 0  # a cursor converting byte offsets to character offsets
        # Normalisation units change offsets: a cursor over their ends.
        unit_ends = [] if nmap is None else nmap.norm_ends
        src_ends = [] if nmap is None else nmap.src_ends
        shifts = [s - e for s, e in zip(src_ends, unit_ends, strict=True)]
        units = len(unit_ends)
        unit = 0  # units ending at or before the cursor
        shift = 0  # joined offset minus normalised offset there
        next_end = unit_ends[0] if units else _FAR
        jstarts = list(accumulate(map(_PLUS_ONE, map(len, texts[:-1])), initial=0))
        bases = list(map(int.__sub__, starts, jstarts))  # source minus joined offset, per node
        for k, start, end in chosen:
            clen, tid, opening, tip = table[k]
            seen = count_of(tid)
            if seen is None:
                counts[tid] = 1
            else:
                counts[tid] = seen = seen + 1
                if first_only:
                    continue
                num = str(seen)  # the records hold link number 1
                opening = f'{opening[:-3]}{num}">'
                tip = _new_tooltip((tip[0][:-1] + num, tip[1]))
            gap = raw[byte:start].decode() if strict else raw[byte:start].decode("utf-8", errors)
            char += len(gap) - gap.count(MARK)
            byte = end
            a = char
            char = b = a + clen
            if next_end <= b:  # back to joined offsets, through the units
                while unit < units and unit_ends[unit] <= a:
                    shift = shifts[unit]
                    unit += 1
                a += shift
                while unit < units and unit_ends[unit] <= b:
                    shift = shifts[unit]
                    unit += 1
                b += shift
                next_end = unit_ends[unit] if unit < units else _FAR
            else:
                a += shift
                b += shift
            base = bases[bisect_right(jstarts, a) - 1]  # of the text node
            a += base
            b += base
            out += html[last:a], opening, html[a:b], "</a>"
            last = b
            tooltips.append(tip)
        out.append(html[last:])
        return LinkResult("".join(out), list(counts), counts, tooltips)

    def _skipped_occur(self, skip: set[int], raw: bytes) -> bool:
        """Whether a form of a skipped term may occur in ``raw``.

        If so, the general path is taken at once, rather than after a failed
        check and a second scan. (Only a guess, never a matter of correctness:
        past _SKIP_LOOKUPS forms it answers yes without looking.)
        """
        left = _SKIP_LOOKUPS
        term_keys = self._term_keys
        for idx in skip:
            for key in term_keys[idx]:
                left -= 1
                if left < 0 or key in raw:
                    return True
        return False

    def _general(
        self, raw: bytes, marked: str, errors: str, skip: set[int], inside: set[int] | None
    ) -> tuple[list[tuple[int, object, str, Tooltip]], list[tuple[int, int, int]]]:
        """The general path: every match of every form, checked, then leftmost-longest."""
        every = self._every
        if every is None:  # built on first use: most calls never need it
            every = self._every = _automaton(self._keys, MatchKind.Standard)
        hits = every.find_matches_as_indexes(raw, True)
        return self._check(hits, raw, marked, errors, skip, inside, False)

    def _check(
        self,
        hits: list[tuple[int, int, int]],
        raw: bytes,
        marked: str,
        errors: str,
        skip: set[int],
        inside: set[int] | None,
        selected: bool,
    ) -> tuple[list[tuple[int, object, str, Tooltip]], list[tuple[int, int, int]]] | None:
        """The matches to link, as the fast path gives them: a table of
        (characters, id, opening tag, Tooltip) and [(row, start, end)] in order.

        ``hits`` are (pattern, start, end). Each is checked (skipped terms,
        case-sensitive forms, normalisation units); then the leftmost, then
        longest, are kept. If ``selected``, the hits are leftmost-longest
        already, and None is returned as soon as one fails a check.
        """
        values = self._values
        recs = self._recs
        plain = None  # the normalised text without marks, for case-sensitive forms
        cands = []
        add = cands.append
        cur_byte = cur_char = 0  # a cursor converting byte offsets to character offsets
        for k, start, end in hits:
            clen, rec, entries = values[k]
            if rec is not None:
                if rec[3] in skip:
                    if selected:
                        return None
                    continue
            else:
                for idx, exact in entries:
                    if idx in skip:
                        continue
                    if exact is not None:  # case-sensitive: compare the characters
                        if start < cur_byte:
                            cur_byte = cur_char = 0
                        gap = raw[cur_byte:start].decode("utf-8", errors)
                        cur_char += len(gap) - gap.count(MARK)
                        cur_byte = start
                        if plain is None:
                            plain = marked.replace(MARK, "")
                        if plain[cur_char : cur_char + clen] != exact:
                            continue
                    rec = recs[idx]
                    break
                else:
                    if selected:
                        return None
                    continue
            if inside:  # would it cut a reference or a normalisation unit?
                if start < cur_byte:
                    cur_byte = cur_char = 0
                gap = raw[cur_byte:start].decode("utf-8", errors)
                cur_char += len(gap) - gap.count(MARK)
                cur_byte = start
                if cur_char in inside or cur_char + clen in inside:
                    if selected:
                        return None
                    continue
            add((start, -end, clen, rec))
        if not selected:
            cands.sort()  # leftmost, then longest; no two share a span: records never compared
        table = []
        chosen = []
        reach = 0  # end of the last match taken
        for start, neg_end, clen, rec in cands:
            if start >= reach:
                reach = -neg_end
                chosen.append((len(table), start, reach))
                table.append((clen, *rec[:3]))
        return table, chosen


def _automaton(keys: list[bytes], kind: MatchKind) -> BytesAhoCorasick:
    return BytesAhoCorasick(keys, kind, Implementation.ContiguousNFA)


def _fold_many(texts: list[str]) -> list[str]:
    return fold_case("\x00".join(texts)).split("\x00") if texts else []


def _entry_rank(entry: tuple[bool, int, str]) -> tuple[bool, int]:
    return entry[0], entry[1]


_NEEDS_ESCAPE = re.compile("[&<>\"']")


def _attr(value: str) -> str:
    """``value`` escaped for a double-quoted attribute."""
    return escape(value, quote=True) if _NEEDS_ESCAPE.search(value) else value


def _inside_chars(text: str, nmap: NodeMap, key_chars: frozenset[str]) -> set[int]:
    """Offsets strictly inside a multi-character unit, in ``text`` without marks.

    Only units holding a character of some form count: a match begins and
    ends with such characters, so it cannot begin or end inside any other.
    """
    inside = set()
    plain = None
    for a, b in zip(nmap.norm_starts, nmap.norm_ends, strict=True):
        if b - a < 2:
            continue
        if plain is None:
            plain = text.replace(MARK, "")
        if not key_chars.isdisjoint(plain[a:b]):
            inside.update(range(a + 1, b))
    return inside


_PLUS_ONE = (1).__add__
_SKIP_LOOKUPS = 64  # forms of skipped terms looked for in the text, at most
_FAR = 1 << 62  # beyond any offset
