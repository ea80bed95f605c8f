"""Glossary pages, the terms' other forms, and where columns mention them."""

import unicodedata
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework.fields import ReadOnlyField
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.rich_text import expand_db_html, get_text_for_indexing
from wagtail.search import index

from columns import japanese
from columns.pagination import paginate

from . import kana


def normalise_form(form):
    """How forms are compared for uniqueness: NFKC, trimmed, case-folded."""
    return unicodedata.normalize("NFKC", form).strip().casefold()


class GlossaryIndexPage(Page):
    """The glossary: every term, grouped by 五十音 row."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["columns.HomePage"]
    subpage_types = ["glossary.GlossaryTermPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("glossary")
        verbose_name_plural = _("glossaries")

    def route(self, request, path_components):
        from columns.models import route_to_child

        terms = [GlossaryTermPage.objects.all()]
        return route_to_child(self, request, path_components, terms, super().route)

    def rows(self):
        """Rows that have terms, each {label, anchor, terms in dictionary order}."""
        from columns.models import unrestricted_q

        terms = (
            GlossaryTermPage.objects.live()
            .filter(unrestricted_q())
            .child_of(self)
            .only("title", "reading", "url_path", "path", "definition")
        )
        grouped = {}
        for term in terms:
            grouped.setdefault(kana.row_of(term.title, term.reading), []).append(term)
        return [
            {
                "label": row,
                "anchor": kana.ROW_ANCHORS[row],
                "terms": sorted(
                    grouped[row],
                    key=(lambda t: normalise_form(t.title))
                    if row == kana.LATIN_ROW
                    else (lambda t: t.sort_key),
                ),
            }
            for row in kana.ROW_ANCHORS
            if row in grouped
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        rows = self.rows()
        present = {row["label"] for row in rows}
        context["rows"] = rows
        context["jump_rows"] = [
            {"label": label, "anchor": anchor, "present": label in present}
            for label, anchor in kana.ROW_ANCHORS.items()
            if label != kana.OTHER_ROW or label in present
        ]
        return context


class GlossaryTermPage(Page):
    """One term: its reading, other forms, short definition and explanation."""

    reading = models.CharField(
        _("reading"),
        max_length=100,
        blank=True,
        help_text=_("In hiragana. Required when the term has kanji or katakana; sorts the index."),
    )
    definition = models.TextField(
        _("short definition"),
        max_length=200,
        validators=[MaxLengthValidator(200)],
        help_text=_("Plain text, up to 200 characters. Shown in the popover on column pages."),
    )
    body = RichTextField(
        _("explanation"),
        blank=True,
        features=["h3", "bold", "italic", "link", "ol", "ul"],
        help_text=_("Optional. The longer explanation on the term's own page."),
    )
    auto_link = models.BooleanField(
        _("link automatically"),
        default=True,
        help_text=_("Link this term where it appears in column bodies."),
    )
    case_sensitive = models.BooleanField(
        _("case-sensitive"),
        default=False,
        help_text=_("For Latin terms: match only the exact upper and lower case."),
    )

    content_panels = [
        TitleFieldPanel(
            "title",
            help_text=_(
                "The term as columns write it, e.g. 拡大抑止. Linked where a column first "
                "uses it or one of its other forms."
            ),
        ),
        FieldPanel("reading"),
        FieldPanel("definition"),
        FieldPanel("body"),
        InlinePanel(
            "other_forms",
            heading=_("Other forms"),
            label=_("Other form"),
            help_text=_(
                "Other spellings that link to this term too, e.g. 2+2 for 日米2プラス2. "
                "Full-width and half-width forms match each other without being listed."
            ),
        ),
        InlinePanel(
            "related_links",
            heading=_("Related terms"),
            label=_("Related term"),
            help_text=_("Listed on the term's page under “Related terms”."),
        ),
        MultiFieldPanel(
            [FieldPanel("auto_link"), FieldPanel("case_sensitive")], heading=_("Linking")
        ),
    ]
    parent_page_types = ["glossary.GlossaryIndexPage"]
    subpage_types = []

    # Japanese words cut by columns/japanese.py instead of the raw text, which
    # databases cannot split (see ColumnPage.search_fields).
    search_fields = Page.search_fields + [
        index.SearchField("search_title", boost=5),
        index.SearchField("search_other_forms", boost=5),
        index.AutocompleteField("search_title"),
        index.AutocompleteField("search_other_forms"),
        index.SearchField("search_definition", boost=2),
        index.SearchField("search_body", boost=1),
    ]

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    @property
    def sort_key(self):
        return kana.sort_key(self.reading or self.title)

    def forms(self):
        """The term first, then its aliases, without blanks or repeats."""
        seen, forms = set(), []
        for form in [self.title, *(a.form for a in self.other_forms.all())]:
            form = (form or "").strip()
            if form and normalise_form(form) not in seen:
                seen.add(normalise_form(form))
                forms.append(form)
        return forms

    def alias_forms(self):
        return self.forms()[1:]

    def body_text(self):
        return get_text_for_indexing(self.body or "")

    def search_title(self):
        return japanese.index_text(self.title)

    def search_other_forms(self):
        """The aliases and the reading, so 2+2 or かくだいよくし find the term."""
        return japanese.index_text([*self.alias_forms(), self.reading])

    def search_definition(self):
        return japanese.index_text(self.definition)

    def search_body(self):
        return japanese.index_text(self.body_text())

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        if kwargs.get("update_fields") is None:
            # post_save indexed the page before modelcluster stored its child rows
            # (tags, other forms): index it again now that they are saved.
            index.insert_or_update_object(self)
        return result

    @cached_property
    def related_terms(self):
        from columns.models import unrestricted_q

        ids = [link.term_id for link in self.related_links.all()]
        found = GlossaryTermPage.objects.live().filter(unrestricted_q()).in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    def clean(self):
        super().clean()
        errors = {}
        reading = (self.reading or "").strip()
        self.reading = reading
        if reading and not kana.is_hiragana_reading(reading):
            errors["reading"] = _("Write the reading in hiragana.")
        elif not reading and kana.needs_reading(self.title or ""):
            errors["reading"] = _("A term with kanji or katakana needs a reading in hiragana.")
        clash = self._clashing_form()
        if clash:
            errors["title"] = _("「%(form)s」 is already a form of the term 「%(term)s」.") % clash
        if errors:
            raise ValidationError(errors)

    def _clashing_form(self):
        """A form of this term that another term already uses, if any."""
        mine = {normalise_form(f): f for f in self.forms()}
        # Plain rows, not pages: this runs on every save of a glossary of thousands.
        others = GlossaryTermPage.objects.exclude(pk=self.pk)
        titles = others.values_list("title", "title")
        aliases = GlossaryAlias.objects.filter(term__in=others).values_list("form", "term__title")
        for rows in (titles, aliases):
            for form, title in rows.iterator(chunk_size=2000):
                key = normalise_form(form or "")
                if key and key in mine:
                    return {"form": mine[key], "term": title}
        return None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from columns.models import ColumnPage, unrestricted_q

        # Readers' list: live columns they may open (not those behind a view restriction).
        readable = ColumnPage.objects.filter(unrestricted_q(), live=True).values("pk")
        mentions = (
            GlossaryMention.objects.filter(term=self, column__in=readable)
            .select_related("column")
            .order_by("-column__publication_date", "-column_id")
        )
        context["mentions_page"] = paginate(request, mentions)
        if "other_forms" not in getattr(self, "_cluster_related_objects", {}):
            # Listed twice (the list and the structured data): read them once.
            models.prefetch_related_objects([self], "other_forms")
        return context

    # -- headless API (/api/v2/terms/, see config/api.py) -------------------------

    api_fields = [
        APIField("reading"),
        APIField("definition"),
        APIField("forms"),
        APIField("aliases", serializer=ReadOnlyField(source="alias_forms")),
        APIField("body", serializer=ReadOnlyField(source="api_body")),
        APIField("mentioned_in", serializer=ReadOnlyField(source="api_mentioned_in")),
    ]

    def api_body(self):
        return expand_db_html(self.body or "")

    def api_mentioned_in(self):
        """Live, public columns mentioning the term, newest first, with how often."""
        from columns.models import ColumnPage

        mentions = (
            GlossaryMention.objects.filter(
                term=self, column__in=ColumnPage.objects.live().public().values("pk")
            )
            .select_related("column")
            .order_by("-column__publication_date", "-column_id")
        )
        return [
            {
                "id": mention.column_id,
                "title": mention.column.title,
                "url": mention.column.full_url,
                "publication_date": mention.column.publication_date.isoformat(),
                "count": mention.count,
            }
            for mention in mentions
        ]


class GlossaryAlias(Orderable):
    """Another surface form of a term, e.g. 「2+2」 for 日米2プラス2."""

    term = ParentalKey(GlossaryTermPage, related_name="other_forms", on_delete=models.CASCADE)
    form = models.CharField(_("form"), max_length=100)

    panels = [FieldPanel("form")]

    class Meta(Orderable.Meta):
        verbose_name = _("other form")
        verbose_name_plural = _("other forms")


class GlossaryRelatedTerm(Orderable):
    page = ParentalKey(GlossaryTermPage, related_name="related_links", on_delete=models.CASCADE)
    term = models.ForeignKey(
        GlossaryTermPage, verbose_name=_("term"), related_name="+", on_delete=models.CASCADE
    )

    panels = [PageChooserPanel("term", page_type="glossary.GlossaryTermPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related term")
        verbose_name_plural = _("related terms")


class GlossaryMention(models.Model):
    """How often a live column mentions a term, by any of its forms."""

    column = models.ForeignKey(
        "columns.ColumnPage", related_name="glossary_mentions", on_delete=models.CASCADE
    )
    term = models.ForeignKey(GlossaryTermPage, related_name="mentions", on_delete=models.CASCADE)
    count = models.PositiveIntegerField()
    position = models.PositiveIntegerField(help_text="Order of first appearance in the column.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["column", "term"], name="unique_mention_per_column")
        ]
        indexes = [models.Index(fields=["term", "column"])]

    def __str__(self):
        return f"{self.term_id} in {self.column_id} ×{self.count}"


class GlossaryVersion(models.Model):
    """A counter bumped whenever the set of linkable forms changes.

    Linked column bodies are cached under it, and each process rebuilds its
    automaton when it moves, so app servers never disagree for long.
    """

    number = models.PositiveBigIntegerField(default=0)
    # Numbers repeat when a database is restored or rolled back; tokens do not.
    token = models.UUIDField(default=uuid.uuid4)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.number}-{self.token}"
