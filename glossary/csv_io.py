"""Glossary terms to and from CSV, for editing the glossary in a spreadsheet.

The file has the header ``term,reading,aliases,definition`` (any order);
aliases are separated by ``|``. Export writes UTF-8 with a BOM so that Excel
opens Japanese text correctly; import accepts UTF-8 with or without one.

An import is all or nothing. A first pass applies the rows one after another
inside a transaction that is always rolled back, validating each term with the
model's own rules, so later rows are checked against earlier ones as they will
be; every bad row is reported. Only a file without errors is then written, in
one transaction, each new or changed term as a new revision that is published
(unless drafts were asked for), so publishing does its usual work of updating
the glossary version and the columns' mentions.

A cell that a spreadsheet would run as a formula (one starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) is exported with a leading apostrophe,
which spreadsheets show as text; import removes that apostrophe again, so an
exported file imports unchanged.

Terms are identified by the term itself after NFKC and trimming. Export and
import both work on a term's latest revision, the one editors see: publishing
an update also publishes changes a term had waiting as a draft. A row that
changes nothing leaves its term alone.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from .linking import VERSION_KEY
from .models import GlossaryAlias, GlossaryTermPage, normalise_form

COLUMNS = ("term", "reading", "aliases", "definition")
ALIAS_SEPARATOR = "|"
BOM = "\ufeff"

# Cell openings a spreadsheet takes as a formula (CSV injection), and the quote that
# makes them text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_QUOTE = "'"

# Columns named in row errors, for model fields whose messages do not say which.
FIELD_COLUMNS = {"definition": "definition"}


def protect(cell):
    """``cell`` as a spreadsheet shows it as text, never running it as a formula."""
    return TEXT_QUOTE + cell if cell.startswith(FORMULA_STARTS) else cell


def unprotect(cell):
    """The value :func:`protect` was given."""
    if cell.startswith(TEXT_QUOTE) and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def term_identity(term):
    """How a row finds the term it updates."""
    return unicodedata.normalize("NFKC", term or "").strip()


# -- export ----------------------------------------------------------------------------


def export_terms(queryset):
    """The terms of ``queryset`` as CSV text in dictionary order, starting with a BOM."""
    pages = [
        page.get_latest_revision_as_object()
        for page in queryset.specific().prefetch_related("other_forms")
    ]
    pages.sort(key=lambda page: (page.sort_key, page.title))
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for page in pages:
        cells = (
            page.title,
            page.reading,
            ALIAS_SEPARATOR.join(a.form for a in page.other_forms.all()),
            page.definition,
        )
        writer.writerow([protect(cell) for cell in cells])
    return out.getvalue()


# -- import ----------------------------------------------------------------------------


class RowError(NamedTuple):
    line: int
    reason: str

    def __str__(self):
        return _("line %(line)d: %(reason)s") % {"line": self.line, "reason": self.reason}


@dataclass
class Row:
    line: int
    term: str
    reading: str
    aliases: list[str]
    definition: str


@dataclass
class ImportReport:
    published: bool = True
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # Terms whose earlier draft changes went live with the import.
    drafts_published: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    def summary(self):
        counts = {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
        }
        if self.published:
            return (
                _(
                    "Imported and published: %(created)d new, %(updated)d updated, "
                    "%(unchanged)d unchanged."
                )
                % counts
            )
        return (
            _("Imported as drafts: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.")
            % counts
        )

    def drafts_published_warning(self):
        if not self.drafts_published:
            return ""
        return _("These terms had unpublished changes, which are now live too: %(terms)s") % {
            "terms": "、".join(self.drafts_published)
        }


class _Rollback(Exception):
    """Undoes the validation pass, or a write that failed after all."""


def decode(data):
    """The text of an uploaded file: UTF-8, a leading BOM dropped."""
    if isinstance(data, str):
        return data.removeprefix(BOM), None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, RowError(
            line,
            _("The file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (comma delimited)”."),
        )
    return text.removeprefix(BOM), None


def parse(text):
    """(rows, errors) of the CSV text; a header problem is the only error then."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as error:
        return [], [RowError(1, _("The file is not valid CSV: %(error)s") % {"error": error})]
    if header is None or not any(cell.strip() for cell in header):
        return [], [
            RowError(
                1,
                _("The file is empty; it needs the header %(header)s.")
                % {"header": ",".join(COLUMNS)},
            )
        ]
    names = [cell.strip().lower() for cell in header]
    header_errors = _header_errors(names)
    if header_errors:
        return [], [RowError(1, reason) for reason in header_errors]

    rows, errors = [], []
    previous_end = reader.line_num
    try:
        for cells in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue  # spreadsheets leave rows of empty cells behind
            if len(cells) > len(names):
                errors.append(
                    RowError(
                        line,
                        _("%(found)d values for %(expected)d columns.")
                        % {"found": len(cells), "expected": len(names)},
                    )
                )
                continue
            cells = [unprotect(cell.strip()) for cell in cells]
            values = dict(zip(names, [*cells, *[""] * (len(names) - len(cells))], strict=True))
            rows.append(
                Row(
                    line=line,
                    term=values["term"].strip(),
                    reading=values["reading"].strip(),
                    aliases=[a.strip() for a in values["aliases"].split(ALIAS_SEPARATOR)],
                    definition=values["definition"].strip(),
                )
            )
    except csv.Error as error:
        errors.append(
            RowError(reader.line_num, _("The file is not valid CSV: %(error)s") % {"error": error})
        )
    return rows, errors


def _header_errors(names):
    if not set(names) & set(COLUMNS):
        return [_("The first line must be the header %(header)s.") % {"header": ",".join(COLUMNS)}]
    errors = []
    for name in dict.fromkeys(names):
        if name not in COLUMNS:
            errors.append(_("Unknown column “%(column)s”.") % {"column": name})
        elif names.count(name) > 1:
            errors.append(_("The column “%(column)s” appears twice.") % {"column": name})
    for name in COLUMNS:
        if name not in names:
            errors.append(_("The column “%(column)s” is missing.") % {"column": name})
    return errors


def _row_errors(row, seen):
    """Errors the model cannot report well: blanks, lengths, repeats within the file."""
    errors = []
    term_field = GlossaryTermPage._meta.get_field("title")
    if not row.term:
        return [_("The term is empty.")]
    if len(row.term) > term_field.max_length:
        errors.append(
            _("The term is longer than %(max)d characters.") % {"max": term_field.max_length}
        )
    identity = term_identity(row.term)
    if identity in seen:
        errors.append(
            _("The term “%(term)s” is already on line %(line)d.")
            % {"term": row.term, "line": seen[identity]}
        )
    seen.setdefault(identity, row.line)
    max_reading = GlossaryTermPage._meta.get_field("reading").max_length
    if len(row.reading) > max_reading:
        errors.append(_("The reading is longer than %(max)d characters.") % {"max": max_reading})
    max_definition = GlossaryTermPage._meta.get_field("definition").max_length
    if not row.definition:
        errors.append(_("The definition is empty."))
    elif len(row.definition) > max_definition:
        errors.append(
            _("The definition has %(length)d characters; at most %(max)d are allowed.")
            % {"length": len(row.definition), "max": max_definition}
        )
    max_form = GlossaryAlias._meta.get_field("form").max_length
    for alias in row.aliases:
        if len(alias) > max_form:
            errors.append(
                _("The alias “%(alias)s” is longer than %(max)d characters.")
                % {"alias": alias, "max": max_form}
            )
    return errors


def _validation_reasons(error):
    reasons = []
    for name, messages in error.message_dict.items():
        # The model's own messages on the term and reading are whole sentences.
        if name in ("title", "reading", NON_FIELD_ERRORS):
            reasons.extend(messages)
            continue
        try:
            label = FIELD_COLUMNS.get(name) or GlossaryTermPage._meta.get_field(name).verbose_name
        except FieldDoesNotExist:
            label = name
        reasons.extend(f"{label}: {message}" for message in messages)
    return reasons


class _Importer:
    def __init__(self, index_page, user, publish):
        self.index_page = index_page
        self.user = user
        self.publish = publish

    def existing(self):
        """Terms of the glossary by identity, each as its latest revision."""
        pages = GlossaryTermPage.objects.child_of(self.index_page).prefetch_related("other_forms")
        return {term_identity(page.title): page for page in pages}

    def prepare(self, row, existing):
        """(page with the row applied, whether it is new, whether anything changed)."""
        aliases, seen = [], {normalise_form(row.term)}
        for alias in row.aliases:
            if alias and normalise_form(alias) not in seen:
                seen.add(normalise_form(alias))
                aliases.append(alias)
        current = existing.get(term_identity(row.term))
        if current is None:
            page = GlossaryTermPage(
                title=row.term,
                slug=self.free_slug(row.term),
                reading=row.reading,
                definition=row.definition,
                live=False,
            )
            page.other_forms = [GlossaryAlias(form=a, sort_order=i) for i, a in enumerate(aliases)]
            return page, True, True
        page = current.get_latest_revision_as_object()
        old = (page.title, page.reading, page.definition, [a.form for a in page.other_forms.all()])
        if old == (row.term, row.reading, row.definition, aliases):
            return page, False, False
        page.title = page.draft_title = row.term
        page.reading = row.reading
        page.definition = row.definition
        page.other_forms = [GlossaryAlias(form=a, sort_order=i) for i, a in enumerate(aliases)]
        return page, False, True

    def free_slug(self, term):
        base = slugify(term, allow_unicode=True)[:200] or "term"
        candidate, suffix = base, 1
        while not Page._slug_is_available(candidate, self.index_page):
            suffix += 1
            candidate = f"{base}-{suffix}"
        return candidate

    def validate(self, rows):
        """Apply every row, each seeing the ones before, and undo it all; the errors."""
        errors = []
        try:
            with transaction.atomic():
                existing = self.existing()
                for row in rows:
                    page, is_new, changed = self.prepare(row, existing)
                    if not changed:
                        continue
                    try:
                        with transaction.atomic():
                            if is_new:
                                self.index_page.add_child(instance=page)
                                page.full_clean()
                            else:
                                page.full_clean()
                                page.save(clean=False)
                    except ValidationError as error:
                        errors.extend(RowError(row.line, r) for r in _validation_reasons(error))
                raise _Rollback
        except _Rollback:
            pass
        return errors

    def write(self, rows, report):
        with transaction.atomic():
            existing = self.existing()
            for row in rows:
                page, is_new, changed = self.prepare(row, existing)
                if not changed:
                    report.unchanged.append(page.title)
                    continue
                had_draft = not is_new and page.live and page.has_unpublished_changes
                if is_new:
                    self.index_page.add_child(instance=page)
                # Validated in the first pass, in the same order.
                revision = page.save_revision(user=self.user, log_action=True, clean=False)
                if self.publish:
                    try:
                        revision.publish(user=self.user)
                    except ValidationError as error:
                        report.errors.extend(
                            RowError(row.line, r) for r in _validation_reasons(error)
                        )
                        raise _Rollback from error
                    if had_draft:
                        report.drafts_published.append(page.title)
                (report.created if is_new else report.updated).append(page.title)


def import_terms(text, *, index_page, user=None, publish=True, dry_run=False):
    """Create or update the terms of a CSV file under ``index_page``; all or nothing.

    ``text`` may be bytes (decoded as UTF-8) or str. Returns an :class:`ImportReport`;
    when it has errors nothing was written.
    """
    report = ImportReport(published=publish)
    text, error = decode(text)
    if error:
        report.errors.append(error)
        return report
    rows, report.errors = parse(text)
    if report.errors and not rows:
        return report  # the header is wrong, or the file is not CSV at all
    seen, sound = {}, []
    for row in rows:
        reasons = _row_errors(row, seen)
        report.errors.extend(RowError(row.line, reason) for reason in reasons)
        if not reasons:
            sound.append(row)

    # Fresh copies: tree writes in the rolled-back pass leave counts behind in memory.
    index_page = index_page.specific_class.objects.get(pk=index_page.pk)
    importer = _Importer(index_page, user, publish)
    # The model's rules run on the sound rows even when others are bad, so that one
    # upload reports every bad row.
    report.errors = sorted(report.errors + importer.validate(sound), key=lambda e: e.line)
    if report.errors or dry_run:
        return report
    importer.index_page = index_page.specific_class.objects.get(pk=index_page.pk)
    try:
        importer.write(rows, report)
    except BaseException:
        # Publishing moved the glossary version in the cache; the database did not keep it.
        cache.delete(VERSION_KEY)
        if not report.errors:
            raise
        report.created, report.updated, report.unchanged = [], [], []
        report.drafts_published = []
    return report
