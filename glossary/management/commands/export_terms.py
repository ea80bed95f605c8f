"""manage.py export_terms [FILE]: every term, live or draft, as CSV."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from glossary.csv_io import export_terms
from glossary.models import GlossaryTermPage


class Command(BaseCommand):
    help = gettext_lazy(
        "Write every glossary term, live or draft, as UTF-8 CSV with a BOM "
        "(term,reading,aliases,definition) to FILE, or to standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", metavar="FILE")

    def handle(self, *args, file, **options):
        text = export_terms(GlossaryTermPage.objects.all())
        if not file:
            self.stdout.write(text, ending="")
            return
        with open(file, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        count = GlossaryTermPage.objects.count()
        self.stderr.write(
            _("%(count)d terms written to %(file)s.") % {"count": count, "file": file}
        )
