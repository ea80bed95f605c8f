from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ColumnsConfig(AppConfig):
    name = "columns"
    verbose_name = _("Columns")

    def ready(self):
        from . import roles

        # New series and glossary pages get the editorial rights and the review workflow.
        roles.connect_signals()

        from . import page_cache

        # Published, moved and deleted pages drop exactly the cached pages showing them.
        page_cache.connect_signals()
