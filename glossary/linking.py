"""The glossary at work: a shared linker, linked column bodies, stored mentions.

The linker is built once per process for each glossary version; the version
(a row bumped on every change of a live term) is read through the cache, so
every app server rebuilds as soon as any of them publishes a term.
"""

import threading
import uuid
from typing import NamedTuple

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape

from .linker import Linker, Term
from .models import GlossaryMention, GlossaryTermPage, GlossaryVersion

VERSION_KEY = "glossary:version"
BODY_KEY = "glossary:body:{column}:{revision}:{version}"
BODY_TIMEOUT = 60 * 60 * 24 * 7

_lock = threading.Lock()


class Glossary(NamedTuple):
    """One process's view of the live glossary."""

    linker: Linker
    terms: dict  # term id -> Term
    auto_link: frozenset  # ids of terms that link automatically


_process = {"version": None, "glossary": None}


# -- version -------------------------------------------------------------------


def current_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        row = GlossaryVersion.objects.order_by("pk").first()
        version = f"{row.number}-{row.token}" if row else "0"
        cache.set(VERSION_KEY, version, None)
    return version


def bump_version():
    """Mark every linked body and automaton stale, once the transaction commits."""
    row = GlossaryVersion.objects.order_by("pk").first()
    if row is None:
        GlossaryVersion.objects.create(number=1)
    else:
        GlossaryVersion.objects.filter(pk=row.pk).update(number=F("number") + 1, token=uuid.uuid4())
    cache.delete(VERSION_KEY)
    transaction.on_commit(lambda: cache.delete(VERSION_KEY))


# -- the linker ------------------------------------------------------------------


def live_terms():
    return GlossaryTermPage.objects.live().public().prefetch_related("other_forms").order_by("path")


class _SiteRootMemo:
    """Stands in for a request while many page URLs are built."""


def build_glossary():
    """A linker over every live term, and the ids of those that link automatically."""
    terms, auto_link = [], set()
    # Wagtail keeps the site root paths on the object passed as the request, so they
    # are read once for the whole glossary instead of once per term.
    memo = _SiteRootMemo()
    for page in live_terms():
        parts = page.get_url_parts(memo)
        terms.append(
            Term(
                id=page.pk,
                forms=page.forms(),
                url=parts[2] if parts else "",
                summary=page.definition,
                case_sensitive=page.case_sensitive,
            )
        )
        if page.auto_link:
            auto_link.add(page.pk)
    return Glossary(Linker(terms), {t.id: t for t in terms}, frozenset(auto_link))


def get_glossary():
    """The glossary of the current version, rebuilt when another process changed it."""
    version = current_version()
    if _process["version"] != version:
        with _lock:
            if _process["version"] != version:
                _process.update(version=version, glossary=build_glossary())
    return _process["glossary"]


class LinkedHTML:
    """What a template needs from one linking: the HTML and the terms found."""

    def __init__(self, html, terms, tooltips_html=""):
        self.html = html
        self.terms = terms
        self.tooltips_html = tooltips_html


def link_html(html, *, enabled=True, skip_ids=()):
    """Link glossary terms in rendered HTML; with enabled=False only find them."""
    from .linker import render_tooltips

    glossary = get_glossary()
    if not glossary.terms:
        return LinkedHTML(html, [])
    not_linking = glossary.terms.keys() - glossary.auto_link
    result = glossary.linker.link(html, first_only=True, skip_ids=not_linking | set(skip_ids))
    terms = [glossary.terms[tid] for tid in result.found]
    if not enabled:
        return LinkedHTML(html, terms)
    return LinkedHTML(result.html, terms, render_tooltips(result.tooltips))


def linked_column_body(column, body_html, *, cacheable=True):
    """The column's body with glossary links, cached per live revision and glossary version."""
    key = None
    if cacheable and column.live_revision_id:
        key = BODY_KEY.format(
            column=column.pk, revision=column.live_revision_id, version=current_version()
        )
        hit = cache.get(key)
        if hit is not None:
            return hit
    linked = link_html(body_html(), enabled=column.glossary_links)
    if key:
        cache.set(key, linked, BODY_TIMEOUT)
    return linked


# -- mentions ----------------------------------------------------------------------


def column_scan_html(column):
    """The linkable text of a column body as HTML, without rendering images.

    It holds the same text nodes as the rendered body, so counts agree with
    what readers see.
    """
    parts = []
    for block in column.body:
        value = block.value
        if block.block_type == "paragraph":
            parts.append(value.source)
        elif block.block_type == "heading":
            level = value.get("level") or "h2"
            parts.append(f"<{level}>{escape(value.get('text', ''))}</{level}>")
        elif block.block_type == "quote":
            parts.append(f"<blockquote><p>{linebreaksbr(value.get('text', ''))}</p></blockquote>")
        elif block.block_type == "image" and value.get("caption") and value.get("image"):
            parts.append(f"<figcaption>{escape(value['caption'])}</figcaption>")
    return "".join(parts)


def scan_column(column, linker=None):
    """[(term id, count, position)] for a column, by the full glossary."""
    linker = linker or get_glossary().linker
    result = linker.link(column_scan_html(column), first_only=True)
    return [(tid, result.counts[tid], pos) for pos, tid in enumerate(result.found)]


def update_column_mentions(column, linker=None):
    """Replace a column's stored mentions; a column that is not live has none."""
    with transaction.atomic():
        GlossaryMention.objects.filter(column_id=column.pk).delete()
        if not column.live:
            return
        GlossaryMention.objects.bulk_create(
            GlossaryMention(column_id=column.pk, term_id=tid, count=count, position=pos)
            for tid, count, pos in scan_column(column, linker)
        )


def columns_mentioning_forms(term):
    """Live columns whose linkable text holds one of the term's forms."""
    from columns.models import ColumnPage

    probe = Linker([Term(id=0, forms=term.forms(), url="#", case_sensitive=term.case_sensitive)])
    return [
        column
        for column in ColumnPage.objects.live().only("pk", "body", "live", "path", "depth")
        if probe.link(column_scan_html(column), first_only=True).found
    ]


def rescan_for_term(term, *, previously_mentioned=()):
    """After a term changed: re-scan the columns it touches, and only those.

    A column is affected when it held a mention of the term before or holds
    one of the term's forms now; its mentions of other terms can change too,
    since the longest form wins.
    """
    from columns.models import ColumnPage

    linker = get_glossary().linker
    affected = {c.pk: c for c in columns_mentioning_forms(term)} if term.live else {}
    old = set(previously_mentioned) - affected.keys()
    affected.update((c.pk, c) for c in ColumnPage.objects.filter(pk__in=old))
    for column in affected.values():
        update_column_mentions(column, linker)
    return sorted(affected)


def rebuild_all(stdout=None):
    """Every live column scanned afresh; returns (columns, mentions)."""
    from columns.models import ColumnPage

    bump_version()
    cache.delete(VERSION_KEY)
    linker = build_glossary().linker
    rows, columns = [], 0
    with transaction.atomic():
        GlossaryMention.objects.all().delete()
        for column in ColumnPage.objects.live().only("pk", "body", "live").iterator(chunk_size=500):
            columns += 1
            rows.extend(
                GlossaryMention(column_id=column.pk, term_id=tid, count=count, position=pos)
                for tid, count, pos in scan_column(column, linker)
            )
            if len(rows) >= 5000:
                GlossaryMention.objects.bulk_create(rows)
                rows = []
        GlossaryMention.objects.bulk_create(rows)
    return columns, GlossaryMention.objects.count()
