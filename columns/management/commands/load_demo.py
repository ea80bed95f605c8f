"""manage.py load_demo: a complete demo site on an empty database.

Replaces Wagtail's welcome page with the home page, creates the GLOBAL&TREND
series, imports the demo columns of ``columns/demo/columns`` with placeholder
images, and creates a superuser: DEMO_ADMIN_USER / DEMO_ADMIN_PASSWORD, by
default ``admin`` / ``admin`` (for local development only).

Once the series exists the demo counts as loaded and the command changes
nothing, so running it again is safe.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from columns.demo.loader import ADMIN_URL, load_demo


class Command(BaseCommand):
    help = gettext_lazy(
        "Build a demo site (home page, the GLOBAL&TREND series, demo columns and an admin "
        "user). Does nothing when the demo is already loaded."
    )

    def handle(self, *args, **options):
        verbose = options["verbosity"] >= 1
        result = load_demo(stdout=self.stdout if verbose else None)
        if result.already_loaded:
            self.stdout.write(
                _(
                    "Demo content is already loaded (the series “%(series)s” exists at "
                    "%(url)s); nothing was changed."
                )
                % {"series": result.series.title, "url": result.series.url or ""}
            )
            self.stdout.write(_("Admin: %(url)s") % {"url": ADMIN_URL})
            return

        self.stdout.write(
            self.style.SUCCESS(
                _("Demo site loaded: %(count)d columns in “%(series)s” (%(url)s).")
                % {
                    "count": len(result.columns),
                    "series": result.series.title,
                    "url": result.series.url or "",
                }
            )
        )
        self.stdout.write(_("Admin: %(url)s") % {"url": ADMIN_URL})
        if result.password is None:
            self.stdout.write(
                _("The user “%(username)s” already existed; its password was not changed.")
                % {"username": result.username}
            )
            return
        self.stdout.write(
            _("Log in as “%(username)s” with the password “%(password)s”.")
            % {"username": result.username, "password": result.password}
        )
        if result.default_password:
            message = _(
                "This is the development default password; set DEMO_ADMIN_PASSWORD "
                "to choose another."
            )
            self.stdout.write(message if settings.DEBUG else self.style.WARNING(message))
