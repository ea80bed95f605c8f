"""The XSS corpus and an HTML checker that finds what would run in a browser.

Pages are parsed with html5lib, which follows the WHATWG parsing algorithm, so
injected markup is found where a browser would find it (a BeautifulSoup tree
built by html.parser can disagree about where raw text ends).

Field values carry a sentinel such as ``[017ti]`` (payload 17, field "ti") in
front of each payload: a finding is attributed to the nearest sentinel before
it in document order, so failure messages name the payload and the field.
"""

import ast
import json
import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

PAYLOAD_FILE = Path(__file__).with_name("xss_payloads.txt")


def load_payloads():
    payloads = []
    for line in PAYLOAD_FILE.read_text(encoding="utf-8").split("\n"):
        if not line.strip() or line == "#" or line.startswith("# "):
            continue
        payloads.append(ast.literal_eval(line[1:].strip()) if line.startswith("=") else line)
    return payloads


PAYLOADS = load_payloads()

SENTINEL_RE = re.compile(r"\[(\d{3})([a-z]{2})\]")


def tagged(code, index, payload):
    """A field value: the sentinel, then the payload."""
    return f"[{index:03d}{code}]{payload}"


def describe(sentinel, fields):
    """“payload 17 in lead: '<script>…'” for a sentinel match."""
    index, code = int(sentinel[0]), sentinel[1]
    return f"payload {index} in {fields.get(code, code)}: {PAYLOADS[index]!r}"


# -- what counts as executable ----------------------------------------------------------------


def _names(text):
    return frozenset(text.split())


# Attributes that hold a URL a browser may navigate to, load or run.
URL_ATTRIBUTES = _names(
    "href src action formaction xlink:href data poster background lowsrc dynsrc codebase "
    "cite longdesc ping manifest icon to from values by"
)
# Browsers ignore these inside a URL's scheme ("java\tscript:"); strip them the same way.
_URL_NOISE = re.compile(
    r"[\x00-\x20\x7f-\xa0\u1680\u180e\u2000-\u200f\u2028\u2029\u205f\u3000\ufeff]"
)
_RASTER_DATA = re.compile(r"data:image/(?:png|gif|jpe?g|webp|avif)[;,]")
# Elements no public template emits; from content they are either active or parsed
# differently by browsers and parsers (noscript, xmp …).
FORBIDDEN_ELEMENTS = _names(
    "base object embed applet frame frameset portal noscript noembed noframes xmp plaintext isindex"
)
_DANGEROUS_CSS = re.compile(r"javascript:|vbscript:|expression\(|behavior\s*:|-moz-binding|@import")
OWN_SCRIPT = re.compile(r"/static/[\w./-]+\.js")
OWN_STYLESHEET = re.compile(r"/static/[\w./-]+\.css")
OWN_ICON = re.compile(r"/static/[\w./-]+\.svg")


def dangerous_url(value):
    url = _URL_NOISE.sub("", value).lower()
    if url.startswith(("javascript:", "vbscript:", "livescript:")):
        return True
    return url.startswith("data:") and not _RASTER_DATA.match(url)


def _text(tag):
    # Tag.strings leaves out script and style text; take every string.
    return "".join(str(node) for node in tag.descendants if isinstance(node, NavigableString))


def _script_problem(tag):
    attrs = {name.lower(): value for name, value in tag.attrs.items()}
    text = _text(tag)
    if attrs.get("type", "").lower() == "application/ld+json" and "src" not in attrs:
        if "</script" in text.lower():
            return "JSON-LD holding </script"
        try:
            json.loads(text)
        except ValueError:
            return "JSON-LD that is not JSON (broken out of?)"
        return None
    if set(attrs) <= {"src", "defer"} and OWN_SCRIPT.fullmatch(attrs.get("src", "")):
        if text.strip():
            return "own script with inline text"
        return None
    return "script element"


def _tag_problems(tag):
    name = tag.name.lower()
    problems = []
    if name == "script":
        problem = _script_problem(tag)
        if problem:
            problems.append(problem)
    elif name in FORBIDDEN_ELEMENTS:
        problems.append(f"<{name}> element")
    elif name == "iframe" and tag.has_attr("srcdoc"):
        problems.append("<iframe srcdoc>")
    elif name == "meta" and tag.has_attr("http-equiv"):
        problems.append(f"<meta http-equiv={tag['http-equiv']!r}>")
    elif name == "link":
        rel = tag.get("rel", "")
        rel = (" ".join(rel) if isinstance(rel, list) else rel).lower()
        href = tag.get("href", "")
        if (
            rel not in ("canonical", "alternate", "stylesheet", "icon")
            or (rel == "stylesheet" and not OWN_STYLESHEET.fullmatch(href))
            or (rel == "icon" and not OWN_ICON.fullmatch(href))
        ):
            problems.append(f"<link rel={rel!r} href={href!r}>")
    elif name == "style" and _DANGEROUS_CSS.search(_text(tag).lower()):
        problems.append("<style> with script-like CSS")
    for attr, value in tag.attrs.items():
        attr = attr.lower()
        value = " ".join(value) if isinstance(value, list) else str(value)
        if attr.startswith("on"):
            problems.append(f"event handler attribute {attr}")
        elif attr == "srcdoc":
            problems.append("srcdoc attribute")
        elif attr in URL_ATTRIBUTES and dangerous_url(value):
            problems.append(f"{attr}={value!r}")
        elif attr == "style" and _DANGEROUS_CSS.search(value.lower()):
            problems.append(f"style={value!r}")
        elif name == "meta" and attr == "content" and tag.has_attr("http-equiv"):
            pass  # reported above
    return problems


def _sentinels_in(tag):
    found = []
    for value in tag.attrs.values():
        value = " ".join(value) if isinstance(value, list) else str(value)
        found += SENTINEL_RE.findall(value)
    if tag.name in ("script", "style", "title", "textarea"):
        found += SENTINEL_RE.findall(_text(tag))
    return found


def parse(html):
    return BeautifulSoup(html, "html5lib")


def find_violations(html, fields=None, where=""):
    """Everything in ``html`` that could run script, each as a message naming its source.

    ``fields`` maps sentinel codes to field names; ``where`` names the page.
    """
    fields = fields or {}
    soup = parse(html) if isinstance(html, str | bytes) else html
    found, last = [], None
    for node in soup.descendants:
        if isinstance(node, NavigableString):
            hits = SENTINEL_RE.findall(str(node))
            if hits:
                last = hits[-1]
            continue
        if not isinstance(node, Tag):
            continue
        own = _sentinels_in(node)
        for problem in _tag_problems(node):
            source = own[-1] if own else last
            origin = describe(source, fields) if source else "no field sentinel before it"
            snippet = str(node)[:160]
            found.append(f"{where}: {problem} — {origin} — {snippet}")
        if own:
            last = own[-1]
    return found


# The nastiest payloads, for the admin path and the browser: script, handlers that fire
# without a click, attribute and raw-text breakouts, javascript: links, parser tricks,
# and imitations of the glossary's own markup.
SAMPLE = [
    PAYLOADS.index(payload)
    for payload in (
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<input autofocus onfocus=alert(1)>",
        '"><script>alert(1)</script>',
        "'><script>alert(1)</script>",
        '" autofocus onfocus="alert(1)',
        "' onmouseover='alert(1)",
        "</script><script>alert(1)</script>",
        "</title><script>alert(1)</script>",
        "</textarea><script>alert(1)</script>",
        '<a href="javascript:alert(1)">link</a>',
        "javascript:alert(1)",
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "{{constructor.constructor('alert(1)')()}}",
        '用語" onmouseover="alert(1)',
        '<a class="glossary-term" href="javascript:alert(1)" data-term-id="1" '
        'aria-describedby="glossary-tip-1-1">拡大抑止</a>',
        '<span role="tooltip" id="glossary-tip-1-1" class="glossary-tip">'
        "<img src=x onerror=alert(1)></span>",
    )
]
