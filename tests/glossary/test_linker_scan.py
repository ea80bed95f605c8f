"""The linker's fast HTML scan against its complete scanner.

``_text_nodes`` splits the document in one regex call and caches what each
distinct token does; everything it does not handle itself (raw text, svg/math,
plaintext, a tag cut off by the end of input) goes to ``_scan_full``. Both must
find exactly the same linkable text nodes, on any input and whatever the
token cache holds.
"""

import itertools
import random

import pytest

from glossary import linker
from glossary.linker import Linker, Term, _scan, _scan_full, _text_nodes, strip_links
from tests.glossary.test_linker_fuzz import Doc

DOCS = 10_000
SEED = 2_025_0611

# Tokens and text from every corner of the tokenizer: case, unquoted and quoted
# attributes holding '>' or quotes, data-glossary in all its spellings, implied
# end tags (p, li, dd/dt, headings), table scopes, void and self-closing tags,
# comments and bogus comments, raw text, foreign content, literal '<'.
PIECES = [
    "PAC3",
    "抑止",
    " ",
    "a < b",
    "<",
    ">",
    "&amp;",
    "&",
    "<p>",
    "</p>",
    "<P>",
    "<p data-glossary=off>",
    "<li data-glossary=off>",
    "<dt data-glossary=off>",
    "<div data-glossary=off>",
    "<blockquote>",
    "<pre>",
    "</pre>",
    "<li>",
    "</li>",
    "<ul>",
    "</ul>",
    "<dd>",
    "<dt>",
    "<dl>",
    "</dl>",
    "<h2>",
    "</h2>",
    "<h3>",
    "</h4>",
    "<b>",
    "</b>",
    "<B>",
    "<a href='/x/'>",
    '<a href="a>b">',
    "<a href=/x/>",
    "</a>",
    "<A HREF=x>",
    "<code>",
    "</code>",
    "<span data-glossary=off>",
    '<span data-glossary=" OFF ">',
    "<span data-glossary='on' data-glossary=off>",
    "<span DATA-GLOSSARY=&#111;ff>",
    "</span>",
    "<div>",
    "</div>",
    "<table><tr><td>",
    "</td>",
    "</tr>",
    "</table>",
    "<button>",
    "</button>",
    "<br>",
    "<br/>",
    "<img alt='PAC3'>",
    "<hr>",
    '<input value="a\'>b">',
    "<!-- PAC3 -->",
    "<!-->",
    "<!--->",
    "<!-- a --!>",
    "<!DOCTYPE html>",
    "<?php x ?>",
    "</>",
    "</ x>",
    "<script>a<b</script>",
    "<style>p{}</style>",
    "<textarea>PAC3</textarea>",
    "<title>x</title>",
    "<svg><text>PAC3</text></svg>",
    "<math><mi>x</mi></math>",
    "<svg/>",
    "<noscript>PAC3</noscript>",
    "<plaintext>",
    "<select><option>PAC3</option></select>",
    "<ruby>抑<rt>よく</rt></ruby>",
]


def random_document(rng):
    html = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30)))
    if rng.random() < 0.2:  # cut anywhere, even inside a tag or comment
        html = html[: rng.randint(0, len(html))]
    return html


def assert_same(html):
    spans = _scan_full(html)
    assert _scan(html) == spans, html
    starts, texts = _text_nodes(html)
    assert texts == [html[s:e] for s, e in spans], html
    assert starts == [s for s, _ in spans], html


def test_fast_scan_agrees_on_random_token_soup():
    rng = random.Random(SEED)
    for _ in range(DOCS):
        assert_same(random_document(rng))


def test_fast_scan_agrees_on_generated_documents():
    rng = random.Random(SEED + 1)
    for n in range(DOCS // 2):
        html, _ = Doc.generate(rng, messy=n % 2 == 1)
        assert_same(html)


def test_fast_scan_agrees_while_the_token_cache_keeps_being_emptied(monkeypatch):
    monkeypatch.setattr(linker, "_TOKEN_INFO_MAX", 3)
    linker._TOKEN_INFO.clear()
    rng = random.Random(SEED + 2)
    for _ in range(2_000):
        assert_same(random_document(rng))
        assert len(linker._TOKEN_INFO) <= 3


def test_token_cache_is_bounded():
    linker._TOKEN_INFO.clear()
    html = "".join(f'<a href="/columns/{n}/">x</a>' for n in range(linker._TOKEN_INFO_MAX + 100))
    assert_same(html)
    assert len(linker._TOKEN_INFO) <= linker._TOKEN_INFO_MAX


@pytest.mark.parametrize(
    "html",
    [
        "",
        "PAC3",
        "<p>PAC3",
        '<p>PAC3<a href="x',  # end of input inside an attribute value
        "<p>PAC3<a href=x",  # end of input inside a tag
        "<p>PAC3<!-- PAC3",  # end of input inside a comment
        "<p>PAC3</p",
        "<p>PAC3<",
        "<script>PAC3",  # unterminated raw text swallows the rest
        "<svg><a>PAC3</a></svg>PAC3",
        "<p>x<plaintext>PAC3</p>PAC3",
        "<h2>PAC3<h3>PAC3</h3>PAC3</h2>PAC3",
        "<ul><li>PAC3<li>PAC3</ul>PAC3",
        "<a>PAC3<p>PAC3</a>PAC3</p>PAC3",
        "<table><tr><td><a>PAC3</td></tr></table>PAC3",
        "<code>PAC3</CODE>PAC3",
    ],
)
def test_fast_scan_agrees_on_edge_cases(html):
    assert_same(html)
    # the same documents again, every token now cached
    assert_same(html)


def test_links_through_the_full_scanner_match_the_fast_path():
    # A raw-text element sends the document to the complete scanner; the
    # links it gets are the ones the fast path gives without it.
    linker_ = Linker([Term(1, ["PAC3"], "/g/pac3/")])
    fast = linker_.link("<p>PAC3 と <b>PAC3</b></p><p>PAC3</p>", first_only=False)
    full = linker_.link("<p>PAC3 と <b>PAC3</b></p><script>x</script><p>PAC3</p>", first_only=False)
    assert fast.counts == full.counts == {1: 3}
    assert strip_links(full.html) == "<p>PAC3 と <b>PAC3</b></p><script>x</script><p>PAC3</p>"
    assert full.html.replace("<script>x</script>", "") == fast.html


def _general_only(terms):
    """A linker that always takes the general path (all matches, checked, then sorted)."""
    slow = Linker(terms)
    slow._use_longest = False
    return slow


@pytest.mark.parametrize("case_sensitive", [False, True])
def test_fast_and_general_matching_paths_agree_on_long_documents(case_sensitive):
    # The linker takes the automaton's own leftmost-longest matches, checked
    # when there is anything to check (skipped terms, case-sensitive forms);
    # the general path finds every match and selects them itself. They agree.
    terms = [
        Term(1, ["PAC3"], "/g/1/"),
        Term(2, ["抑止", "拡大抑止"], "/g/2/"),
        Term(3, ["日米2+2"], "/g/3/"),
        Term(4, ["US"], "/g/4/", case_sensitive=case_sensitive),
        Term(5, ["AT&T"], "/g/5/"),
        Term(6, ["大抑", "止力"], "/g/6/"),
        Term(7, ["抑止力"], "/g/7/"),  # longer than 抑止, and a later term
    ]
    rng = random.Random(SEED + 3)
    words = [
        "PAC3",
        "ＰＡＣ３",
        "PAC3MSE",
        "拡大抑止",
        "抑止力",
        "抑",
        "日米２＋２",
        "US",
        "us",
        "AT&amp;T",
    ]
    words += ["…", "の", " ", "㈱", "ﾊﾟ"]
    shapes = ["<p>{}</p>", "<li>{}</li>", "<h2>{}</h2>", "{}<br>", "<b>{}</b>"]
    docs = []
    for _ in range(40):
        blocks = []
        for _ in range(rng.randint(1, 120)):
            text = "".join(rng.choice(words) for _ in range(rng.randint(0, 12)))
            blocks.append(rng.choice(shapes).format(text))
        docs.append("".join(blocks))
    fast = Linker(terms)
    slow = _general_only(terms)
    # Without its look for skipped forms, the fast path must reject the
    # skipped term's matches itself (and fall back).
    unguessed = Linker(terms)
    unguessed._skipped_occur = lambda skip, raw: False
    total = 0
    for html, skip in zip(docs, itertools.cycle([(), (), (2,), (6, 1)])):
        for first_only in (False, True):
            want = slow.link(html, first_only=first_only, skip_ids=skip)
            for linker_ in (fast, unguessed):
                got = linker_.link(html, first_only=first_only, skip_ids=skip)
                assert (got.html, got.counts, got.found) == (want.html, want.counts, want.found)
                assert got.tooltips == want.tooltips
                assert strip_links(got.html) == html
        total += sum(want.counts.values())
    assert total > 1000
