"""The glossary at work: a shared linker, linked column bodies, stored mentions.

The linker is built once per process for each glossary version; the version
(a row bumped on every change of a live term) is read through the cache, so
every app server rebuilds as soon as any of them publishes a term.
"""

import threading
import uuid
from itertools import islice
from typing import NamedTuple

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape

from .linker import Linker, Term
from .models import GlossaryMention, GlossaryTermPage, GlossaryVersion

VERSION_KEY = "glossary:version"
BODY_KEY = "glossary:body:{column}:{revision}:{version}"
BODY_TIMEOUT = 60 * 60 * 24 * 7
SCAN_CHUNK = 500  # columns read and scanned at a time by the scans of every column
_MENTION_FIELDS = ("column", "term", "count", "position")

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


def _struct_child(struct_block, raw, name):
    """A StructBlock child's value as StructBlock.to_python gives it."""
    child = struct_block.child_blocks[name]
    return child.to_python(raw[name]) if name in raw else child.get_default()


def raw_scan_html(bodies):
    """[(column id, scan HTML)] for (column id, body) pairs, as column_scan_html gives.

    Works on the body's stored JSON instead of its blocks: no block values are
    built, and the images of all the bodies' captioned image blocks are read
    with one query (Wagtail reads them once per body). Each block's value goes
    through the same to_python as the block's own, so the HTML is the same.
    """
    from columns.models import ColumnPage

    stream_block = ColumnPage._meta.get_field("body").stream_block
    heading = stream_block.child_blocks["heading"]
    paragraph = stream_block.child_blocks["paragraph"]
    quote = stream_block.child_blocks["quote"]
    image = stream_block.child_blocks["image"]
    scanned, image_ids = [], []
    for pk, body in bodies:
        parts = []
        # raw_data: the stored dicts, unknown block types already dropped.
        for item in body.raw_data:
            block_type, raw = item["type"], item["value"]
            if block_type == "paragraph":
                parts.append(paragraph.to_python(raw).source)
            elif block_type == "heading":
                level = _struct_child(heading, raw, "level") or "h2"
                parts.append(f"<{level}>{escape(_struct_child(heading, raw, 'text'))}</{level}>")
            elif block_type == "quote":
                text = linebreaksbr(_struct_child(quote, raw, "text"))
                parts.append(f"<blockquote><p>{text}</p></blockquote>")
            elif block_type == "image":
                caption = _struct_child(image, raw, "caption")
                if caption:
                    # Resolved below, once the image ids of every body are known.
                    parts.append((len(image_ids), caption))
                    image_ids.append(raw.get("image"))  # the image block's default is None
        scanned.append((pk, parts))
    if image_ids:
        images = image.child_blocks["image"].bulk_to_python(image_ids)
    return [
        (
            pk,
            "".join(
                part
                if isinstance(part, str)
                else (f"<figcaption>{escape(part[1])}</figcaption>" if images[part[0]] else "")
                for part in parts
            ),
        )
        for pk, parts in scanned
    ]


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
    bodies = ColumnPage.objects.live().values_list("pk", "body").iterator(chunk_size=SCAN_CHUNK)
    found = []
    while chunk := list(islice(bodies, SCAN_CHUNK)):
        found += [
            pk for pk, html in raw_scan_html(chunk) if probe.link(html, first_only=True).found
        ]
    return list(ColumnPage.objects.filter(pk__in=found).only("pk", "body", "live", "path", "depth"))


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


def _insert_mentions(rows):
    """Store (column id, term id, count, position) rows: COPY on PostgreSQL."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        GlossaryMention.objects.bulk_create(
            GlossaryMention(column_id=c, term_id=t, count=n, position=p) for c, t, n, p in rows
        )
        return
    meta = GlossaryMention._meta
    qn = connection.ops.quote_name
    columns = ", ".join(qn(meta.get_field(name).column) for name in _MENTION_FIELDS)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {qn(meta.db_table)} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def rebuild_all(stdout=None):
    """Every live column scanned afresh; returns (columns, mentions).

    All in one transaction, so readers see the old mentions until it commits.
    Bodies are scanned from their stored JSON (raw_scan_html) and mentions are
    written as plain rows, not models: at 10,000 columns building and saving
    400,000 model instances cost more than the scanning.
    """
    from columns.models import ColumnPage

    bump_version()
    cache.delete(VERSION_KEY)
    linker = build_glossary().linker
    link = linker.link
    columns = 0
    bodies = ColumnPage.objects.live().values_list("pk", "body")
    with transaction.atomic():
        GlossaryMention.objects.all().delete()
        rows = bodies.iterator(chunk_size=SCAN_CHUNK)
        while chunk := list(islice(rows, SCAN_CHUNK)):
            columns += _rebuild_chunk(chunk, link)
    return columns, GlossaryMention.objects.count()


def _rebuild_chunk(bodies, link):
    rows = []
    for pk, html in raw_scan_html(bodies):
        result = link(html, first_only=True)
        counts = result.counts
        rows += [(pk, tid, counts[tid], pos) for pos, tid in enumerate(result.found)]
    _insert_mentions(rows)
    return len(bodies)
