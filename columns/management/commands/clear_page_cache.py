from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from columns import page_cache


class Command(BaseCommand):
    help = (
        "Drop every page from the page cache, e.g. after a release that changed templates; "
        "with --purge, also send every public URL to the frontend cache."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--purge", action="store_true", help="Also purge every public URL from the CDN."
        )

    def handle(self, *args, purge=False, **options):
        page_cache.drop_all()
        self.stdout.write(_("Every cached page was dropped."))
        if purge and not page_cache.frontend_cache_configured():
            self.stdout.write(_("No frontend cache is configured (WAGTAILFRONTENDCACHE)."))
        elif purge:
            urls = page_cache.all_site_urls()
            page_cache.invalidate(urls)
            self.stdout.write(
                _("%(count)d URLs sent to the frontend cache.") % {"count": len(urls)}
            )
