"""Page models of a column site: home, series index and column."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
    TitleFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index

from . import japanese
from .blocks import ColumnBodyBlock
from .pagination import paginate
from .promos import LinePromo, LinePromoClick, LinePromoColumn  # noqa: F401  (LINE promo models)

LATEST_ON_HOME = 10


class HomePage(RoutablePageMixin, Page):
    """Site root: latest columns across series, the series, and tag pages."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["columns.ColumnSeriesIndexPage", "glossary.GlossaryIndexPage"]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_columns"] = ColumnPage.listing(
            ColumnPage.objects.live().public().descendant_of(self)
        )[:LATEST_ON_HOME]
        context["series_list"] = (
            ColumnSeriesIndexPage.objects.live().public().child_of(self).order_by("path")
        )
        from glossary.models import GlossaryIndexPage

        context["glossary"] = GlossaryIndexPage.objects.live().public().child_of(self).first()
        return context

    @path("tags/<str:tag_slug>/", name="tag")
    def tag_listing(self, request, tag_slug):
        tag = ColumnTag.objects.filter(slug=tag_slug).first()
        if tag is None:
            raise Http404
        columns = ColumnPage.objects.live().public().descendant_of(self).filter(tags=tag)
        # A tag used only on drafts must not reveal itself.
        if not columns.exists():
            raise Http404
        page_obj = paginate(request, ColumnPage.listing(columns))
        return self.render(
            request,
            context_overrides={"tag": tag, "page_obj": page_obj},
            template="columns/tag_page.html",
        )


class ColumnSeriesIndexPage(RoutablePageMixin, Page):
    """One series of columns, e.g. GLOBAL&TREND, with its back numbers."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    back_number_count = models.PositiveSmallIntegerField(
        _("back numbers shown"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("How many earlier columns a column page lists under its article."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("back_number_count")]
    parent_page_types = ["columns.HomePage"]
    subpage_types = ["columns.ColumnPage"]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("column series")
        verbose_name_plural = _("column series")

    def live_columns(self):
        return ColumnPage.objects.live().public().child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["page_obj"] = paginate(request, ColumnPage.listing(self.live_columns()))
        return context

    @path("feed/", name="feed")
    def feed(self, request):
        from .feeds import SeriesFeed

        return SeriesFeed()(request, series=self)


class ColumnTag(TagBase):
    """A tag of columns; slugs keep Japanese characters."""

    free_tagging = True

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def slugify(self, tag, i=None):
        slug = super().slugify(tag, i)
        # A name of symbols only would slugify to nothing and have no URL.
        return slug or (f"tag_{i}" if i is not None else "tag")


class ColumnPageTag(ItemBase):
    tag = models.ForeignKey(ColumnTag, related_name="tagged_columns", on_delete=models.CASCADE)
    content_object = ParentalKey(
        "columns.ColumnPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ColumnPageForm(WagtailAdminPageForm):
    """Lets the slug default to the publication date."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "Left blank, the publication date is used (YYYYMMDD, then -2, -3 …)."
            )

    def clean(self):
        date = self.cleaned_data.get("publication_date")
        if "slug" in self.fields and not self.cleaned_data.get("slug") and date:
            self.cleaned_data["slug"] = date_slug(date, self.parent_page, self.instance)
        return super().clean()


def date_slug(date, parent, page=None):
    """YYYYMMDD, with -2, -3 … when a sibling already uses it."""
    base = date.strftime("%Y%m%d")
    candidate, suffix = base, 1
    while not Page._slug_is_available(candidate, parent, page):
        suffix += 1
        candidate = f"{base}-{suffix}"
    return candidate


class ColumnPage(Page):
    """One column of a series."""

    publication_date = models.DateField(
        _("publication date"),
        default=datetime.date.today,
        help_text=_("Shown as 「2024年8月9日掲載」. Orders the series and its back numbers."),
    )
    lead = models.TextField(
        _("lead"),
        max_length=300,
        help_text=_("A short summary for listings, search engines and shares on LINE."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_alt = models.CharField(
        _("hero image alt text"),
        max_length=200,
        blank=True,
        help_text=_("Describe the image for readers who cannot see it."),
    )
    hero_caption = models.CharField(_("hero image caption"), max_length=300, blank=True)
    body = StreamField(ColumnBodyBlock(), verbose_name=_("body"), blank=True)
    glossary_links = models.BooleanField(
        _("link glossary terms"),
        default=True,
        help_text=_("Link glossary terms where they first appear in this column."),
    )
    tags = ClusterTaggableManager(
        through=ColumnPageTag, blank=True, verbose_name=_("tags"), help_text=_("Comma separated.")
    )

    base_form_class = ColumnPageForm
    parent_page_types = ["columns.ColumnSeriesIndexPage"]
    subpage_types = []

    content_panels = [
        TitleFieldPanel("title", targets=[]),
        FieldPanel("publication_date"),
        FieldPanel("lead"),
        MultiFieldPanel(
            [
                FieldPanel("hero_image"),
                FieldRowPanel([FieldPanel("hero_alt"), FieldPanel("hero_caption")]),
            ],
            heading=_("Hero image"),
        ),
        FieldPanel("body"),
        FieldPanel("tags"),
        FieldPanel("glossary_links"),
        InlinePanel(
            "curated_back_numbers",
            heading=_("Back numbers"),
            label=_("Back number"),
            help_text=_(
                "Leave empty to list the newest other columns of the series automatically."
            ),
        ),
    ]

    # The index holds Japanese words cut by columns/japanese.py, space-separated,
    # instead of the raw text, which databases cannot split (Page's own title fields
    # stay, as Wagtail expects). Boosts weigh title > lead, tags > body on
    # PostgreSQL; SQLite weighs the title through the autocomplete column
    # (columns/search_backend.py).
    search_fields = Page.search_fields + [
        index.SearchField("search_title", boost=5),
        index.AutocompleteField("search_title"),
        index.SearchField("search_lead", boost=2),
        index.SearchField("search_tags", boost=2),
        index.SearchField("search_body", boost=1),
        index.FilterField("publication_date"),
    ]

    class Meta:
        verbose_name = _("column")
        verbose_name_plural = _("columns")

    # -- queries -----------------------------------------------------------

    @staticmethod
    def listing(queryset):
        """Newest first, with what a listing card shows fetched up front."""
        return (
            queryset.order_by("-publication_date", "-pk")
            .select_related("hero_image")
            .prefetch_related("hero_image__renditions", "tagged_items__tag")
        )

    @cached_property
    def series(self):
        parent_path = self.path[: -self.steplen]
        return ColumnSeriesIndexPage.objects.filter(path=parent_path).first()

    @cached_property
    def _private_q(self):
        # public() would re-read view restrictions for every query; read them once.
        return ColumnPage.objects.private_q()

    def _siblings(self):
        return ColumnPage.objects.live().exclude(self._private_q).sibling_of(self, inclusive=False)

    def back_numbers(self):
        """The curated list when an editor set one, else the newest other columns.

        Either way only live columns of the same series are listed, never the
        column itself. Curated ids are read from the in-memory cluster, so a
        preview shows the list being edited.
        """
        if not self.path:
            return []
        curated_ids = [
            item.column_id
            for item in sorted(self.curated_back_numbers.all(), key=lambda i: i.sort_order or 0)
        ]
        if curated_ids:
            found = self._siblings().in_bulk(curated_ids)
            return [found[pk] for pk in dict.fromkeys(curated_ids) if pk in found]
        count = self.series.back_number_count if self.series else 5
        return list(self._siblings().order_by("-publication_date", "-pk")[:count])

    def previous_column(self):
        return (
            self._siblings()
            .filter(
                models.Q(publication_date__lt=self.publication_date)
                | models.Q(publication_date=self.publication_date, pk__lt=self.pk)
            )
            .order_by("-publication_date", "-pk")
            .first()
        )

    def next_column(self):
        return (
            self._siblings()
            .filter(
                models.Q(publication_date__gt=self.publication_date)
                | models.Q(publication_date=self.publication_date, pk__gt=self.pk)
            )
            .order_by("publication_date", "pk")
            .first()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            series=self.series,
            back_numbers=self.back_numbers(),
            previous_column=self.previous_column(),
            next_column=self.next_column(),
            tags=list(self.tags.all()),
        )
        return context

    # -- search --------------------------------------------------------------

    def body_text(self):
        """The body as plain text readers see: headings, paragraphs, quotes, captions."""
        parts = []
        for block in self.body:
            value = block.value
            if block.block_type == "paragraph":
                parts.append(get_text_for_indexing(value.source))
            elif block.block_type == "heading":
                parts.append(value["text"])
            elif block.block_type == "quote":
                parts += [value["text"], value["attribution"]]
            elif block.block_type == "image":
                parts.append(value["caption"])
        return "\n".join(part for part in parts if part)

    def search_title(self):
        return japanese.index_text(self.title)

    def search_lead(self):
        return japanese.index_text(self.lead)

    def search_tags(self):
        return japanese.index_text([tag.name for tag in self.tags.all()])

    def search_body(self):
        return japanese.index_text(self.body_text())

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        if kwargs.get("update_fields") is None:
            # post_save indexed the page before modelcluster stored its child rows
            # (tags, other forms): index it again now that they are saved.
            index.insert_or_update_object(self)
        return result

    # -- presentation ------------------------------------------------------

    @property
    def hero_alt_text(self):
        return self.hero_alt or (self.hero_image.title if self.hero_image else "")

    def meta_description(self):
        text = self.search_description or self.lead or ""
        return Truncator(strip_tags(text)).chars(160)

    def published_datetime(self):
        """Publication date at midnight JST, for feeds and metadata."""
        tz = timezone.get_default_timezone()
        return datetime.datetime.combine(self.publication_date, datetime.time(), tzinfo=tz)

    # -- lifecycle -----------------------------------------------------------

    def full_clean(self, *args, **kwargs):
        if not self.slug and self.publication_date and self.path:
            self.slug = date_slug(self.publication_date, self.get_parent(), self)
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_alt:
            raise ValidationError({"hero_alt": _("Enter alt text for the hero image.")})


class ColumnBackNumber(Orderable):
    """An editor-curated entry in a column's back-number list."""

    page = ParentalKey(ColumnPage, related_name="curated_back_numbers", on_delete=models.CASCADE)
    column = models.ForeignKey(
        ColumnPage, verbose_name=_("column"), related_name="+", on_delete=models.CASCADE
    )

    panels = [PageChooserPanel("column", page_type="columns.ColumnPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("back number")
        verbose_name_plural = _("back numbers")
