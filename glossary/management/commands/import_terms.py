"""manage.py import_terms FILE [--draft] [--dry-run]: terms from CSV, all or nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from glossary.csv_io import import_terms
from glossary.models import GlossaryIndexPage


class Command(BaseCommand):
    help = gettext_lazy(
        "Create or update glossary terms from a UTF-8 CSV file with the header "
        "term,reading,aliases,definition. Any bad row is reported as FILE:LINE: reason "
        "and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--draft",
            action="store_true",
            help=gettext_lazy("Save new and changed terms as drafts instead of publishing them."),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("Only check the file; write nothing."),
        )

    def handle(self, *args, file, draft, dry_run, **options):
        index = GlossaryIndexPage.objects.order_by("path").first()
        if index is None:
            raise CommandError(
                _("There is no glossary page yet. Add one under the home page first.")
            )
        try:
            with open(file, "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None

        report = import_terms(data, index_page=index, publish=not draft, dry_run=dry_run)
        if report.errors:
            for error in report.errors:
                self.stderr.write(f"{file}:{error.line}: {error.reason}")
            raise CommandError(
                ngettext(
                    "%(count)d error; nothing was imported.",
                    "%(count)d errors; nothing was imported.",
                    len(report.errors),
                )
                % {"count": len(report.errors)}
            )
        if dry_run:
            self.stdout.write(_("%(file)s is valid; nothing was written.") % {"file": file})
            return
        self.stdout.write(self.style.SUCCESS(report.summary()))
        if report.drafts_published:
            self.stdout.write(self.style.WARNING(report.drafts_published_warning()))
