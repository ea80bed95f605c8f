"""Term candidates across the live columns: phrases in 「」 that are not terms yet.

A phrase counts when two or more live columns quote it (title, lead or body);
phrases are compared after NFKC and case folding, like the forms of terms, so
ＰＡＣ３ is the alias PAC3. Scanning every column is the slow part, so its
result is cached under a fingerprint of the live columns' revisions; the terms
are subtracted on every call, so a new term drops out of the list at once.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache

from .candidates import html_text, quoted_phrases
from .linking import column_scan_html
from .models import GlossaryTermPage, normalise_form

MIN_COLUMNS = 2
CACHE_KEY = "glossary:candidates:{fingerprint}"
CACHE_TIMEOUT = 60 * 60 * 24


@dataclass
class ColumnRef:
    pk: int
    title: str


@dataclass
class Candidate:
    phrase: str  # the spelling used most often
    key: str  # normalised, as terms' forms are compared
    occurrences: int
    columns: list[ColumnRef] = field(default_factory=list)  # newest first

    @property
    def column_count(self):
        return len(self.columns)

    @property
    def column_titles(self):
        return [column.title for column in self.columns]


def column_text(column):
    """The text a column shows readers: title, lead and body, one block a line."""
    return "\n".join([column.title, column.lead or "", html_text(column_scan_html(column))])


def _live_columns():
    from columns.models import ColumnPage

    return ColumnPage.objects.live()


def _fingerprint():
    rows = _live_columns().order_by("pk").values_list("pk", "live_revision_id")
    digest = hashlib.sha256()
    for pk, revision in rows.iterator(chunk_size=2000):
        digest.update(f"{pk}:{revision};".encode())
    return digest.hexdigest()


def scan_columns():
    """Every phrase quoted in MIN_COLUMNS or more live columns, terms included."""
    spellings, occurrences, columns = {}, Counter(), {}
    live = (
        _live_columns()
        .only("pk", "title", "lead", "body", "publication_date")
        .order_by("-publication_date", "-pk")
    )
    for column in live.iterator(chunk_size=200):
        for phrase in quoted_phrases(column_text(column)):
            key = normalise_form(phrase)
            spellings.setdefault(key, Counter())[phrase] += 1
            occurrences[key] += 1
            refs = columns.setdefault(key, {})
            refs.setdefault(column.pk, ColumnRef(column.pk, column.title))
    return [
        Candidate(
            phrase=spellings[key].most_common(1)[0][0],
            key=key,
            occurrences=occurrences[key],
            columns=list(refs.values()),
        )
        for key, refs in columns.items()
        if len(refs) >= MIN_COLUMNS
    ]


def term_forms():
    """Every form of every term, draft or live, normalised."""
    pages = GlossaryTermPage.objects.prefetch_related("other_forms")
    return {normalise_form(form) for page in pages for form in page.forms()}


def candidates(*, scan=True):
    """The candidates, most widely quoted first, then by phrase.

    With scan=False, None unless the live columns, as they are now, have been scanned.
    """
    key = CACHE_KEY.format(fingerprint=_fingerprint())
    found = cache.get(key)
    if found is None:
        if not scan:
            return None
        found = scan_columns()
        cache.set(key, found, CACHE_TIMEOUT)
    forms = term_forms()
    return sorted(
        (c for c in found if c.key not in forms),
        key=lambda c: (-c.column_count, c.phrase),
    )


def candidate_count(*, scan=True):
    """How many phrases the report lists, for the dashboard (None: see candidates)."""
    found = candidates(scan=scan)
    return None if found is None else len(found)
