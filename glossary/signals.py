"""Keep mentions and the glossary version in step with what is published."""

from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from columns.models import ColumnPage

from . import linking
from .models import GlossaryMention, GlossaryTermPage


@receiver(page_published, sender=ColumnPage)
@receiver(page_unpublished, sender=ColumnPage)
def column_changed(sender, instance, **kwargs):
    linking.update_column_mentions(instance)


def _mentioning_columns(term):
    return list(GlossaryMention.objects.filter(term=term).values_list("column_id", flat=True))


@receiver(page_published, sender=GlossaryTermPage)
@receiver(page_unpublished, sender=GlossaryTermPage)
def term_changed(sender, instance, **kwargs):
    before = _mentioning_columns(instance)
    linking.bump_version()
    linking.rescan_for_term(instance, previously_mentioned=before)


@receiver(pre_delete, sender=GlossaryTermPage)
def term_deleting(sender, instance, **kwargs):
    instance._mentioned_by = _mentioning_columns(instance)


@receiver(post_delete, sender=GlossaryTermPage)
def term_deleted(sender, instance, **kwargs):
    # Once the term is gone, shorter terms may match where it did.
    linking.bump_version()
    instance.live = False
    linking.rescan_for_term(instance, previously_mentioned=getattr(instance, "_mentioned_by", ()))
