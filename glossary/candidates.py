"""Term candidates: phrases that columns set off in 「」.

Pure Python, no Django imports. The rules of :func:`quoted_phrases`:

* A phrase is the text between a 「 and its matching 」. Brackets pair up like
  parentheses, so in 「「同志国」という言葉」 the inner 「同志国」 is a phrase.
* Only innermost quotes count: a quote that holds another 「」 or 『』 quotes
  someone's words rather than naming a thing, so it is dropped and its inner
  phrases are kept.
* A phrase never spans a line break; an unmatched 「 or 」 is ignored, so one
  stray bracket cannot swallow the rest of a column.
* The phrase is trimmed of spaces (full-width too) and kept when it is 2 to 30
  characters long and is not a sentence, i.e. holds no 。 (after NFKC, so the
  half-width ｡ counts too).

:func:`html_text` turns rendered HTML into text with a line break at every
block, so the rules above see paragraphs as lines.
"""

import unicodedata
from html.parser import HTMLParser

MIN_LENGTH = 2
MAX_LENGTH = 30
OPEN, CLOSE = "「", "」"
NESTED = frozenset("「」『』")

# Tags that start a new line of text; inline tags (a, b, span …) do not.
# fmt: off
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
})
# fmt: on


def _is_candidate(phrase):
    if not MIN_LENGTH <= len(phrase) <= MAX_LENGTH:
        return False
    if NESTED & set(phrase):
        return False
    return "。" not in unicodedata.normalize("NFKC", phrase)


def quoted_phrases(text):
    """Every phrase quoted in 「」 in ``text``, in order of appearance, repeats included."""
    phrases = []
    for line in text.splitlines():
        starts = []
        for i, char in enumerate(line):
            if char == OPEN:
                starts.append(i)
            elif char == CLOSE and starts:
                phrase = line[starts.pop() + 1 : i].strip()
                if _is_candidate(phrase):
                    phrases.append(phrase)
    return phrases


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_text(html):
    """The text of an HTML fragment, entities decoded, one line per block."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)
