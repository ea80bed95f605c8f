"""manage.py import_columns FILE [FILE ...]: columns exported from the old site."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_unicode_slug
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from columns.importer import ColumnImportError, import_file, split_tags
from columns.models import ColumnTag


class Command(BaseCommand):
    help = gettext_lazy(
        "Import columns exported as text from the old site. A bad file is reported as "
        "FILE:LINE: reason and skipped; the others are still imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--series",
            metavar="SLUG",
            help=gettext_lazy(
                "Slug of the series to import into (created if missing). "
                "Default: the series named in the file."
            ),
        )
        parser.add_argument(
            "--images", metavar="DIR", help=gettext_lazy("Directory holding the image files.")
        )
        parser.add_argument(
            "--tags", default="", metavar="TAG,TAG", help=gettext_lazy("Tags to add.")
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help=gettext_lazy("Save as draft; a live column keeps its published version."),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("Only show what the files contain; write nothing."),
        )

    def handle(self, *args, files, series, images, tags, draft, dry_run, **options):
        if series:
            try:
                validate_unicode_slug(series)
            except ValidationError:
                raise CommandError(
                    _("--series: “%(slug)s” is not a slug") % {"slug": series}
                ) from None
        if images and not Path(images).is_dir():
            raise CommandError(_("--images: %(dir)s is not a directory") % {"dir": images})

        max_length = ColumnTag._meta.get_field("name").max_length
        for name in split_tags(tags):
            if len(name) > max_length:
                raise CommandError(
                    _("--tags: “%(name)s” is longer than %(max)d characters")
                    % {"name": name, "max": max_length}
                )

        failed = 0
        for path in files:
            try:
                import_file(
                    path,
                    series_slug=series,
                    images_dir=images,
                    tags=tags,
                    draft=draft,
                    dry_run=dry_run,
                    stdout=self.stdout,
                )
            except ColumnImportError as error:
                self.stderr.write(str(error))
                failed += 1
        if failed:
            raise CommandError(
                ngettext(
                    "%(failed)d of %(total)d file was not imported.",
                    "%(failed)d of %(total)d files were not imported.",
                    len(files),
                )
                % {"failed": failed, "total": len(files)}
            )
