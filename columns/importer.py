"""Import of columns exported from the old site (format: see columns.legacy).

One file is one column and one transaction. A file is identified by its
series, publication date and title, so importing it again updates the same
page with a new revision instead of adding a page.

Fields the file owns and an import overwrites: title, lead, body, the hero
image when the file's first image is found, and the curated back numbers when
the file lists any. Editors keep the rest (slug, SEO fields, hero caption);
tags are only ever added. An image the file names but the import cannot find
keeps what an editor chose for it (hero, or the body image with the same
original file name).

With --draft a new column is saved as a draft and never goes live. A column
that is already live stays live with its published content; the imported
content waits as a draft revision for an editor to publish.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile, get_image_dimensions
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from . import legacy
from .models import (
    ColumnBackNumber,
    ColumnPage,
    ColumnSeriesIndexPage,
    HomePage,
    date_slug,
)

LEAD_MAX_CHARS = 120

FORMAT_ERRORS = {
    "empty": gettext_lazy("the file is empty"),
    "not_utf8": gettext_lazy(
        "the file is not UTF-8 text (byte 0x%(byte)s); save it as UTF-8 and import it again"
    ),
    "no_title": gettext_lazy("no title: the series name must be followed by the column title"),
    "no_date": gettext_lazy(
        "no publication date: expected a line such as 2024年8月9日掲載 after the title"
    ),
    "impossible_date": gettext_lazy("impossible publication date %(year)s年%(month)s月%(day)s日"),
}
FOUND = gettext_lazy("%(reason)s, found “%(found)s”")


class ColumnImportError(CommandError):
    """A file that was not imported; str() is the `file:line: reason` users see."""

    def __init__(self, path, line, reason):
        self.path, self.line, self.reason = str(path), line, str(reason)
        super().__init__(format_message(path, line, reason))


def format_message(path, line, reason):
    """`file:line: reason`, the form editors and tools know from compilers.

    Line 0 stands for the file as a whole (e.g. a file that cannot be read).
    """
    return f"{path}:{line}: {reason}"


def describe_format_error(error: legacy.LegacyFormatError) -> str:
    template = FORMAT_ERRORS.get(error.code)
    if template is None:
        reason = _("not a column export (%(code)s)") % {"code": error.code}
    else:
        reason = str(template) % error.params if error.params else str(template)
    found = error.params.get("found")
    if found:
        reason = str(FOUND) % {"reason": reason, "found": Truncator(found).chars(40)}
    return reason


def series_slug_for(name: str) -> str:
    """GLOBAL&TREND -> global-trend; Japanese names keep their characters."""
    slug = re.sub(r"[^\w]+", "-", legacy.normalize(name).lower()).strip("-")
    return slug[:200] or "series"


def publication_datetime(date):
    """Midnight of the publication date in Japan, as `first_published_at`."""
    return ColumnPage(publication_date=date).published_datetime()


@dataclass
class ImportResult:
    path: str
    column: legacy.LegacyColumn
    page: ColumnPage | None = None
    series: ColumnSeriesIndexPage | None = None
    created: bool = False
    series_created: bool = False
    published: bool = False
    dry_run: bool = False
    warnings: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


@dataclass
class _ImageSource:
    """Where the image of one file name comes from, decided before any write."""

    name: str
    path: Path | None = None
    sha1: str = ""
    existing: object = None  # a wagtail Image already in the library


def import_file(
    path,
    *,
    series_slug=None,
    images_dir=None,
    tags=(),
    draft=False,
    dry_run=False,
    stdout=None,
) -> ImportResult:
    """Import one legacy file; raises ColumnImportError and writes nothing when it is bad."""
    try:
        text = legacy.read(path)
    except FileNotFoundError:
        raise ColumnImportError(path, 0, _("no such file")) from None
    except IsADirectoryError:
        raise ColumnImportError(path, 0, _("is a directory, not a file")) from None
    except OSError as error:
        raise ColumnImportError(
            path, 0, _("cannot read the file: %(error)s") % {"error": error.strerror}
        ) from None
    except legacy.LegacyFormatError as error:
        raise ColumnImportError(path, error.line, describe_format_error(error)) from None
    try:
        column = legacy.parse(text, source=str(path))
    except legacy.LegacyFormatError as error:
        raise ColumnImportError(path, error.line, describe_format_error(error)) from None

    importer = _Importer(
        column,
        path=str(path),
        series_slug=series_slug,
        images_dir=Path(images_dir) if images_dir else None,
        tags=split_tags(tags),
        draft=draft,
        dry_run=dry_run,
        stdout=stdout,
    )
    return importer.run()


def split_tags(tags):
    """Tag names from "a,b" (Japanese 、 too) or a list, stripped and without repeats."""
    if isinstance(tags, str):
        tags = re.split(r"[,、]", tags)
    return list(dict.fromkeys(name.strip() for name in tags if name and name.strip()))


class _Importer:
    def __init__(self, column, *, path, series_slug, images_dir, tags, draft, dry_run, stdout):
        self.column = column
        self.path = path
        self.series_slug = series_slug
        self.images_dir = images_dir
        self.tags = tags
        self.draft = draft
        self.stdout = stdout
        self.result = ImportResult(path=path, column=column, dry_run=dry_run)
        self._dir_index = None
        self._was_live = False
        self._stored_images = []  # files to remove again if the transaction fails

    # -- output ------------------------------------------------------------

    def say(self, message):
        self.result.messages.append(message)
        if self.stdout is not None:
            self.stdout.write(message + "\n")

    def warn(self, line, reason):
        message = format_message(self.path, line, reason)
        self.result.warnings.append(message)
        self.say(message)

    def fail(self, line, reason):
        raise ColumnImportError(self.path, line, reason)

    # -- run ---------------------------------------------------------------

    def run(self):
        # Everything is decided read-only first, so a dry run reports the same
        # warnings as the real import would.
        home = self.home_page()
        self.series, self.new_series_slug = self.find_series(home)
        self.page = self.find_page()
        self.image_sources = self.resolve_images()
        self.back_numbers = self.match_back_numbers()
        if not self.column.paragraphs:
            self.warn(self.column.title_line, _("warning: no paragraphs; the lead is the title"))

        if self.result.dry_run:
            self.describe()
            return self.result
        try:
            with transaction.atomic():
                self.write(home)
        except ValidationError as error:
            self.discard_stored_images()
            self.fail(
                self.column.title_line,
                _("the column cannot be saved: %(errors)s") % {"errors": "; ".join(error.messages)},
            )
        except BaseException:
            self.discard_stored_images()
            raise
        self.report()
        return self.result

    # -- read-only planning -------------------------------------------------

    def home_page(self):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        root = site.root_page.specific if site else None
        if not isinstance(root, HomePage):
            self.fail(
                self.column.series_line,
                _(
                    "there is no home page to import into: create the home page and make it "
                    "the root page of the default site first"
                ),
            )
        return root

    def find_series(self, home):
        """(existing series or None, slug for a new one)."""
        children = ColumnSeriesIndexPage.objects.child_of(home)
        if self.series_slug:
            series = children.filter(slug=self.series_slug).first()
            if series is None and not Page._slug_is_available(self.series_slug, home):
                self.fail(
                    self.column.series_line,
                    _("the slug “%(slug)s” is used by a page that is not a series")
                    % {"slug": self.series_slug},
                )
            return series, self.series_slug
        key = legacy.normalize(self.column.series)
        for series in children.order_by("path"):
            if legacy.normalize(series.title) == key:
                return series, None
        base = series_slug_for(self.column.series)
        slug, suffix = base, 1
        while not Page._slug_is_available(slug, home):
            suffix += 1
            slug = f"{base}-{suffix}"
        return None, slug

    def find_page(self):
        """The column imported before from this file, matched on date and title."""
        if self.series is None:
            return None
        key = legacy.normalize(self.column.title)
        candidates = ColumnPage.objects.child_of(self.series).filter(
            publication_date=self.column.publication_date
        )
        for page in candidates.order_by("pk"):
            if key in (legacy.normalize(page.title), legacy.normalize(page.draft_title or "")):
                return page
        return None

    def resolve_images(self):
        sources = {}
        for block in self.column.images:
            if block.text not in sources:
                sources[block.text] = self.resolve_image(block)
        return sources

    def resolve_image(self, block):
        source = _ImageSource(block.text)
        if self.images_dir is None:
            self.warn(
                block.line,
                _("warning: image %(name)s not imported: no --images directory given")
                % {"name": block.text},
            )
            return source
        file_path = self.find_image_file(block.text)
        if file_path is None:
            self.warn(
                block.line,
                _("warning: image %(name)s not found in %(dir)s")
                % {"name": block.text, "dir": self.images_dir},
            )
            return source
        width, _height = get_image_dimensions(file_path)
        if not width:
            self.warn(
                block.line,
                _("warning: %(path)s is not an image that can be read") % {"path": file_path},
            )
            return source
        source.path = file_path
        # Wagtail's own hash (sha1 of the content), so images uploaded in the
        # admin are found too.
        source.sha1 = hashlib.sha1(file_path.read_bytes(), usedforsecurity=False).hexdigest()
        Image = get_image_model()
        source.existing = (
            Image.objects.filter(file_hash=source.sha1).order_by("pk").first()
            # Images stored before Wagtail recorded hashes: trust the title.
            or Image.objects.filter(title=block.text, file_hash="").order_by("pk").first()
        )
        return source

    def find_image_file(self, name):
        exact = self.images_dir / name
        if exact.is_file():
            return exact
        # The old site's file names differ in case from the export now and then.
        if self._dir_index is None:
            try:
                entries = list(self.images_dir.iterdir())
            except OSError:
                entries = []
            self._dir_index = {entry.name.casefold(): entry for entry in entries if entry.is_file()}
        return self._dir_index.get(name.casefold())

    def match_back_numbers(self):
        if not self.column.back_numbers:
            return []
        index = {}
        if self.series is not None:
            candidates = ColumnPage.objects.child_of(self.series).order_by(
                "-publication_date", "-pk"
            )
            if self.page is not None:
                candidates = candidates.exclude(pk=self.page.pk)
            for candidate in candidates:
                index.setdefault(legacy.normalize(candidate.title), candidate)
                index.setdefault(legacy.normalize(candidate.draft_title or ""), candidate)
        matched = {}
        for item in self.column.back_numbers:
            found = index.get(legacy.normalize(item.title))
            if found is None:
                self.warn(
                    item.line,
                    _("warning: back number “%(title)s” matches no column of %(series)s")
                    % {"title": item.title, "series": self.column.series},
                )
            else:
                matched.setdefault(found.pk, found)
        return list(matched.values())

    # -- writing -------------------------------------------------------------

    def write(self, home):
        if self.series is None:
            self.series = ColumnSeriesIndexPage(title=self.column.series, slug=self.new_series_slug)
            home.add_child(instance=self.series)
            self.series.save_revision(log_action=True).publish()
            self.result.series_created = True
        self.result.series = self.series

        images = {name: self.store_image(source) for name, source in self.image_sources.items()}
        # Edit on top of the latest revision, as the admin does, so a pending
        # draft of an editor is the base and not the older live content.
        page = self.page.specific.get_latest_revision_as_object() if self.page else None
        created = page is None
        was_live = bool(page and page.live)
        title = self.column.title
        if created:
            page = ColumnPage(
                slug=date_slug(self.column.publication_date, self.series),
                live=not self.draft,
            )

        previous_images = {}  # original file name -> (image, alt) an editor may have chosen
        if not created:
            for child in page.body:
                if child.block_type == "image" and child.value.get("image"):
                    previous_images[child.value.get("source_name")] = (
                        child.value["image"],
                        child.value.get("alt") or title,
                    )

        page.title = title
        page.publication_date = self.column.publication_date
        page.lead = self.lead()
        page.body = self.body(images, previous_images, title)
        if self.column.images:
            hero = images.get(self.column.images[0].text)
            if hero is not None and hero.pk != page.hero_image_id:
                page.hero_image, page.hero_alt = hero, title
            elif page.hero_image_id and not page.hero_alt:
                page.hero_alt = title
        if self.tags:
            page.tags.add(*self.tags)
        if self.column.back_numbers:
            self.set_back_numbers(page)

        publish = not self.draft
        if publish:
            page.first_published_at = publication_datetime(self.column.publication_date)
        if created:
            self.series.add_child(instance=page)
        revision = page.save_revision(log_action=True)
        if publish:
            revision.publish()
        page.refresh_from_db()

        self.result.page = page
        self.result.created = created
        self.result.published = publish
        self._was_live = was_live

    def store_image(self, source):
        if source.path is None:
            return None
        if source.existing is not None:
            return source.existing
        Image = get_image_model()
        with source.path.open("rb") as handle:
            image = Image(title=source.name, file=ImageFile(handle, name=source.path.name))
            image._set_image_file_metadata()
            image.save()
        self._stored_images.append(image.file.name)
        # A second image line naming the same content reuses this image.
        source.existing = image
        return image

    def discard_stored_images(self):
        storage = get_image_model()._meta.get_field("file").storage
        for name in self._stored_images:
            storage.delete(name)
        self._stored_images = []

    def lead(self):
        paragraphs = self.column.paragraphs
        if not paragraphs:
            return self.column.title
        return Truncator(paragraphs[0].text).chars(LEAD_MAX_CHARS)

    def body(self, images, previous_images, title):
        blocks = []
        for block in self.column.blocks:
            if block.kind == "paragraph":
                blocks.append(("paragraph", f"<p>{escape(block.text)}</p>"))
            elif block.kind == "heading":
                blocks.append(("heading", {"text": block.text, "level": "h2"}))
            else:
                image, alt = images.get(block.text), title
                if image is None and block.text in previous_images:
                    image, alt = previous_images[block.text]
                blocks.append(
                    (
                        "image",
                        {"image": image, "alt": alt, "caption": "", "source_name": block.text},
                    )
                )
        return blocks

    def set_back_numbers(self, page):
        # Rows of columns listed before are kept, so a re-import adds no rows.
        rows = {row.column_id: row for row in page.curated_back_numbers.all()}
        items = []
        for order, target in enumerate(self.back_numbers):
            row = rows.get(target.pk) or ColumnBackNumber(column=target)
            row.sort_order = order
            items.append(row)
        page.curated_back_numbers.set(items)

    # -- reports ---------------------------------------------------------------

    def report(self):
        page, column = self.result.page, self.column
        params = {
            "file": self.path,
            "title": page.title,
            "date": column.publication_date.isoformat(),
            "series": self.series.title,
            "url": page.url or "",
        }
        if self.result.series_created:
            self.say(
                _("%(file)s: created the series “%(series)s” (%(url)s)")
                % {"file": self.path, "series": self.series.title, "url": self.series.url or ""}
            )
        if self.result.published:
            if self.result.created:
                message = _("%(file)s: imported “%(title)s” (%(date)s), published at %(url)s")
            else:
                message = _("%(file)s: updated “%(title)s” (%(date)s), published at %(url)s")
        elif self.result.created:
            message = _("%(file)s: imported “%(title)s” (%(date)s) as a draft")
        elif self._was_live:
            message = _(
                "%(file)s: saved “%(title)s” (%(date)s) as a draft; "
                "the published version at %(url)s is unchanged"
            )
        else:
            message = _("%(file)s: updated the draft “%(title)s” (%(date)s)")
        self.say(message % params)

    def describe(self):
        column = self.column
        if self.series is not None:
            series = _("%(name)s (existing, %(url)s)") % {
                "name": self.series.title,
                "url": self.series.url or "",
            }
        else:
            series = _("%(name)s (new, slug %(slug)s)") % {
                "name": column.series,
                "slug": self.new_series_slug,
            }
        self.say(_("%(file)s: dry run, nothing written") % {"file": self.path})
        self.say("  " + _("series: %(series)s") % {"series": series})
        self.say("  " + _("title: %(title)s") % {"title": column.title})
        self.say("  " + _("date: %(date)s") % {"date": column.publication_date.isoformat()})
        self.say(
            "  "
            + (
                _("column: update of page %(id)s") % {"id": self.page.pk}
                if self.page
                else _("column: new")
            )
        )
        self.say("  " + _("paragraphs: %(count)d") % {"count": len(column.paragraphs)})
        sections = [
            (_("headings"), [(b.line, b.text) for b in column.headings]),
            (_("images"), [(b.line, b.text) for b in column.images]),
            (_("back numbers"), [(b.line, b.title) for b in column.back_numbers]),
            (_("dropped lines"), [(d.line, d.text) for d in column.dropped]),
        ]
        for label, items in sections:
            self.say(f"  {label}: {len(items)}")
            for line, text in items:
                self.say(f"    {line}: {text}")
