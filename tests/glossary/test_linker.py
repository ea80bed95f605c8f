"""Unit tests for glossary.linker: HTML handling, matching rules, results."""

import re
import threading

import pytest

from glossary.linker import Linker, LinkResult, Term, Tooltip, render_tooltips, strip_links

LINK_RE = re.compile(
    r'<a class="glossary-term" href="([^"]*)" data-term-id="([^"]*)" '
    r'aria-describedby="([^"]*)">(.*?)</a>',
    re.DOTALL,
)


def T(tid, *forms, cs=False, url=None, summary=None):
    return Term(
        id=tid,
        forms=list(forms),
        url=url or f"/glossary/{tid}/",
        summary=f"summary {tid}" if summary is None else summary,
        case_sensitive=cs,
    )


def run(terms, html, **kwargs):
    result = Linker(terms).link(html, **kwargs)
    assert strip_links(result.html) == html  # every call: removing the links gives the input
    return result


def links(result):
    """[(term id, linked source text)] in document order."""
    return [(int(m.group(2)), m.group(4)) for m in LINK_RE.finditer(result.html)]


PAC3 = T(1, "PAC3")


# -- API and markup ----------------------------------------------------------------


def test_markup_is_exact():
    result = run([T(7, "抑止", url="/glossary/yokushi/")], "<p>核の抑止。</p>")
    assert result.html == (
        '<p>核の<a class="glossary-term" href="/glossary/yokushi/" data-term-id="7" '
        'aria-describedby="glossary-tip-7-1">抑止</a>。</p>'
    )
    assert result.found == [7]
    assert result.counts == {7: 1}
    assert result.tooltips == [Tooltip("glossary-tip-7-1", result.tooltips[0].term)]
    assert result.tooltips[0].term.id == 7


def test_result_is_a_linkresult_with_lists_and_dict():
    result = run([PAC3], "<p>PAC3</p>")
    assert isinstance(result, LinkResult)
    assert isinstance(result.found, list)
    assert isinstance(result.counts, dict)
    assert isinstance(result.tooltips, list)
    dom_id, term = result.tooltips[0]  # a (dom_id, term) pair
    assert dom_id == "glossary-tip-1-1"
    assert term is PAC3


def test_render_tooltips_markup_and_escaping():
    term = T(3, "x", summary='<b>"A" & B</b>')
    html = render_tooltips([Tooltip("glossary-tip-3-1", term)])
    assert html == (
        '<span role="tooltip" id="glossary-tip-3-1" class="glossary-tip" hidden>'
        "&lt;b&gt;&quot;A&quot; &amp; B&lt;/b&gt;</span>"
    )
    assert render_tooltips([]) == ""


def test_url_and_id_are_escaped_and_come_from_the_term():
    term = Term(id=5, forms=["抑止"], url='/g/?a=1&b="2"<x>')
    result = run([term], '<p><img src="/evil">抑止</p>')
    assert 'href="/g/?a=1&amp;b=&quot;2&quot;&lt;x&gt;"' in result.html
    assert LINK_RE.search(result.html).group(1) == "/g/?a=1&amp;b=&quot;2&quot;&lt;x&gt;"


def test_string_ids_are_escaped():
    result = run([Term(id='a"b', forms=["抑止"], url="/x/")], "抑止")
    assert 'data-term-id="a&quot;b"' in result.html
    assert 'aria-describedby="glossary-tip-a&quot;b-1"' in result.html


@pytest.mark.parametrize("html", ["", "   ", "<p></p>", "<!-- x -->", "plain text"])
def test_empty_or_termless_input(html):
    result = run([PAC3], html)
    assert result.html == html
    assert result.found == [] and result.counts == {} and result.tooltips == []


def test_no_terms_at_all():
    result = run([], "<p>PAC3</p>")
    assert result.html == "<p>PAC3</p>" and result.found == []


@pytest.mark.parametrize("forms", [[], [""], ["   "], ["\u3000"], [None, ""], ["\x00"]])
def test_terms_without_usable_forms_are_ignored(forms):
    term = Term(id=2, forms=forms, url="/x/")
    result = run([term, PAC3], "<p>PAC3 and nothing</p>")
    assert links(result) == [(1, "PAC3")]


def test_forms_none_and_single_string():
    assert Term(id=1, forms=None, url="/x/").forms == ()
    assert Term(id=1, forms="PAC3", url="/x/").forms == ("PAC3",)
    result = run([Term(id=1, forms="PAC3", url="/x/")], "PAC3")
    assert links(result) == [(1, "PAC3")]


def test_forms_are_stripped():
    assert links(run([T(1, "  抑止 ")], "核抑止力")) == [(1, "抑止")]


def test_duplicate_ids_are_rejected():
    with pytest.raises(ValueError, match="duplicate"):
        Linker([T(1, "a"), T(1, "b")])


def test_case_sensitive_defaults_to_false():
    assert Term(id=1, forms=["x"], url="/").case_sensitive is False


# -- where links may go -----------------------------------------------------------

EXCLUDED = [
    '<a href="/x">{}</a>',
    "<h1>{}</h1>",
    "<h2>{}</h2>",
    "<h3>{}</h3>",
    "<h4>{}</h4>",
    "<h5>{}</h5>",
    "<h6>{}</h6>",
    "<code>{}</code>",
    "<pre>{}</pre>",
    "<pre><span>{}</span></pre>",
    "<kbd>{}</kbd>",
    "<samp>{}</samp>",
    "<script>var x = '{}';</script>",
    "<style>/* {} */</style>",
    "<textarea>{}</textarea>",
    "<button>{}</button>",
    "<svg><text>{}</text></svg>",
    "<math><mi>{}</mi></math>",
    "<select><option>{}</option></select>",
    "<ruby>{}<rt>ぱっく</rt></ruby>",
    "<title>{}</title>",
    "<noscript>{}</noscript>",
    "<iframe>{}</iframe>",
    '<div data-glossary="off">{}</div>',
    '<div data-glossary="off"><p><b>{}</b></p></div>',
    "<span data-glossary='off'>{}</span>",
    "<span data-glossary=off>{}</span>",
    '<SPAN DATA-GLOSSARY="OFF">{}</SPAN>',
    '<span data-glossary=" off ">{}</span>',
    '<span data-glossary="&#111;ff">{}</span>',
    '<span data-glossary="off" data-glossary="on">{}</span>',
    "<H2>{}</H2>",
    '<A HREF="/x">{}</A>',
    "<!-- {} -->",
    "<!--{}",
    "<![CDATA[{}]]>",
    "<!DOCTYPE {}>",
    "<?php {} ?>",
    "</ {}>",
]


@pytest.mark.parametrize("template", EXCLUDED)
def test_no_link_and_no_count_inside_excluded(template):
    html = "<p>" + template.format("PAC3") + "</p>"
    result = run([PAC3], html)
    assert result.html == html
    assert result.counts == {} and result.found == []


@pytest.mark.parametrize("template", EXCLUDED[:-6])
def test_text_after_an_excluded_element_is_linked(template):
    html = "<p>" + template.format("PAC3") + " PAC3</p>"
    result = run([PAC3], html)
    assert links(result) == [(1, "PAC3")]
    assert result.html.endswith("PAC3</a></p>")
    assert result.counts == {1: 1}


@pytest.mark.parametrize(
    "template",
    [
        '<span data-glossary="on">{}</span>',
        '<span data-glossary="">{}</span>',
        "<span data-glossary>{}</span>",
        '<span data-glossary="offf">{}</span>',
        '<span data-glossary="on" data-glossary="off">{}</span>',
        '<span title="data-glossary=off">{}</span>',
        "<p>{}</p>",
        "<P>{}</P>",
        "<b>{}</b>",
        "<li>{}</li>",
        "<td>{}</td>",
        "<blockquote>{}</blockquote>",
        "<figcaption>{}</figcaption>",
    ],
)
def test_linked_inside_ordinary_elements(template):
    result = run([PAC3], template.format("PAC3"))
    assert links(result) == [(1, "PAC3")]


@pytest.mark.parametrize(
    "html",
    [
        '<img alt="PAC3" title="PAC3"> x',
        '<a href="/PAC3" title="PAC3">link</a> x',
        "<span title=PAC3 data-x='PAC3'>x</span>",
        '<p class="抑止">x</p>',
        '<input value="PAC3">',
        '<p title="a>PAC3">x</p>',
    ],
)
def test_attributes_are_never_touched(html):
    result = run([PAC3, T(2, "抑止")], html)
    assert result.html == html and result.counts == {}


def test_attribute_mentions_do_not_count_but_text_does():
    html = '<p><img alt="PAC3">PAC3</p>'
    result = run([PAC3], html)
    assert result.html == '<p><img alt="PAC3">' + link_markup(1, 1, "PAC3") + "</p>"


def link_markup(tid, n, text):
    return (
        f'<a class="glossary-term" href="/glossary/{tid}/" data-term-id="{tid}" '
        f'aria-describedby="glossary-tip-{tid}-{n}">{text}</a>'
    )


def test_text_split_across_inline_tags_is_left_alone():
    term = T(1, "防衛装備移転三原則")
    for html in [
        "<p>防衛装備移<b>転</b>三原則</p>",
        "<p>防衛装備<span>移転三原則</span></p>",
        "<p>防衛装備移転<!-- -->三原則</p>",
        "<p>防衛装備移転<br>三原則</p>",
    ]:
        result = run([term], html)
        assert result.html == html and result.counts == {}
    assert links(run([term], "<p>防衛装備移転三原則</p>")) == [(1, "防衛装備移転三原則")]


def test_nested_excluded_regions_end_at_the_right_place():
    html = '<div data-glossary="off"><div><p>PAC3</p></div>PAC3<span>PAC3</span></div><p>PAC3</p>'
    result = run([PAC3], html, first_only=False)
    assert links(result) == [(1, "PAC3")]
    assert result.html.endswith("<p>" + link_markup(1, 1, "PAC3") + "</p>")


def test_never_nested_links_even_inside_unclosed_link():
    html = '<p><a href="/x">PAC3 <b>PAC3</b></p><p>PAC3'
    result = run([PAC3], html)
    assert result.counts == {}  # the unclosed <a> may still be open: stay out


def test_unclosed_ordinary_tags():
    result = run([PAC3], "<p>PAC3<p><b>PAC3<li>PAC3", first_only=False)
    assert [t for _, t in links(result)] == ["PAC3", "PAC3", "PAC3"]


def test_uppercase_void_and_unquoted():
    html = "<P CLASS=x>PAC3<BR>PAC3<IMG SRC=/a.png ALT=PAC3/>PAC3<HR/></P>"
    result = run([PAC3], html, first_only=False)
    assert len(links(result)) == 3


def test_end_of_input_inside_a_tag_drops_the_rest():
    html = 'PAC3 <a href="/x PAC3'
    result = run([PAC3], html, first_only=False)
    assert links(result) == [(1, "PAC3")]
    assert result.html.startswith(link_markup(1, 1, "PAC3"))
    html = "PAC3 <span title='PAC3"
    assert len(links(run([PAC3], html, first_only=False))) == 1


def test_literal_less_than_signs_are_text():
    html = "<p>2<3 a < b <>PAC3</p>"
    result = run([T(9, "2<3"), PAC3], html, first_only=False)
    assert links(result) == [(9, "2<3"), (1, "PAC3")]
    # '<' and a letter open a tag, whatever follows: here <pac3 ...>.
    assert run([PAC3], "<PAC3 </ PAC3>x").counts == {}


def test_literal_less_than_sign_at_the_end():
    assert links(run([PAC3], "PAC3<")) == [(1, "PAC3")]
    assert links(run([PAC3], "PAC3</")) == [(1, "PAC3")]
    assert links(run([PAC3], "PAC3</>")) == [(1, "PAC3")]


@pytest.mark.parametrize(
    "html",
    [
        "<!-->PAC3",
        "<!--->PAC3",
        "<!---->PAC3",
        "<!-- a --!>PAC3",
        "<!-- a -- b -->PAC3",
        "<!DOCTYPE html>PAC3",
        "<?xml version='1.0'?>PAC3",
        "<![CDATA[x>PAC3",  # outside svg/math, CDATA is a bogus comment up to '>'
    ],
)
def test_comment_and_bogus_comment_ends(html):
    assert links(run([PAC3], html)) == [(1, "PAC3")]


@pytest.mark.parametrize(
    "html",
    [
        "<script>if (a<b) { s = '</a>PAC3'; }</script>PAC3",
        "<script>s = '<!--'; t = '-->PAC3';</script>PAC3",
        "<script><!--<script>x</script>PAC3--></script>PAC3",
        "<script><!-- x --></script>PAC3",
        "<script><!--></script>PAC3",
        "<SCRIPT type=text/javascript>PAC3</SCRIPT >PAC3",
        "<script>PAC3</scripty></script>PAC3",
        "<style>p::after { content: '</p>PAC3' }</style>PAC3",
        "<textarea><b>PAC3</b></textarea>PAC3",
        "<title><!--</title>PAC3",
        "<xmp><b>PAC3</xmp>PAC3",
    ],
)
def test_raw_text_elements(html):
    result = run([PAC3], html, first_only=False)
    assert links(result) == [(1, "PAC3")]
    assert result.html.endswith(link_markup(1, 1, "PAC3"))


def test_unterminated_raw_text_swallows_the_rest():
    for html in ["<script>PAC3", "<style>PAC3</styl", "<plaintext>PAC3</plaintext>PAC3"]:
        assert run([PAC3], html).counts == {}


def test_foreign_content():
    cases = {
        "<svg><g><text>PAC3</text></g></svg>PAC3": 1,
        "<svg><path d='M0'/><text>PAC3</text></svg>PAC3": 1,
        "<svg/>PAC3": 1,
        "<svg><title>PAC3</title></svg>PAC3": 1,
        "<svg><![CDATA[</svg>PAC3]]></svg>PAC3": 1,
        "<svg><svg></svg>PAC3</svg>PAC3": 1,
        "<math><mi>PAC3</mi></math>PAC3": 1,
        "<svg><g>PAC3</svg>PAC3": 0,  # unclosed <g>: the end of svg is unsure, stay out
        "<svg><foreignObject><div>x</foreignObject></svg>PAC3": 0,
    }
    for html, expected in cases.items():
        assert len(links(run([PAC3], html, first_only=False))) == expected, html


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # An end tag that would close an excluded element implicitly is ignored:
        # browsers keep or rebuild <code>/<a> here.
        ("<p><code>x</p>PAC3", 0),
        ("<p><a href=/x>x</p><p>PAC3</p>", 0),
        ("<div data-glossary=off><span data-glossary=off>x</div>PAC3", 0),
        # Closing ordinary elements implicitly is fine.
        ("<div data-glossary=off><b>x</div>PAC3", 1),
        ("<h2>a<b>b</h2>PAC3", 1),
        # Any heading end tag closes the open heading.
        ("<h2>a</h3>PAC3", 1),
        # A heading start tag closes an open heading.
        ("<h2>a<h3>b</h3>PAC3", 1),
        # End tags do not reach out of table cells.
        ("<a href=/x><table><tr><td>x</a>PAC3", 0),
        ("<table><tr><td><a href=/x>x</td></tr></table>PAC3", 0),
        ("<table><tr><td>x</table>PAC3", 1),
        # <li>, <dd>, <dt> close the previous item, even an excluded one.
        ('<ul><li data-glossary="off">x<li>PAC3</ul>', 1),
        ('<dl><dt data-glossary="off">x<dd>PAC3</dl>', 1),
        ('<ul><li data-glossary="off"><ul><li>x</ul>PAC3</ul>', 0),
        # A block start tag closes an open <p>, even an excluded one.
        ('<p data-glossary="off">x<div>PAC3</div>', 1),
        ('<p data-glossary="off">x<span>PAC3</span>', 0),
        ('<p data-glossary="off"><button>x<div>PAC3</div>', 0),
        # Stray end tags are ignored.
        ("</h2>PAC3", 1),
        ("</a></code>PAC3", 1),
    ],
)
def test_malformed_nesting_is_resolved_on_the_safe_side(html, expected):
    assert len(links(run([PAC3], html, first_only=False))) == expected


ODD_HTML = [
    "a &amp; b &lt;c&gt; &#x30D1;&#12488; &nbsp;&copy &ampx &unknown; & &#; &#xZZ;",
    "<p\tclass = 'a'\nid=b>PAC3</p >",
    '<p title="PAC3 &amp; 抑止" data-x=\'"\'>抑止&amp;PAC3</p>',
    "<br/><br /><br/ >PAC3<img src=x onerror=alert(1)>",
    "<p>PAC3<p>PAC3</div></span>PAC3",
    "\r\n<p>\r\nPAC3\r\n</p>\t \x0c",
    "<a href=x>PAC3</a >PAC3</A>PAC3",
    "<b><i>抑止</b></i>PAC3<!---->",
    "PAC3\x00PAC3 \x00抑止",
    "<<<>>>PAC3<<p>>PAC3",
    "<p =x a=\"1\"b='2'c=3>PAC3",
    "<table>PAC3<tr><td>PAC3</td></tr></table>",
]


@pytest.mark.parametrize("html", ODD_HTML)
def test_odd_html_roundtrips(html):
    for first_only in (True, False):
        result = run([PAC3, T(2, "抑止"), T(3, "&"), T(4, "パト")], html, first_only=first_only)
        assert "<a class" in result.html or result.counts == {}


def test_nul_characters_in_text_keep_offsets():
    result = run([PAC3, T(2, "抑止")], "x\x00PAC3\x00抑止\x00", first_only=False)
    assert links(result) == [(1, "PAC3"), (2, "抑止")]


# -- matching -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "text"),
    [
        ("PAC3", "ＰＡＣ３"),
        ("PAC3", "ＰＡＣ3"),
        ("2+2", "２＋２"),
        ("日米2プラス2", "日米２プラス２"),
        ("パトリオット", "ﾊﾟﾄﾘｵｯﾄ"),
        ("パトリオット", "パﾄﾘｵｯﾄ"),
        ("(JJOC)", "（ＪＪＯＣ）"),
        ("(JJOC)", "(JJOC)"),
        ("（ＪＪＯＣ）", "(JJOC)"),  # forms are normalised too
        ("ﾊﾟﾄﾘｵｯﾄ", "パトリオット"),
        ("東京~大阪", "東京〜大阪"),
        ("東京〜大阪", "東京～大阪"),
        ("東京～大阪", "東京~大阪"),
        ("A-1", "A−1"),
        ("A-1", "A‐1"),
        ("A-1", "A‑1"),
        ("A-1", "A－1"),
        ("日米 協議", "日米\u3000協議"),
        ("日米 協議", "日米\u00a0協議"),
        ("café", "cafe\u0301"),
        ("cafe\u0301", "café"),
        ("10km", "10㎞"),
        ("(株)", "㈱"),
        ("K", "\u212a"),  # Kelvin sign
    ],
)
def test_width_and_compatibility_variants(form, text):
    result = run([T(1, form)], f"<p>「{text}」</p>")
    assert links(result) == [(1, text)]  # the link keeps the original characters


def test_longest_form_wins_leftmost_first():
    terms = [T(1, "抑止"), T(2, "拡大抑止")]
    assert links(run(terms, "拡大抑止と抑止")) == [(2, "拡大抑止"), (1, "抑止")]
    terms = [T(1, "抑止力"), T(2, "拡大抑止力強化")]
    assert links(run(terms, "拡大抑止力")) == [(1, "抑止力")]
    assert links(run(terms, "拡大抑止力強化")) == [(2, "拡大抑止力強化")]
    terms = [T(1, "あい"), T(2, "いう")]
    assert links(run(terms, "あいう")) == [(1, "あい")]
    terms = [T(1, "日米"), T(2, "米2プラス2"), T(3, "日米2プラス2")]
    assert links(run(terms, "日米2プラス2")) == [(3, "日米2プラス2")]
    assert links(run(terms[:2], "日米2プラス2")) == [(1, "日米")]  # leftmost first


def test_matches_do_not_overlap():
    result = run([T(1, "ああ")], "あああああ", first_only=False)
    assert [t for _, t in links(result)] == ["ああ", "ああ"]
    assert result.counts == {1: 2}


@pytest.mark.parametrize(
    ("text", "linked"),
    [
        ("PAC3MSE", False),
        ("XPAC3", False),
        ("xpac3", False),
        ("PAC3を", True),
        ("「PAC3」", True),
        ("PAC3", True),
        ("PAC3-MSE", True),
        ("PAC3 MSE", True),
        ("ＰＡＣ３ＭＳＥ", False),  # full width is ASCII after NFKC
        ("XＰＡＣ３", False),
        ("新型PAC3配備", True),
        ("PAC3_", True),
        ("éPAC3", True),  # only ASCII letters and digits count
        ("1PAC3", False),
        ("PAC32", False),
        ("PAC3²", False),  # ² is 2 after NFKC
    ],
)
def test_latin_word_boundaries(text, linked):
    result = run([PAC3], f"<p>{text}</p>")
    assert bool(result.found) is linked


def test_latin_boundaries_across_width_variants_and_references():
    terms = [T(1, "2025"), T(2, "JJOC")]
    assert links(run(terms, "２０２５年")) == [(1, "２０２５")]
    assert links(run(terms, "１２０２５年")) == []
    assert links(run(terms, "（ＪＪＯＣ）")) == [(2, "ＪＪＯＣ")]
    assert links(run(terms, "&#74;JOC")) == [(2, "&#74;JOC")]
    assert links(run(terms, "X&#74;JOC")) == []
    assert links(run(terms, "2025&#x41;")) == []


def test_no_break_spaces_are_spaces():
    terms = [T(1, "Missile Defense"), T(2, "日米\u00a0協議")]
    for text in ["Missile Defense", "Missile\u00a0Defense", "Missile&nbsp;Defense"]:
        assert links(run(terms, f"<p>{text}を</p>")) == [(1, text)]
    assert links(run(terms, "日米 協議")) == [(2, "日米 協議")]


def test_boundaries_only_at_the_latin_end_of_a_form():
    terms = [T(1, "2+2協議"), T(2, "日米2+2")]
    assert links(run(terms, "12+2協議")) == []
    assert links(run(terms, "2+2協議")) == [(1, "2+2協議")]
    assert links(run(terms, "x日米2+2")) == [(2, "日米2+2")]  # starts with kanji: no check
    assert links(run(terms, "日米2+23")) == []


def test_text_node_edges_are_boundaries():
    assert links(run([PAC3], "X<b>PAC3</b>MSE")) == [(1, "PAC3")]


def test_a_shorter_valid_match_beats_a_longer_invalid_one():
    terms = [T(1, "抑止"), T(2, "抑止A")]
    assert links(run(terms, "抑止AB")) == [(1, "抑止")]
    assert links(run(terms, "抑止A。")) == [(2, "抑止A")]
    terms = [T(1, "PAC"), T(2, "PAC3")]
    assert links(run(terms, "PAC3X")) == []
    assert links(run(terms, "PAC-3")) == [(1, "PAC")]


def test_case_insensitive_by_default():
    result = run([PAC3], "pac3 Pac3 ＰＡＣ３ ｐａｃ３", first_only=False)
    assert [t for _, t in links(result)] == ["pac3", "Pac3", "ＰＡＣ３", "ｐａｃ３"]
    assert links(run([T(1, "pac3")], "PAC3")) == [(1, "PAC3")]


def test_case_sensitive_terms_match_exact_case():
    us = T(1, "US", cs=True)
    result = run([us], "US us Us ＵＳ", first_only=False)
    assert [t for _, t in links(result)] == ["US", "ＵＳ"]


def test_case_sensitive_and_insensitive_terms_coexist():
    terms = [T(1, "us"), T(2, "US", cs=True)]
    result = run(terms, "US us Us", first_only=False)
    # Same match: the case-sensitive term goes first; otherwise the other one.
    assert [(tid, t) for tid, t in links(result)] == [(2, "US"), (1, "us"), (1, "Us")]


def test_same_match_goes_to_the_earlier_term():
    assert links(run([T(1, "抑止"), T(2, "抑止")], "抑止")) == [(1, "抑止")]
    assert links(run([T(2, "抑止"), T(1, "抑止")], "抑止")) == [(2, "抑止")]


def test_a_case_sensitive_term_with_several_cases():
    term = T(1, "iPhone", "IPHONE", cs=True)
    result = run([term], "iPhone IPHONE iphone", first_only=False)
    assert [t for _, t in links(result)] == ["iPhone", "IPHONE"]


def test_dotted_capital_i_and_final_sigma_keep_lengths():
    assert links(run([T(1, "İstanbul")], "İSTANBUL x")) == [(1, "İSTANBUL")]
    assert links(run([PAC3], "İPAC3")) == [(1, "PAC3")]  # İ is not ASCII
    assert links(run([T(1, "ΟΔΟΣ")], "οδος")) == [(1, "οδος")]
    assert links(run([T(1, "οδος")], "ΟΔΟΣΑ")) == [(1, "ΟΔΟΣ")]


def test_expansions_are_never_cut():
    # ㈱ is "(株)" after NFKC: a match may not begin or end inside it.
    assert links(run([T(1, "株")], "㈱と株")) == [(1, "株")]
    assert links(run([T(1, "株)")], "㈱")) == []
    assert links(run([T(1, "(株")], "㈱")) == []
    assert links(run([T(1, "(株)")], "㈱と（株）")) == [(1, "㈱")]
    assert links(run([T(1, "(株)テスト")], "㈱テスト")) == [(1, "㈱テスト")]
    # … is "..." after NFKC.
    assert links(run([T(1, "..")], "…")) == []
    assert links(run([T(1, "...")], "待て…")) == [(1, "…")]
    assert links(run([T(1, "待て...")], "待て…")) == [(1, "待て…")]
    # ㍻ is 平成.
    assert links(run([T(1, "平")], "㍻")) == []
    assert links(run([T(1, "平成")], "㍻元年")) == [(1, "㍻")]


def test_merged_characters_are_never_cut():
    # ﾊﾟ is one character after NFKC.
    assert links(run([T(1, "ハ")], "ﾊﾟ")) == []
    assert links(run([T(1, "パ")], "xﾊﾟx")) == [(1, "ﾊﾟ")]
    assert links(run([T(1, "ハ")], "ﾊﾞﾊ")) == [(1, "ﾊ")]
    assert links(run([T(1, "e")], "e\u0301")) == []
    # A mark that does not compose with what precedes it is a separate character.
    assert links(run([T(1, "A")], "Aﾟ")) == [(1, "A")]
    assert links(run([T(1, "A\u309a")], "Aﾟ")) == [(1, "Aﾟ")]


def test_character_references():
    terms = [T(1, "AT&T"), T(2, "amp"), T(3, "パトリオット"), T(4, "a<b")]
    result = run(
        terms, "<p>AT&amp;T amp &amp; a&lt;b &#x30D1;&#12488;リオット</p>", first_only=False
    )
    assert links(result) == [
        (1, "AT&amp;T"),
        (2, "amp"),
        (4, "a&lt;b"),
        (3, "&#x30D1;&#12488;リオット"),
    ]


@pytest.mark.parametrize(
    ("html", "linked"),
    [
        ("&amp;", "&amp;"),
        ("&ampx", "&amp"),  # a legacy reference without ';' decodes to "&x"
        ("&amp", "&amp"),
        ("&#38;", "&#38;"),
        ("&#x26;", "&#x26;"),
    ],
)
def test_a_match_never_splits_a_reference(html, linked):
    terms = [T(1, "&"), T(2, "amp"), T(3, "38"), T(4, "x26"), T(5, "#")]
    assert links(run(terms, html)) == [(1, linked)]


def test_a_reference_to_two_characters_is_one_unit():
    assert links(run([T(1, "≂")], "&NotEqualTilde;")) == []
    assert links(run([T(1, "≂̸")], "x&NotEqualTilde;x")) == [(1, "&NotEqualTilde;")]


def test_references_to_dropped_code_points():
    # html.unescape drops &#1;: the text reads "AB", and no link cuts the reference.
    result = run([T(1, "AB")], "A&#1;B")
    assert links(result) == [(1, "A&#1;B")]


def test_references_and_latin_boundaries():
    assert links(run([PAC3], "&#80;AC3 &#x58;PAC3 PAC3&#77;")) == [(1, "&#80;AC3")]


def test_characters_beyond_the_bmp():
    terms = [T(1, "𠮷野家"), T(2, "PAC3")]
    result = run(terms, "😀𠮷野家😀PAC3😀𠮷野家", first_only=False)
    assert links(result) == [(1, "𠮷野家"), (2, "PAC3"), (1, "𠮷野家")]
    assert links(run([T(1, "野家")], "𠮷野家")) == [(1, "野家")]


# -- first_only, counts, found, skip_ids -------------------------------------------------


def test_first_only_links_once_but_counts_all():
    terms = [T(1, "抑止"), T(2, "PAC3")]
    html = "<p>PAC3と抑止。抑止、PAC3、抑止</p><h2>抑止</h2><p><a href=x>PAC3</a></p>"
    result = run(terms, html)
    assert links(result) == [(2, "PAC3"), (1, "抑止")]
    assert result.found == [2, 1]
    assert result.counts == {2: 2, 1: 3}  # the heading and the link do not count
    assert [t.dom_id for t in result.tooltips] == ["glossary-tip-2-1", "glossary-tip-1-1"]


def test_first_only_false_links_every_occurrence_with_its_own_tooltip():
    result = run([T(1, "抑止")], "抑止と抑止<b>抑止</b>", first_only=False)
    assert len(links(result)) == 3
    assert [t.dom_id for t in result.tooltips] == [
        "glossary-tip-1-1",
        "glossary-tip-1-2",
        "glossary-tip-1-3",
    ]
    assert re.findall(r'aria-describedby="([^"]+)"', result.html) == [
        t.dom_id for t in result.tooltips
    ]


def test_found_is_in_order_of_first_appearance():
    terms = [T(1, "a1"), T(2, "b2"), T(3, "c3")]
    result = run(terms, "<p>c3 a1</p><p>b2 c3 a1</p>")
    assert result.found == [3, 1, 2]
    assert result.counts == {3: 2, 1: 2, 2: 1}


def test_skip_ids_removes_terms_from_matching():
    terms = [T(1, "抑止"), T(2, "拡大抑止"), T(3, "PAC3")]
    html = "<p>拡大抑止とPAC3、抑止</p>"
    result = run(terms, html, skip_ids={2})
    # The skipped term is neither linked nor counted, and 抑止 inside it now matches.
    assert links(result) == [(1, "抑止"), (3, "PAC3")]
    assert result.counts == {1: 2, 3: 1}
    assert result.found == [1, 3]
    result = run(terms, html, skip_ids=[1, 2, 3])
    assert result.html == html and result.counts == {}


def test_skip_ids_unknown_ids_are_ignored():
    assert links(run([PAC3], "PAC3", skip_ids=(99, "x"))) == [(1, "PAC3")]


def test_skip_ids_with_shared_forms():
    terms = [T(1, "抑止"), T(2, "抑止")]
    assert links(run(terms, "抑止", skip_ids=[1])) == [(2, "抑止")]


def test_occurrences_in_excluded_elements_are_not_counted():
    html = (
        "<h2>PAC3</h2><p><a href=/x>PAC3</a><code>PAC3</code>"
        '<span data-glossary="off">PAC3</span><img alt="PAC3"></p>'
    )
    result = run([PAC3], html)
    assert result.counts == {} and result.found == []


# -- sharing ------------------------------------------------------------------------


def test_linker_is_reusable_and_thread_safe():
    terms = [T(i, f"用語{i}", f"TERM{i}") for i in range(200)]
    linker = Linker(terms)
    docs = [
        "".join(f"<p>用語{(i * 7 + j) % 200}とterm{(i + j) % 200}。</p>" for j in range(30))
        for i in range(20)
    ]
    expected = [linker.link(d, first_only=False) for d in docs]
    errors = []

    def work(offset):
        for k in range(60):
            i = (k + offset) % len(docs)
            if linker.link(docs[i], first_only=False) != expected[i]:
                errors.append(i)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert all(strip_links(r.html) == d for r, d in zip(expected, docs, strict=True))
