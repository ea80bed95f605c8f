"""Differential test: the linker against a brute-force leftmost-longest reference.

Random texts and random glossaries over a small alphabet (kana, kanji, Latin,
digits, full- and half-width forms, characters NFKC expands or merges,
characters beyond the BMP), so that matches, overlaps and edge cases are
frequent. The reference is written plainly from the rules, without the
linker's machinery:

* a span of the text may match only between two *cuts*, positions i where
  NFKC(text[:i]) + NFKC(text[i:]) == NFKC(text) (so never inside ㈱ → (株) or
  across ﾊ + ﾟ → パ);
* the span matches a form when both normalise (NFKC plus the extra folds) to
  the same text, ignoring case unless the term is case-sensitive;
* a form beginning (ending) with an ASCII letter or digit does not match when
  the normalised character before (after) the span is one too;
* among all candidates, leftmost then longest wins; the same span goes to a
  case-sensitive term first, then to the earlier term.

Part of the texts are written with character references (&amp;, &#x…;), so
the linker must also map matches back through them.
"""

import random
import re
import string
import unicodedata
from collections import Counter

from glossary.linker import Linker, Term, strip_links

CASES = 12_000
SEED = 1_960_0119

FOLD = str.maketrans({"\u301c": "~", "\u2053": "~", "\u2212": "-", "\u2010": "-"})
ALNUM = frozenset(string.ascii_letters + string.digits)
LINK_RE = re.compile(
    r'<a class="glossary-term" href="[^"]*" data-term-id="([^"]*)" '
    r'aria-describedby="([^"]*)">(.*?)</a>',
    re.DOTALL,
)

ALPHABET = list(
    "抑止力拡大日米プラスパトリオッハー"
    "ﾊﾟﾞﾄﾘｵｯｰ"
    "ＰＡＣ３２＋（）ｐａ"
    "PAC32+()pacXx"
    "㈱株….〜~−-‐&< "
    "é\u0301e"
    "K\u212ak"
) + ["😀", "𠮷"]
# Letters and digits weigh more, so Latin boundaries are tested often.
WEIGHTS = [3 if ch in "PACpac32ＰＡＣ３２" else 1 for ch in ALPHABET]


def norm(text):
    return unicodedata.normalize("NFKC", text).translate(FOLD)


def lower(text):
    return text.lower()


def reference(text, terms, skip=frozenset()):
    """[(start, end, term index)] in character offsets of ``text``, kept matches only."""
    whole = norm(text)
    n = len(text)
    cuts = [i for i in range(n + 1) if norm(text[:i]) + norm(text[i:]) == whole]
    table = {}
    for k in sorted(range(len(terms)), key=lambda k: (not terms[k].case_sensitive, k)):
        if terms[k].id in skip:
            continue
        for form in terms[k].forms:
            f = norm(form).strip()
            if f:
                table.setdefault(lower(f), []).append((k, f))
    if not table:
        return []
    longest = max(map(len, table))
    cands = []
    for a, i in enumerate(cuts):
        left = norm(text[:i])[-1:]
        for j in cuts[a + 1 :]:
            seg = norm(text[i:j])
            if len(seg) > longest:
                break
            right = norm(text[j:])[:1]
            for k, f in table.get(lower(seg), ()):
                if terms[k].case_sensitive and seg != f:
                    continue
                if (f[0] in ALNUM and left in ALNUM) or (f[-1] in ALNUM and right in ALNUM):
                    continue
                cands.append((i, j, k))
                break
    cands.sort(key=lambda c: (c[0], -c[1]))
    chosen = []
    reach = 0
    for i, j, k in cands:
        if i >= reach:
            chosen.append((i, j, k))
            reach = j
    return chosen


def encode(chars, rng, refs):
    """HTML source for ``chars`` and the source offset of each character boundary."""
    parts = []
    offsets = [0]
    for ch in chars:
        if ch == "&":
            unit = "&amp;"
        elif ch == "<":
            unit = "&lt;"
        elif refs and rng.random() < 0.2:
            unit = f"&#x{ord(ch):X};" if rng.random() < 0.5 else f"&#{ord(ch)};"
        else:
            unit = ch
        parts.append(unit)
        offsets.append(offsets[-1] + len(unit))
    return "".join(parts), offsets


def linked_spans(result_html):
    """[(source start, source end, term id)] of the links, in source offsets."""
    spans = []
    delta = 0
    for m in LINK_RE.finditer(result_html):
        start = m.start() - delta
        spans.append((start, start + len(m.group(3)), int(m.group(1))))
        delta += len(m.group(0)) - len(m.group(3))
    return spans


def random_terms(rng):
    terms = []
    ids = rng.sample(range(1, 1000), rng.randint(1, 6))
    for tid in ids:
        forms = []
        for _ in range(rng.randint(1, 3)):
            size = rng.choice((1, 1, 2, 2, 2, 3, 3, 4, 5))
            form = "".join(rng.choices(ALPHABET, WEIGHTS, k=size))
            if rng.random() < 0.03:
                form = " "  # an empty form after stripping: ignored
            forms.append(form)
        terms.append(
            Term(id=tid, forms=forms, url=f"/g/{tid}/", case_sensitive=rng.random() < 0.25)
        )
    return terms


def check_case(rng, refs):
    terms = random_terms(rng)
    chars = rng.choices(ALPHABET, WEIGHTS, k=rng.randint(0, 18))
    # Plant some forms so that matches are frequent.
    for _ in range(rng.randint(0, 3)):
        form = rng.choice(rng.choice(terms).forms)
        at = rng.randint(0, len(chars))
        chars[at:at] = list(form)
    text = "".join(chars)
    html, offsets = encode(chars, rng, refs)
    skip = frozenset()
    if rng.random() < 0.3:
        ids = [t.id for t in terms]
        skip = frozenset(rng.sample(ids, rng.randint(0, min(2, len(ids)))))

    expected = [(offsets[i], offsets[j], terms[k].id) for i, j, k in reference(text, terms, skip)]
    linker = Linker(terms)
    every = linker.link(html, first_only=False, skip_ids=skip)
    first = linker.link(html, first_only=True, skip_ids=skip)
    context = f"text={text!r} html={html!r} terms={terms!r} skip={set(skip)}"
    # The same through the general path alone (every match, checked, then
    # selected), which the linker takes itself only when a skipped term's form
    # occurs or a leftmost-longest match fails a check (a case-sensitive form,
    # a cut unit).
    general = Linker(terms)
    general._use_longest = False
    slow = general.link(html, first_only=False, skip_ids=skip)
    assert (slow.html, slow.counts, slow.tooltips) == (every.html, every.counts, every.tooltips)

    assert strip_links(every.html) == html, context
    assert strip_links(first.html) == html, context
    assert linked_spans(every.html) == expected, context
    ids = [tid for _, _, tid in expected]
    assert every.found == first.found == list(dict.fromkeys(ids)), context
    assert every.counts == first.counts == dict(Counter(ids)), context
    seen = set()
    firsts = []
    for span in expected:
        if span[2] not in seen:
            seen.add(span[2])
            firsts.append(span)
    assert linked_spans(first.html) == firsts, context
    assert [t.term.id for t in every.tooltips] == ids, context
    # Each link points at its own tooltip, numbered per term in this call.
    numbers = Counter()
    dom_ids = []
    for tid in ids:
        numbers[tid] += 1
        dom_ids.append(f"glossary-tip-{tid}-{numbers[tid]}")
    for result in (every, first):
        described = [m.group(2) for m in LINK_RE.finditer(result.html)]
        assert [t.dom_id for t in result.tooltips] == described, context
    assert [t.dom_id for t in every.tooltips] == dom_ids, context
    took_general = linker._every is not None  # the general path's automaton was needed
    return len(expected), took_general


def test_reference_itself():
    terms = [Term(1, ["抑止"], "/"), Term(2, ["拡大抑止"], "/"), Term(3, ["PAC3"], "/")]
    assert reference("拡大抑止と抑止", terms) == [(0, 4, 1), (5, 7, 0)]
    assert reference("PAC3MSE ＰＡＣ３を", terms) == [(8, 12, 2)]
    assert reference("㈱", [Term(1, ["株"], "/")]) == []
    assert reference("ﾊﾟ", [Term(1, ["ハ"], "/")]) == []
    assert reference("ﾊﾟ", [Term(1, ["パ"], "/")]) == [(0, 2, 0)]


def test_linker_agrees_with_the_reference():
    rng = random.Random(SEED)
    matches = 0
    general = 0
    for n in range(CASES):
        found, took_general = check_case(rng, refs=n % 3 == 0)
        matches += found
        general += took_general
    assert matches > CASES  # the alphabet makes matches frequent
    # Both matching paths are taken in many cases.
    assert CASES // 20 < general < CASES * 19 // 20
