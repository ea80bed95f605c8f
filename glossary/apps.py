from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GlossaryConfig(AppConfig):
    name = "glossary"
    verbose_name = _("Glossary")

    def ready(self):
        from . import signals  # noqa: F401
        from .page_cache_signals import connect_signals

        # After signals: page-cache snapshots must see the mentions it re-scans.
        connect_signals()
