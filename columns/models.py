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
from rest_framework.fields import ReadOnlyField
from taggit.models import ItemBase, TagBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.rich_text import expand_db_html, get_text_for_indexing
from wagtail.search import index

from . import japanese
from .blocks import ColumnBodyBlock
from .edit_panels import DraftTermsPanel, EditorTab, ScheduleNotePanel
from .pagination import paginate
from .promos import LinePromo, LinePromoClick, LinePromoColumn  # noqa: F401  (LINE promo models)
from .widgets import CountedTextarea

LATEST_ON_HOME = 10


def unrestricted_q():
    """Pages under no view restriction, as a subquery.

    Wagtail's ``public()`` reads every restriction with a query of its own each
    time it is called; listings use this instead, so a page costs the same number
    of queries whatever the site holds.
    """
    from django.db.models.functions import Length, Substr
    from wagtail.models import PageViewRestriction

    # A restriction covers its page and every page whose path starts with its path.
    restricting = PageViewRestriction.objects.filter(
        page__path=Substr(models.OuterRef("path"), 1, Length("page__path"))
    )
    return ~models.Exists(restricting)


def route_to_child(parent, request, path_components, querysets, fallback):
    """Route to a child of one of the given types, found with one query.

    Wagtail's own route (``fallback``) reads the child, then its specific type:
    two queries for every level of the URL. Sub-routes of a routable page keep
    their precedence over children, as in Wagtail.
    """
    if path_components and not _is_subpage_route(parent, path_components):
        for queryset in querysets:
            child = queryset.child_of(parent).filter(slug=path_components[0]).first()
            if child is not None:
                # As Wagtail's route does: get_parent() and breadcrumbs need no query.
                child._cached_parent_obj = parent
                return child.route(request, path_components[1:])
    return fallback(request, path_components)


def _is_subpage_route(page, path_components):
    if not (page.live and hasattr(page, "resolve_subpage")):
        return False
    try:
        page.resolve_subpage("/" + "/".join(path_components) + "/")
    except Http404:
        return False
    return True


class HomePage(RoutablePageMixin, Page):
    """Site root: latest columns across series, the series, and tag pages."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["columns.ColumnSeriesIndexPage", "glossary.GlossaryIndexPage"]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, home_listings=True, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if not home_listings:  # tag pages render through this page, without its lists
            return context
        context["latest_columns"] = ColumnPage.listing(
            ColumnPage.objects.live().filter(unrestricted_q()).descendant_of(self)
        )[:LATEST_ON_HOME]
        context["series_list"] = (
            ColumnSeriesIndexPage.objects.live()
            .filter(unrestricted_q())
            .child_of(self)
            .order_by("path")
        )
        from glossary.models import GlossaryIndexPage

        context["glossary"] = (
            GlossaryIndexPage.objects.live().filter(unrestricted_q()).child_of(self).first()
        )
        return context

    def route(self, request, path_components):
        from glossary.models import GlossaryIndexPage

        children = [ColumnSeriesIndexPage.objects.all(), GlossaryIndexPage.objects.all()]
        return route_to_child(self, request, path_components, children, super().route)

    @path("tags/<str:tag_slug>/", name="tag")
    def tag_listing(self, request, tag_slug):
        tag = ColumnTag.objects.filter(slug=tag_slug).first()
        if tag is None:
            raise Http404
        columns = ColumnPage.objects.live().filter(unrestricted_q()).descendant_of(self)
        page_obj = paginate(request, ColumnPage.listing(columns.filter(tags=tag)))
        # A tag used only on drafts must not reveal itself.
        if not page_obj.paginator.count:
            raise Http404
        return self.render(
            request,
            context_overrides={"tag": tag, "page_obj": page_obj},
            template="columns/tag_page.html",
            home_listings=False,
        )


class ColumnSeriesIndexPage(RoutablePageMixin, Page):
    """One series of columns, e.g. GLOBAL&TREND, with its back numbers."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_(
            "Shown at the top of the series page, above its columns; its beginning is the "
            "description for search engines unless one is set."
        ),
    )
    back_number_count = models.PositiveSmallIntegerField(
        _("back numbers shown"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("How many earlier columns a column page lists under its article."),
    )

    content_panels = [
        TitleFieldPanel(
            "title",
            help_text=_(
                "The series name, e.g. GLOBAL&TREND. Heads the series page and the back "
                "numbers under each column."
            ),
        ),
        FieldPanel("intro"),
        FieldPanel("back_number_count"),
    ]
    parent_page_types = ["columns.HomePage"]
    subpage_types = ["columns.ColumnPage"]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("column series")
        verbose_name_plural = _("column series")

    def live_columns(self):
        return ColumnPage.objects.live().filter(unrestricted_q()).child_of(self)

    def route(self, request, path_components):
        # The column comes with its hero image and that image's renditions.
        columns = ColumnPage.objects.select_related("hero_image").prefetch_related(
            "hero_image__renditions"
        )
        return route_to_child(self, request, path_components, [columns], super().route)

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
    """Lets the slug default to the publication date; explains Wagtail's own fields."""

    # Help for fields Page and Wagtail's scheduling define, in the editors' terms.
    help_texts = {
        "slug": _("Left blank, the publication date is used (YYYYMMDD, then -2, -3 …)."),
        "seo_title": _(
            "Leave blank to use the title. The headline search engines show and the "
            "browser tab's title."
        ),
        "search_description": _(
            "Leave blank to use the lead. The summary search engines and shares on LINE "
            "show under the headline; about 120 characters are shown."
        ),
        "go_live_at": _(
            "The column goes live at this time once it is published, or approved after "
            "review. Leave blank to publish at once."
        ),
        "expire_at": _("The column goes offline at this time. Leave blank to keep it online."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, help_text in self.help_texts.items():
            if name in self.fields:
                self.fields[name].help_text = help_text
        if "slug" in self.fields:
            self.fields["slug"].required = False

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
        help_text=_(
            "The featured image at the top of the column, on listing cards and in shares. "
            "Landscape, at least 1440×810 pixels; it is cropped to fit each place."
        ),
    )
    hero_alt = models.CharField(
        _("hero image alt text"),
        max_length=200,
        blank=True,
        help_text=_("Describe the image for readers who cannot see it."),
    )
    hero_caption = models.CharField(
        _("hero image caption"),
        max_length=300,
        blank=True,
        help_text=_("Optional. Shown under the image, e.g. the source or photographer."),
    )
    body = StreamField(
        ColumnBodyBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_(
            "The article: paragraphs, section headings, images, quotations and embeds, in "
            "reading order. Glossary terms are linked when the page is shown."
        ),
    )
    glossary_links = models.BooleanField(
        _("link glossary terms"),
        default=True,
        help_text=_("Link glossary terms where they first appear in this column."),
    )
    tags = ClusterTaggableManager(
        through=ColumnPageTag,
        blank=True,
        verbose_name=_("tags"),
        help_text=_(
            "Comma separated. Each tag has a page listing its columns; reuse existing tags "
            "where they fit."
        ),
    )

    base_form_class = ColumnPageForm
    parent_page_types = ["columns.ColumnSeriesIndexPage"]
    subpage_types = []

    # The edit form in three tabs, as editors think of a column: its text; how it is
    # found and when it is published; where it leads (tags, back numbers). Page's
    # settings panels (the publishing schedule dialog, comments) come along, so
    # nothing Wagtail's default tabs hold is lost.
    content_panels = [
        # Not a TitleFieldPanel: the slug comes from the date, and that panel's slug sync
        # with no target fails to start in the browser.
        FieldPanel(
            "title",
            classname="title",
            help_text=_("The column's headline, shown above the article and in listings."),
        ),
        FieldPanel("publication_date"),
        FieldPanel("lead", widget=CountedTextarea(attrs={"rows": 3})),
        MultiFieldPanel(
            [
                FieldPanel("hero_image"),
                FieldRowPanel([FieldPanel("hero_alt"), FieldPanel("hero_caption")]),
            ],
            heading=_("Hero image"),
        ),
        FieldPanel("body"),
        FieldPanel("glossary_links"),
        DraftTermsPanel(heading=_("Terms in this column")),
    ]
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel("search_description", widget=CountedTextarea(attrs={"rows": 3})),
            ],
            heading=_("For search engines and shares"),
        ),
        ScheduleNotePanel(heading=_("Scheduled publishing")),
        *Page.settings_panels,
    ]
    navigation_panels = [
        FieldPanel("tags"),
        InlinePanel(
            "curated_back_numbers",
            heading=_("Back numbers"),
            label=_("Back number"),
            help_text=_(
                "Leave empty to list the newest other columns of the series automatically."
            ),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            EditorTab(content_panels, heading=_("Article"), name="article"),
            EditorTab(promote_panels, heading=_("Publishing and SEO"), name="publishing"),
            EditorTab(navigation_panels, heading=_("Back numbers and tags"), name="links"),
        ]
    )

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
        parent = getattr(self, "_cached_parent_obj", None)  # left here by routing
        if isinstance(parent, ColumnSeriesIndexPage):
            return parent
        parent_path = self.path[: -self.steplen]
        return ColumnSeriesIndexPage.objects.filter(path=parent_path).first()

    def _siblings(self):
        """Live, public other columns of the series.

        The same pages as ``unrestricted_q()`` admits, checked more cheaply: a
        restriction covers a sibling when it is on the sibling itself or on one of
        the ancestors all siblings share, so each row costs one look-up by page id
        and the ancestors are checked once for the whole query.
        """
        from wagtail.models import PageViewRestriction

        step = self.steplen
        ancestors = [self.path[:end] for end in range(step, len(self.path), step)]
        return (
            ColumnPage.objects.live()
            .sibling_of(self, inclusive=False)
            .filter(
                ~models.Exists(PageViewRestriction.objects.filter(page__path__in=ancestors)),
                ~models.Q(pk__in=PageViewRestriction.objects.values("page_id")),
            )
            .defer_streamfields()
        )

    def _sort_key(self):
        return (self.publication_date, self.pk)

    def _wanted_siblings(self, count, extra):
        """Ids of the newest ``count`` siblings, the previous and the next one, and ``extra``.

        The siblings are ranked newest first in one pass (window functions), so the
        database reads the series once, not once per list: with ``newer`` siblings
        newer than this column, the next one ranks ``newer`` and the previous one
        ``newer + 1``. ``extra`` (ids, as a queryset or a list) are kept whatever
        their rank.
        """
        from django.db.models.functions import RowNumber

        date, pk = self.publication_date, self.pk
        newer = models.Q(publication_date__gt=date) | models.Q(publication_date=date, pk__gt=pk)
        ranked = self._siblings().annotate(
            rank=models.Window(
                RowNumber(), order_by=[models.F("publication_date").desc(), models.F("pk").desc()]
            ),
            newer=models.Window(models.Sum(models.Case(models.When(newer, then=1), default=0))),
        )
        wanted = (
            models.Q(rank__lte=count)
            | models.Q(rank=models.F("newer"))
            | models.Q(rank=models.F("newer") + 1)
        )
        if not isinstance(extra, list) or extra:  # "in ()" would compile to a bare 0
            # A flag, not a filter: Django cannot OR "pk in (subquery)" with window filters.
            ranked = ranked.annotate(
                is_extra=models.ExpressionWrapper(
                    models.Q(pk__in=extra), output_field=models.BooleanField()
                )
            )
            wanted |= models.Q(is_extra=True)
        return ranked.filter(wanted).values("pk")

    def neighbourhood(self):
        """(back numbers, previous column, next column), read with one query.

        Back numbers are the curated list when an editor set one, else the newest
        other columns. Either way only live, public columns of the same series are
        listed, never the column itself. A preview reads the curated list from the
        page being edited; a published page reads it in the same query.
        """
        if not self.path or self.pk is None:
            # Not saved yet (the preview of a new column): nothing to order it against.
            return [], None, None
        count = self.series.back_number_count if self.series else 5
        columns = ColumnPage.objects.defer_streamfields()
        in_memory = getattr(self, "_cluster_related_objects", {}).get("curated_back_numbers")
        if in_memory is not None:
            curated_ids = [
                item.column_id for item in sorted(in_memory, key=lambda i: i.sort_order or 0)
            ]
            wanted = self._wanted_siblings(count, [pk for pk in curated_ids if pk is not None])
            rows = list(columns.filter(pk__in=wanted))
        else:
            chosen = ColumnBackNumber.objects.filter(page_id=self.pk)
            wanted = self._wanted_siblings(count, chosen.values("column_id"))
            rows = list(
                columns.filter(pk__in=wanted).annotate(
                    curated=models.Exists(chosen),
                    curated_order=models.Subquery(
                        chosen.filter(column_id=models.OuterRef("pk"))
                        .order_by("sort_order", "pk")
                        .values("sort_order")[:1]
                    ),
                )
            )
            curated_ids = None
            if rows and rows[0].curated:
                ordered = sorted(
                    (r for r in rows if r.curated_order is not None),
                    key=lambda r: (r.curated_order, r.pk),
                )
                curated_ids = [r.pk for r in ordered]
        mine = self._sort_key()
        found = {row.pk: row for row in rows}
        if curated_ids:
            back_numbers = [found[pk] for pk in dict.fromkeys(curated_ids) if pk in found]
        elif curated_ids is not None and in_memory is None:
            back_numbers = []  # curated, but none of the chosen columns is live
        else:
            back_numbers = sorted(rows, key=ColumnPage._sort_key, reverse=True)[:count]
        return (
            back_numbers,
            max((r for r in rows if r._sort_key() < mine), key=ColumnPage._sort_key, default=None),
            min((r for r in rows if r._sort_key() > mine), key=ColumnPage._sort_key, default=None),
        )

    def back_numbers(self):
        return self.neighbourhood()[0]

    def previous_column(self):
        return self.neighbourhood()[1]

    def next_column(self):
        return self.neighbourhood()[2]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        back_numbers, previous_column, next_column = self.neighbourhood()
        context.update(
            series=self.series,
            back_numbers=back_numbers,
            previous_column=previous_column,
            next_column=next_column,
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

    # Readers come from LINE on phones and from search on computers: the live
    # preview offers both widths (phone first, as most readers see it).
    preview_sizes = [
        {
            "name": "mobile",
            "icon": "mobile-alt",
            "device_width": 375,
            "label": _("Preview at phone size"),
        },
        {
            "name": "desktop",
            "icon": "desktop",
            "device_width": 1280,
            "label": _("Preview at desktop size"),
        },
    ]

    @property
    def hero_alt_text(self):
        return self.hero_alt or (self.hero_image.title if self.hero_image else "")

    @property
    def hero_img_alt(self):
        """The alt of the image on the page: empty when it only repeats the title beside it,
        which a screen reader would otherwise read twice (imports use the title as alt)."""
        alt = self.hero_alt_text
        return "" if alt.strip() == self.title.strip() else alt

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

    # -- headless API (/api/v2/columns/, see config/api.py) -----------------------
    # Related pages go out as id, title and URL, images as renditions; back
    # numbers and the series follow the same live-only rules as the page.

    api_fields = [
        APIField("publication_date"),
        APIField("lead"),
        APIField("series", serializer=ReadOnlyField(source="api_series")),
        APIField("tags", serializer=ReadOnlyField(source="api_tags")),
        # The sizes the templates use: listing cards, the column page, shares.
        APIField(
            "hero_image_thumbnail",
            serializer=ImageRenditionField("fill-480x270", source="hero_image"),
        ),
        APIField(
            "hero_image_large", serializer=ImageRenditionField("fill-1440x810", source="hero_image")
        ),
        APIField(
            "hero_image_og",
            serializer=ImageRenditionField("fill-1200x630|format-jpeg", source="hero_image"),
        ),
        APIField("hero_alt", serializer=ReadOnlyField(source="hero_alt_text")),
        APIField("hero_caption"),
        APIField("body", serializer=ReadOnlyField(source="api_body")),
        APIField("back_numbers", serializer=ReadOnlyField(source="api_back_numbers")),
    ]

    def api_series(self):
        series = self.series
        if series is None or not series.live:
            return None
        return {"id": series.pk, "title": series.title, "slug": series.slug, "url": series.full_url}

    def api_tags(self):
        """Tags by name, each with its site-wide page (the URL tag_url builds)."""
        parts = self.get_url_parts()
        home_url = parts[1] + "/" if parts else None
        tags = sorted((item.tag for item in self.tagged_items.all()), key=lambda tag: tag.name)
        return [
            {
                "name": tag.name,
                "slug": tag.slug,
                "url": home_url
                and home_url + HomePage().reverse_subpage("tag", kwargs={"tag_slug": tag.slug}),
            }
            for tag in tags
        ]

    def api_body(self):
        """The body's blocks; paragraphs as HTML, images as a rendition with the image id.

        An image block still waiting for its file (imported without it) is left
        out, as the page leaves it out.
        """
        blocks = []
        for child in self.body:
            value = child.block.get_api_representation(child.value)
            if child.block_type == "paragraph":
                value = expand_db_html(child.value.source)
            elif child.block_type == "image":
                image = child.value["image"]
                if image is None:
                    continue
                rendition = ImageRenditionField("width-960").to_representation(image)
                value = {
                    "image": {"id": image.pk, **rendition},
                    "alt": child.value["alt"],
                    "caption": child.value["caption"],
                }
            blocks.append({"type": child.block_type, "value": value, "id": child.id})
        return blocks

    def api_back_numbers(self):
        return [
            {
                "id": column.pk,
                "title": column.title,
                "url": column.full_url,
                "publication_date": column.publication_date.isoformat(),
            }
            for column in self.back_numbers()
        ]


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
