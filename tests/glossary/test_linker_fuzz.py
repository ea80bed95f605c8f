"""Fuzz test: random HTML from a small grammar, checked with a real HTML parser.

Documents mix ordinary and excluded elements, data-glossary="off" regions,
attributes holding terms, character references, comments, bogus comments,
raw-text elements with markup-looking content, svg/math, void elements,
upper-case names, unquoted attributes, stray '<' and '>', and (in a part of
them) unclosed elements and stray end tags. For every document:

* removing the links gives back the input exactly;
* BeautifulSoup (html.parser) finds no link inside a link, inside an excluded
  element or a data-glossary="off" region, nor any link markup inside
  comments, attributes or raw text;
* the links match the tooltips, and each link's text is a form of its term;
* for well-formed documents, ``counts`` and ``found`` equal what the
  brute-force reference finds in the text nodes BeautifulSoup reports as
  linkable.
"""

import random
import re
import unicodedata
from collections import Counter

from bs4 import BeautifulSoup, NavigableString

from glossary.linker import Linker, Term, strip_links
from tests.glossary.test_linker_differential import reference

DOCS = 10_000
SEED = 2_024_0809

TERMS = [
    Term(1, ["PAC3"], "/g/pac3/"),
    Term(2, ["抑止"], "/g/yokushi/"),
    Term(3, ["拡大抑止"], "/g/kakudai/"),
    Term(4, ["2+2", "日米2プラス2"], "/g/2plus2/"),
    Term(5, ["パトリオット"], "/g/patriot/"),
    Term(6, ["(JJOC)"], "/g/jjoc/"),
    Term(7, ["AT&T"], "/g/att/"),
    Term(8, ["US"], "/g/us/", case_sensitive=True),
    Term(9, ["株"], "/g/kabu/"),
]
LINKER = Linker(TERMS)
FORMS = {t.id: {unicodedata.normalize("NFKC", f).lower() for f in t.forms} for t in TERMS}

EXCLUDED = {
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "code",
    "pre",
    "kbd",
    "samp",
    "script",
    "style",
    "textarea",
    "button",
    "svg",
    "math",
    "select",
    "datalist",
    "ruby",
    "title",
}
RAW = {"script", "style", "textarea", "title"}
LINK_CLASS = "glossary-term"

# Text snippets: safe to paste anywhere text may go (no '<' + letter, no bare '&').
SNIPPETS = [
    "PAC3",
    "ＰＡＣ３",
    "pac3",
    "PAC3MSE",
    "XPAC3",
    "PAC3を",
    "抑止",
    "拡大抑止",
    "抑止力",
    "2+2",
    "２＋２",
    "12+2",
    "日米2プラス2",
    "パトリオット",
    "ﾊﾟﾄﾘｵｯﾄ",
    "(JJOC)",
    "（ＪＪＯＣ）",
    "AT&amp;T",
    "AT&amp;T社",
    "US",
    "us",
    "ＵＳ",
    "㈱",
    "株",
    "…",
    "と",
    "の",
    "は",
    "、",
    "。",
    "日本",
    "核",
    "米国",
    " ",
    " ",
    "\n",
    "&amp;",
    "&lt;",
    "&gt;",
    "&nbsp;",
    "&quot;",
    "&#x30D1;&#x30C8;リオット",
    "&#80;AC3",
    "a < b",
    "1 <2",
    "<>",
    ">",
    "»",
    "防衛装備移",
]
INLINE = ["b", "strong", "em", "i", "span", "small", "mark"]
BLOCKS = ["div", "section", "blockquote", "article"]
ATTR_VALUES = ["PAC3", "抑止 と PAC3", "x", "/glossary/PAC3/", "a>b", "拡大抑止", "AT&amp;T"]


class Doc:
    def __init__(self, rng):
        self.rng = rng
        self.wellformed = True
        self.parts = []

    def emit(self, *parts):
        self.parts.extend(parts)

    def name(self, name):
        return name.upper() if self.rng.random() < 0.15 else name

    def attrs(self, extra=""):
        rng = self.rng
        out = []
        for _ in range(rng.choice((0, 0, 1, 2))):
            key = rng.choice(("title", "alt", "class", "data-x", "href", "lang"))
            value = rng.choice(ATTR_VALUES)
            style = rng.random()
            if style < 0.5:
                out.append(f' {key}="{value}"')
            elif style < 0.8:
                out.append(f" {key}='{value}'")
            elif re.fullmatch(r"[^\s\"'=<>`]+", value):
                out.append(f" {key}={value}")
            else:
                out.append(f' {key}="{value}"')
        return "".join(out) + extra

    def open(self, name, extra=""):
        self.emit(f"<{self.name(name)}{self.attrs(extra)}>")

    def close(self, name, optional=True):
        if optional and self.rng.random() < self.unclosed:
            self.wellformed = False
            return
        self.emit(f"</{self.name(name)}>")

    def stray(self):
        if self.rng.random() < self.strays:
            self.wellformed = False
            self.emit(f"</{self.rng.choice(('p', 'span', 'a', 'div', 'b', 'code', 'li'))}>")

    def text(self):
        rng = self.rng
        self.emit("".join(rng.choice(SNIPPETS) for _ in range(rng.randint(1, 5))))

    def off(self):
        quote = self.rng.choice(('"off"', "'off'", "off", '"OFF"'))
        return f" {self.name('data-glossary')}={quote}"

    def inline(self, depth):
        rng = self.rng
        for _ in range(rng.randint(1, 3)):
            self.stray()
            r = rng.random()
            if r < 0.4 or depth > 2:
                self.text()
            elif r < 0.55:
                tag = rng.choice(INLINE)
                self.open(tag)
                self.inline(depth + 1)
                self.close(tag)
            elif r < 0.62:
                self.open("a", ' href="/x"')
                self.inline(depth + 1)
                self.close("a")
            elif r < 0.68:
                tag = rng.choice(("code", "kbd", "samp", "button"))
                self.open(tag)
                self.text()
                self.close(tag)
            elif r < 0.72:
                self.open("span", self.off())
                self.inline(depth + 1)
                self.close("span")
            elif r < 0.77:
                tag = rng.choice(("br", "img", "wbr", "input", "br/"))
                self.emit(f"<{self.name(tag)}{self.attrs()}>")
            elif r < 0.81:
                self.emit(
                    rng.choice(
                        (
                            "<!-- PAC3 -->",
                            "<!---->",
                            "<!--抑止-->",
                            "<?pi PAC3?>",
                            "<![CDATA[ PAC3 ]]>",
                        )
                    )
                )
            elif r < 0.84:
                self.emit("<ruby>抑止<rt>よくし</rt></ruby>")
            elif r < 0.87:
                self.emit("<select><option>PAC3</option><option>抑止</option></select>")
            elif r < 0.9:
                self.emit(
                    rng.choice(
                        (
                            '<svg viewBox="0 0 1 1"><title>PAC3</title><path d="M0 0"/>'
                            "<text>抑止</text></svg>",
                            "<svg><g><text>PAC3<tspan>抑止</tspan></text></g><![CDATA[PAC3]]></svg>",
                            "<math><mi>PAC3</mi><mo>+</mo></math>",
                        )
                    )
                )
            else:
                self.text()

    def raw(self):
        rng = self.rng
        tag = rng.choice(sorted(RAW))
        body = (
            rng.choice(
                (
                    "var s = '<a href=x>PAC3</a>'; if (a<b) {}",
                    "PAC3 抑止 <b>拡大抑止</b>",
                    "p::after { content: 'PAC3' }",
                    "</p>PAC3<!-- x -->",
                )
            )
            if tag in ("script", "style")
            else rng.choice(("PAC3 抑止", "PAC3 &amp; 2+2", "抑止<b>PAC3</b>"))
        )
        self.emit(f"<{self.name(tag)}>{body}")
        if rng.random() < 0.02:
            self.wellformed = False  # unclosed: the rest is raw text
            return
        self.emit(f"</{self.name(tag)}>")

    def blocks(self, depth):
        rng = self.rng
        for _ in range(rng.randint(1, 3)):
            self.stray()
            r = rng.random()
            if r < 0.3 or depth > 1:
                self.open("p")
                self.inline(depth + 1)
                self.close("p")
            elif r < 0.42:
                tag = rng.choice(("h1", "h2", "h3", "h4", "h5", "h6"))
                self.open(tag)
                self.inline(depth + 1)
                self.close(tag, optional=False)
            elif r < 0.52:
                tag = rng.choice(BLOCKS)
                self.open(tag)
                self.blocks(depth + 1)
                self.close(tag)
            elif r < 0.6:
                tag = rng.choice(("div", "section"))
                self.open(tag, self.off())
                self.blocks(depth + 1)
                self.close(tag)
            elif r < 0.68:
                tag = rng.choice(("ul", "ol"))
                self.open(tag)
                for _ in range(rng.randint(1, 3)):
                    self.open("li")
                    self.inline(depth + 1)
                    self.close("li")
                self.close(tag, optional=False)
            elif r < 0.73:
                self.emit("<table>")
                for _ in range(rng.randint(1, 2)):
                    self.emit("<tr>")
                    for _ in range(rng.randint(1, 2)):
                        self.open("td")
                        self.inline(depth + 1)
                        self.emit("</td>")
                    self.emit("</tr>")
                self.emit("</table>")
            elif r < 0.78:
                self.open("pre")
                self.text()
                self.close("pre")
            elif r < 0.84:
                self.raw()
            elif r < 0.88:
                self.emit(rng.choice(("<hr>", "<!-- PAC3 -->", "<!DOCTYPE html>")))
            else:
                self.text()

    @classmethod
    def generate(cls, rng, messy):
        doc = cls(rng)
        doc.unclosed = 0.12 if messy else 0.0
        doc.strays = 0.05 if messy else 0.0
        doc.blocks(0)
        return "".join(doc.parts), doc.wellformed


def excluded_ancestor(tag):
    for parent in [tag, *tag.parents]:
        if parent.name is None or parent.name == "[document]":
            continue
        if parent.name in EXCLUDED:
            return parent.name
        value = parent.attrs.get("data-glossary") if parent.attrs else None
        if isinstance(value, str) and value.strip().lower() == "off":
            return "data-glossary=off"
    return None


def linkable_texts(soup):
    for node in soup.descendants:
        if type(node) is NavigableString and excluded_ancestor(node.parent) is None:
            yield str(node)


def check(html, wellformed, first_only):
    result = LINKER.link(html, first_only=first_only)
    assert strip_links(result.html) == html

    soup = BeautifulSoup(result.html, "html.parser")
    links = soup.find_all("a", class_=LINK_CLASS)
    assert len(links) == len(result.tooltips)
    assert [a["aria-describedby"] for a in links] == [t.dom_id for t in result.tooltips]
    for a, tip in zip(links, result.tooltips, strict=True):
        assert excluded_ancestor(a.parent) is None, excluded_ancestor(a.parent)
        assert a.find("a") is None
        assert a["data-term-id"] == str(tip.term.id) and a["href"] == tip.term.url
        text = unicodedata.normalize("NFKC", a.get_text()).lower()
        assert text in FORMS[tip.term.id]
    for node in soup.find_all(string=True):
        if type(node) is not NavigableString or node.parent.name in RAW:
            assert LINK_CLASS not in node  # comments, declarations, raw text
    link_ids = {id(a) for a in links}
    for tag in soup.find_all(True):
        if id(tag) in link_ids:
            continue
        assert all(LINK_CLASS not in str(v) for v in tag.attrs.values())
        if tag.name in RAW:
            assert tag.find("a", class_=LINK_CLASS) is None

    if wellformed:
        expected = Counter()
        found = []
        for text in linkable_texts(BeautifulSoup(html, "html.parser")):
            for _, _, k in reference(text, TERMS):
                tid = TERMS[k].id
                expected[tid] += 1
                if tid not in found:
                    found.append(tid)
        assert result.counts == dict(expected)
        assert result.found == found
        if not first_only:
            assert len(result.tooltips) == sum(expected.values())
    return len(result.tooltips)


def test_fuzz_html():
    rng = random.Random(SEED)
    total_links = 0
    wellformed_docs = 0
    for n in range(DOCS):
        html, wellformed = Doc.generate(rng, messy=n % 2 == 1)
        wellformed_docs += wellformed
        try:
            total_links += check(html, wellformed, first_only=rng.random() < 0.5)
        except AssertionError as error:
            raise AssertionError(f"document {n}: {html!r}") from error
    assert total_links > DOCS  # links are frequent
    assert wellformed_docs > DOCS // 3
