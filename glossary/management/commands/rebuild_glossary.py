from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from glossary import linking


class Command(BaseCommand):
    help = "Scan every live column for glossary terms and store the mentions afresh."

    def handle(self, *args, **options):
        columns, mentions = linking.rebuild_all()
        self.stdout.write(
            _("Scanned %(columns)d columns: %(mentions)d mentions stored.")
            % {"columns": columns, "mentions": mentions}
        )
