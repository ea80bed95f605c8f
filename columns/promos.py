"""LINE friend-add promos at the end of columns: the snippet, its choice and its clicks.

Promo staff manage ``LinePromo`` snippets (drafts, revisions, locking, preview,
scheduled publishing). A column shows at most one promo, chosen from the live
promos whose schedule window contains *now*: the most specific placement wins
(column > tag > series > all), then the highest priority, then a weighted but
deterministic pick keyed on the page id (see docs/PROMOS.md).

What choosing and rendering need of every live promo is read with one query and
cached under a version token; saving, publishing, unpublishing or deleting a
promo replaces the token, so the next render reads the database again.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from django.contrib.contenttypes.fields import GenericRelation
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import PageChooserPanel
from wagtail.images import get_image_model_string
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
)
from wagtail.signals import published, unpublished

from . import page_cache

# The group that manages promos; created by a data migration.
PROMO_STAFF_GROUP = "プロモ担当"

VERSION_KEY = "columns:line-promos:version"
CANDIDATES_KEY = "columns:line-promos:v1:candidates:{version}"
IMAGE_KEY = "columns:line-promos:v1:image:{version}:{image_id}"
QR_KEY = "columns:line-promos:v1:qr:{digest}"
# Bounds staleness when processes do not share a cache; a shared cache is invalidated at once.
CANDIDATES_TIMEOUT = 300
QR_TIMEOUT = 60 * 60 * 24 * 30

QR_SCALE = 4  # pixels per module
QR_BORDER = 4  # the quiet zone scanners expect, in modules
IMAGE_SPEC = "max-480x480"

LINE_SHARE_URL = "https://social-plugins.line.me/lineit/share?url="


# -- URL and LINE ID validation -------------------------------------------------------------

_LIN_EE_PATH = re.compile(r"/([A-Za-z0-9_-]{1,64})/?")
_LINE_ME_PATH = re.compile(r"/R/ti/p/(?:%40|@)([A-Za-z0-9._-]{1,40})/?")
_LINE_ID = re.compile(r"@?([A-Za-z0-9._-]{1,40})")

URL_HELP = _(
    "Enter the friend-add URL of the LINE Official Account: https://lin.ee/… or "
    "https://line.me/R/ti/p/%40… (from LINE Official Account Manager)."
)


def normalise_line_url(value):
    """The friend-add URL in its one accepted spelling, or ValidationError.

    Accepted: ``https://lin.ee/<code>`` and ``https://line.me/R/ti/p/%40<id>``
    (an unencoded ``@`` becomes ``%40``). The result is rebuilt from the parts
    that matched, so nothing else of the input reaches a link or a redirect.
    """
    text = (value or "").strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ValidationError(URL_HELP, code="invalid") from None
    scheme = parts.scheme.lower()
    if scheme == "line":
        raise ValidationError(
            _(
                "line:// links are not accepted: they only work inside the LINE app and can "
                "be taken over by other apps. Use the https:// friend-add URL instead."
            ),
            code="line_scheme",
        )
    if scheme == "http":
        raise ValidationError(
            _("The friend-add URL must start with https://, not http://."), code="http"
        )
    if (
        scheme != "https"
        or parts.username
        or parts.password
        or port is not None
        or parts.query
        or parts.fragment
    ):
        raise ValidationError(URL_HELP, code="invalid")
    host = parts.hostname or ""
    if host == "lin.ee" and (match := _LIN_EE_PATH.fullmatch(parts.path)):
        return f"https://lin.ee/{match[1]}"
    if host == "line.me" and (match := _LINE_ME_PATH.fullmatch(parts.path)):
        return f"https://line.me/R/ti/p/%40{match[1]}"
    raise ValidationError(URL_HELP, code="invalid")


def line_id_of_url(url):
    """The LINE ID in a line.me friend-add URL (without @), or None for lin.ee links."""
    parts = urlsplit(url)
    match = _LINE_ME_PATH.fullmatch(parts.path) if parts.hostname == "line.me" else None
    return match[1] if match else None


def normalise_line_id(value):
    match = _LINE_ID.fullmatch((value or "").strip())
    if not match:
        raise ValidationError(
            _(
                "Enter the LINE ID as shown in LINE Official Account Manager, e.g. @example: "
                "letters, digits, dots, hyphens and underscores after the @."
            ),
            code="invalid",
        )
    return "@" + match[1]


# -- models -------------------------------------------------------------------------------


class Placement(models.TextChoices):
    ALL = "all", _("All columns")
    SERIES = "series", _("Columns of a series")
    TAG = "tag", _("Columns with a tag")
    COLUMNS = "columns", _("Specific columns")


# Higher wins: a promo aimed at a column beats one for its tag, its series, or all columns.
SPECIFICITY = {Placement.COLUMNS: 3, Placement.TAG: 2, Placement.SERIES: 1, Placement.ALL: 0}


class LinePromoForm(WagtailAdminModelForm):
    """Checks the chosen columns, which only the inline formset knows about."""

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("placement") == Placement.COLUMNS:
            formset = self.formsets.get("placement_columns")
            if formset is not None and formset.is_valid():
                chosen = [
                    form
                    for form in formset.forms
                    if form.cleaned_data.get("column") and not form.cleaned_data.get("DELETE")
                ]
                if not chosen:
                    self.add_error("placement", _("Choose at least one column for this placement."))
        return cleaned_data


class LinePromo(PreviewableMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    """A block asking readers to add the publisher's LINE Official Account as a friend."""

    name = models.CharField(
        _("internal name"), max_length=100, help_text=_("Shown only in the admin and reports.")
    )
    heading = models.CharField(_("heading"), max_length=80)
    body = models.TextField(_("body text"), max_length=400, blank=True)
    button_label = models.CharField(
        _("button label"),
        max_length=30,
        default=_("Add friend"),
        help_text=_("The button shown on phones."),
    )
    line_id = models.CharField(
        _("LINE ID"), max_length=41, help_text=_("Shown next to the QR code, e.g. @example.")
    )
    url = models.CharField(_("friend-add URL"), max_length=200, help_text=URL_HELP)
    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("image alt text"),
        max_length=200,
        blank=True,
        help_text=_("Leave blank when the image only decorates the promo."),
    )
    placement = models.CharField(
        _("placement"), max_length=10, choices=Placement.choices, default=Placement.ALL
    )
    series = models.ForeignKey(
        "columns.ColumnSeriesIndexPage",
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For the placement “Columns of a series”."),
    )
    tag = models.ForeignKey(
        "columns.ColumnTag",
        verbose_name=_("tag"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For the placement “Columns with a tag”."),
    )
    priority = models.SmallIntegerField(
        _("priority"),
        default=0,
        help_text=_(
            "When several promos of the same placement fit a column, the highest priority is shown."
        ),
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Promos of equal placement and priority share the columns in proportion to "
            "their weight; each column always shows the same one."
        ),
    )
    # Revisions go when the promo goes.
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="line_promo",
        for_concrete_model=False,
    )

    base_form_class = LinePromoForm

    class Meta:
        verbose_name = _("LINE promo")
        verbose_name_plural = _("LINE promos")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    # -- validation -------------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        if self.url:
            try:
                self.url = normalise_line_url(self.url)
            except ValidationError as error:
                errors["url"] = error
        if self.line_id:
            try:
                self.line_id = normalise_line_id(self.line_id)
            except ValidationError as error:
                errors["line_id"] = error
        if not errors and self.url and self.line_id:
            url_id = line_id_of_url(self.url)
            if url_id and url_id.casefold() != self.line_id[1:].casefold():
                errors["line_id"] = ValidationError(
                    _("The LINE ID does not match the friend-add URL (@%(id)s)."),
                    params={"id": url_id},
                    code="mismatch",
                )
        if self.placement == Placement.SERIES and not self.series_id:
            errors["series"] = _("Choose the series for this placement.")
        if self.placement == Placement.TAG and not self.tag_id:
            errors["tag"] = _("Choose the tag for this placement.")
        # Targets of another placement would only confuse whoever edits the promo next.
        if self.placement != Placement.SERIES:
            self.series = None
        if self.placement != Placement.TAG:
            self.tag = None
        if errors:
            raise ValidationError(errors)

    # -- admin ------------------------------------------------------------------

    def placement_summary(self):
        if self.placement == Placement.SERIES and self.series_id:
            return f"{self.get_placement_display()}: {self.series.title}"
        if self.placement == Placement.TAG and self.tag_id:
            return f"{self.get_placement_display()}: {self.tag.name}"
        if self.placement == Placement.COLUMNS:
            count = len(self.placement_columns.all())
            return f"{self.get_placement_display()}: {count}"
        return self.get_placement_display()

    placement_summary.short_description = _("placement")

    def reader_status(self, now, scheduled_go_live_at=None):
        """What readers get at *now*: "live", "scheduled", "draft" or "finished".

        Agrees with load_candidates() and PromoCard.is_showing(): a live promo outside its
        go_live_at/expire_at window is not shown, even before publish_scheduled runs.
        scheduled_go_live_at is the go-live time of an approved scheduled revision
        (Wagtail's scheduled_revision), given by the caller so that this reads nothing.
        """
        if self.live:
            if self.expire_at is not None and self.expire_at <= now:
                return "finished"
            if self.go_live_at is not None and now < self.go_live_at:
                return "scheduled"
            return "live"
        if scheduled_go_live_at is not None:
            return "scheduled"
        return "finished" if self.expired else "draft"

    # -- preview ----------------------------------------------------------------

    @property
    def preview_modes(self):
        return [("desktop", _("Desktop (QR code)")), ("mobile", _("Phone (button)"))]

    @property
    def default_preview_mode(self):
        return "desktop"

    def get_preview_template(self, request, mode_name):
        return "columns/promos/preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        card = PromoCard.from_instance(self)
        context.update(
            preview_mode=mode_name if mode_name in ("desktop", "mobile") else "desktop",
            # Preview links go straight to LINE: an editor's click is not a reader's.
            promo_context=promo_context(card, page_id=None, track=False, image=self.image),
        )
        return context


class LinePromoColumn(Orderable):
    """A column chosen for the placement “Specific columns”."""

    promo = ParentalKey(LinePromo, related_name="placement_columns", on_delete=models.CASCADE)
    column = models.ForeignKey(
        "columns.ColumnPage", verbose_name=_("column"), related_name="+", on_delete=models.CASCADE
    )

    panels = [PageChooserPanel("column", page_type="columns.ColumnPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("column")
        verbose_name_plural = _("columns")


class LinePromoClick(models.Model):
    """Clicks on a promo's links from one page on one day: a counter, no row per click."""

    promo = models.ForeignKey(
        LinePromo, verbose_name=_("LINE promo"), related_name="clicks", on_delete=models.CASCADE
    )
    # No database constraint: the counts outlive a deleted page. None: the page is unknown.
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
    )
    day = models.DateField(_("date"))
    count = models.PositiveIntegerField(_("clicks"), default=0)

    class Meta:
        verbose_name = _("LINE promo click count")
        verbose_name_plural = _("LINE promo click counts")
        constraints = [
            # NULLs are distinct in a plain unique constraint, so the unknown page gets its own.
            models.UniqueConstraint(
                fields=["promo", "page", "day"],
                condition=Q(page__isnull=False),
                name="line_promo_click_per_page_day",
            ),
            models.UniqueConstraint(
                fields=["promo", "day"],
                condition=Q(page__isnull=True),
                name="line_promo_click_unknown_page_day",
            ),
        ]
        indexes = [models.Index(fields=["day"], name="line_promo_click_day")]

    def __str__(self):
        return f"{self.promo_id} {self.page_id} {self.day}: {self.count}"


def record_click(promo_id, page_id=None, day=None):
    """Add one click to the (promo, page, day) counter, creating it when needed."""
    lookup = {"promo_id": promo_id, "page_id": page_id, "day": day or timezone.localdate()}
    counters = LinePromoClick.objects.filter(**lookup)
    if counters.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            LinePromoClick.objects.create(count=1, **lookup)
    except IntegrityError:
        # Another request created the counter between the update and the insert.
        counters.update(count=F("count") + 1)


# -- what choosing and rendering need, cached -----------------------------------------------


@dataclass(frozen=True)
class PromoCard:
    """A live promo as the cache holds it: plain values, no model instance."""

    pk: int | None
    name: str
    heading: str
    body: str
    button_label: str
    line_id: str
    url: str
    image_id: int | None
    image_alt: str
    placement: str
    priority: int
    weight: int
    go_live_at: object  # aware datetime or None
    expire_at: object
    series_id: int | None = None
    series_path: str = ""
    tag_id: int | None = None
    column_ids: frozenset = frozenset()

    @classmethod
    def from_instance(cls, promo):
        return cls(
            pk=promo.pk,
            name=promo.name,
            heading=promo.heading,
            body=promo.body,
            button_label=str(promo.button_label),
            line_id=promo.line_id,
            url=promo.url,
            image_id=promo.image_id,
            image_alt=promo.image_alt,
            placement=promo.placement,
            priority=promo.priority,
            weight=promo.weight,
            go_live_at=promo.go_live_at,
            expire_at=promo.expire_at,
            series_id=promo.series_id,
            series_path=promo.series.path if promo.series_id else "",
            tag_id=promo.tag_id,
            column_ids=frozenset(item.column_id for item in promo.placement_columns.all()),
        )

    def is_showing(self, now):
        """Inside the schedule window: gone at expire_at even before publish_scheduled runs."""
        started = self.go_live_at is None or self.go_live_at <= now
        return started and (self.expire_at is None or now < self.expire_at)

    def specificity_for(self, target):
        """How specifically the promo aims at the page, or None when it does not."""
        if self.placement == Placement.COLUMNS:
            hit = target.page_id in self.column_ids
        elif self.placement == Placement.TAG:
            hit = self.tag_id in target.tag_ids
        elif self.placement == Placement.SERIES:
            hit = self.series_id is not None and (
                target.page_id == self.series_id or target.parent_path == self.series_path
            )
        else:
            hit = self.placement == Placement.ALL
        return SPECIFICITY[self.placement] if hit else None


@dataclass(frozen=True)
class Target:
    page_id: int | None
    parent_path: str
    tag_ids: frozenset


_CARD_FIELDS = [
    "pk",
    "name",
    "heading",
    "body",
    "button_label",
    "line_id",
    "url",
    "image_id",
    "image_alt",
    "placement",
    "priority",
    "weight",
    "go_live_at",
    "expire_at",
    "series_id",
    "tag_id",
]


def load_candidates():
    """Every live, unexpired promo, in one query (the chosen columns come in by a join)."""
    rows = (
        LinePromo.objects.filter(live=True)
        .exclude(expire_at__lte=timezone.now())
        .order_by("pk")
        .values_list(*_CARD_FIELDS, "series__path", "placement_columns__column_id")
    )
    cards, columns = {}, {}
    for row in rows:
        pk = row[0]
        if pk not in cards:
            cards[pk] = dict(zip(_CARD_FIELDS, row[:-2], strict=True), series_path=row[-2] or "")
            columns[pk] = set()
        if row[-1] is not None:
            columns[pk].add(row[-1])
    return [PromoCard(**data, column_ids=frozenset(columns[pk])) for pk, data in cards.items()]


def current_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh token, never a counter restarting at 0: entries of an evicted
        # version must not come back to life.
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def bump_version():
    """Make every cached promo list and image stale, now and again once the transaction commits.

    Now, so this request and tests see the change; at commit, so a render between
    the two cannot keep the old list under the new token.
    """

    def bump():
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)

    bump()
    transaction.on_commit(bump)


def live_candidates():
    """The cached candidates: no query on a hit, one on a miss."""
    key = CANDIDATES_KEY.format(version=current_version())
    cards = cache.get(key)
    if cards is None:
        cards = load_candidates()
        cache.set(key, cards, CANDIDATES_TIMEOUT)
    return cards


def showing_promo(promo_id, now=None):
    """The live promo of that id if it is inside its schedule window, else None."""
    now = now or timezone.now()
    for card in live_candidates():
        if card.pk == promo_id:
            return card if card.is_showing(now) else None
    return None


def target_of(page, tag_ids=None):
    """What placement rules look at on a page; tags are read only when not given."""
    from .models import ColumnPage

    if tag_ids is None:
        tag_ids = [tag.pk for tag in page.tags.all()] if isinstance(page, ColumnPage) else ()
    path = page.path or ""
    return Target(
        page_id=page.pk,
        parent_path=path[: -page.steplen] if path else "",
        tag_ids=frozenset(tag_ids),
    )


def _stable_point(page_id, total):
    digest = hashlib.sha256(f"line-promo:{page_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % total


def choose(cards, target, now):
    """The promo a page shows: most specific, then highest priority, then by weight.

    Equal candidates are not rotated per request: each page gets one of them,
    drawn by a hash of its id in proportion to the weights, so a cached page and
    a fresh render agree and every page always shows the same promo.
    """
    scored = []
    for card in cards:
        if not card.is_showing(now):
            continue
        specificity = card.specificity_for(target)
        if specificity is not None:
            scored.append(((specificity, card.priority), card))
    if not scored:
        return None
    best = max(rank for rank, _card in scored)
    group = sorted((card for rank, card in scored if rank == best), key=lambda c: c.pk)
    point = _stable_point(target.page_id, sum(card.weight for card in group))
    for card in group:
        if point < card.weight:
            return card
        point -= card.weight
    return group[-1]  # unreachable: the point is below the total weight


def select_promo(page, tag_ids=None, now=None):
    """The promo for a page, or None. No query on a cache hit when tag_ids are given."""
    if page is None:
        return None
    return choose(live_candidates(), target_of(page, tag_ids), now or timezone.now())


# -- rendering ------------------------------------------------------------------------------

FRIEND_ADD_NAME = _("Add us as a friend on LINE")
QR_LABEL = _("QR code to add us as a friend on LINE")


def qr_svg(url):
    """The QR code of a URL as inline SVG with its size, cached per URL."""
    key = QR_KEY.format(digest=hashlib.sha256(url.encode()).hexdigest())
    found = cache.get(key)
    if found is None:
        import segno

        code = segno.make(url, error="m", micro=False)
        size = code.symbol_size(scale=QR_SCALE, border=QR_BORDER)[0]
        # omitsize gives a viewBox; width and height are added at render, so the
        # code scales with CSS and still reserves its space before it paints.
        svg = code.svg_inline(
            border=QR_BORDER,
            dark="#000",
            light="#fff",
            omitsize=True,
            svgclass="line-promo__qr-code",
            lineclass=None,
        )
        found = (svg, size)
        cache.set(key, found, QR_TIMEOUT)
    return found


def qr_markup(url, label):
    svg, size = qr_svg(url)
    label = escape(label)
    opening, rest = svg.split(">", 1)
    return (
        f'{opening} width="{size}" height="{size}" role="img" aria-label="{label}">'
        f"<title>{label}</title>{rest}"
    )


def image_data(card, image=None):
    """url, width and height of the promo image's rendition; cached per promo version."""
    if not card.image_id:
        return None
    key = IMAGE_KEY.format(version=current_version(), image_id=card.image_id)
    found = cache.get(key) if image is None else None
    if found is None:
        from wagtail.images import get_image_model

        if image is None:
            image = get_image_model().objects.filter(pk=card.image_id).first()
        if image is None:
            return None
        rendition = image.get_rendition(IMAGE_SPEC)
        found = {"url": rendition.url, "width": rendition.width, "height": rendition.height}
        cache.set(key, found, CANDIDATES_TIMEOUT)
    return found


def button_accessible_name(label):
    """「LINEで友だち追加」, keeping a custom visible label in the name (WCAG 2.5.3)."""
    name = str(FRIEND_ADD_NAME)
    label = (label or "").strip()
    if not label or label in name:
        return name
    return gettext("%(label)s: %(name)s") % {"label": label, "name": name}


def promo_context(card, page_id=None, track=True, image=None):
    """What templates/columns/promos/line_promo.html needs."""
    if track and card.pk is not None:
        go_url = reverse("line_promo_go", args=[card.pk])
        if page_id is not None:
            go_url += f"?from={page_id}"
    else:
        # Checked again, as the redirect does: a URL changed behind the form is no link.
        try:
            go_url = normalise_line_url(card.url)
        except ValidationError:
            go_url = ""
    return {
        "promo": card,
        "go_url": go_url,
        # Segno's SVG carries no user text; the label is escaped in qr_markup.
        "qr": mark_safe(qr_markup(card.url, str(QR_LABEL))),  # noqa: S308
        "image": image_data(card, image=image),
        "button_label": card.button_label or str(_("Add friend")),
        "button_name": button_accessible_name(card.button_label or str(_("Add friend"))),
    }


def line_share_url(page_url):
    """LINE's web share URL for a page (its canonical URL, percent-encoded)."""
    return LINE_SHARE_URL + quote(page_url, safe="")


# -- invalidation ---------------------------------------------------------------------------

# Saves that touch only these fields change nothing a reader sees.
_BOOKKEEPING_FIELDS = frozenset(
    {"latest_revision", "has_unpublished_changes", "locked", "locked_at", "locked_by"}
)


def _shows_change(update_fields):
    return update_fields is None or not set(update_fields) <= _BOOKKEEPING_FIELDS


@receiver(pre_save, sender=LinePromo, dispatch_uid="line_promo_pre_save")
@receiver(pre_delete, sender=LinePromo, dispatch_uid="line_promo_pre_delete")
def remember_live_state(sender, instance, update_fields=None, **kwargs):
    # Which promo each column shows now; the columns whose promo changes get purged.
    if _shows_change(update_fields):
        page_cache.remember_promos(id(instance))


@receiver(post_save, sender=LinePromo, dispatch_uid="line_promo_post_save")
def promo_saved(sender, instance, update_fields=None, **kwargs):
    bump_version()
    if _shows_change(update_fields):
        page_cache.promos_changed(id(instance))


@receiver(post_delete, sender=LinePromo, dispatch_uid="line_promo_post_delete")
def promo_deleted(sender, instance, **kwargs):
    bump_version()
    page_cache.promos_changed(id(instance), now=True)


@receiver(published, sender=LinePromo, dispatch_uid="line_promo_published")
@receiver(unpublished, sender=LinePromo, dispatch_uid="line_promo_unpublished")
def promo_published_or_unpublished(sender, instance=None, **kwargs):
    # Also covers publish_scheduled's go-live and expiry.
    bump_version()
    if instance is not None:
        page_cache.promos_changed(id(instance), now=True)


@receiver(post_save, sender=LinePromoColumn, dispatch_uid="line_promo_column_saved")
@receiver(post_delete, sender=LinePromoColumn, dispatch_uid="line_promo_column_deleted")
def promo_columns_changed(sender, **kwargs):
    # Chosen columns are committed after the promo itself.
    bump_version()


@receiver(post_save, sender=get_image_model_string(), dispatch_uid="line_promo_image_saved")
@receiver(post_delete, sender=get_image_model_string(), dispatch_uid="line_promo_image_deleted")
def promo_image_changed(sender, **kwargs):
    # A replaced file gets new renditions; cached image URLs would point at the old ones.
    bump_version()
