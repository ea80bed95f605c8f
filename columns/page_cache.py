"""Whole public pages in the shared cache, and exact invalidation when content changes.

Serving (``PageCacheMiddleware``): a Wagtail page requested anonymously with GET
or HEAD, without a session cookie, at its bare URL or at ``?page=N`` (N ≥ 2) is
stored after its first render and served from the cache afterwards, with
``Cache-Control: public`` for the CDN. Editors (signed in), previews, other query
strings, responses that set cookies and anything but 200 are never stored; editors'
pages are marked ``private, no-store``.

Keys: every (path, page number) has a generation token in the cache, and one
token covers the whole site. A page is stored under its URL (scheme, host, path,
page number) together with the tokens read *before* it was rendered, and served
only while both tokens are still the same. Invalidating a URL deletes its token,
so an entry rendered from the old content, even one written after the
invalidation, is never served again. Replacing the site token drops everything.
A hit reads both tokens and the entry in one round trip.

Invalidation: before a column, series, term, glossary, home page, image or promo changes
(pre_save, pre_page_move, pre_delete) a snapshot records what other pages show of
it; once the transaction commits, a second snapshot is taken and
``columns/cache_urls.py`` compares them. The resulting full URLs are dropped here,
sent to Wagtail's frontend cache (``WAGTAILFRONTENDCACHE``) when one is
configured, and announced by the ``pages_invalidated`` signal. See docs/CACHING.md.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import uuid
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.paginator import Page as PaginatorPage
from django.core.signals import request_finished
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import Signal
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from . import cache_urls
from .cache_urls import Listing, Referrers, Snapshot

logger = logging.getLogger(__name__)

# Sent after commit with the full URLs a change made stale: urls=frozenset.
pages_invalidated = Signal()

GLOBAL_KEY = "pagecache:global"
GEN_KEY = "pagecache:gen:{digest}"
# One entry per URL, holding the tokens it was rendered under (see _keys). Rename it
# whenever the entry's layout changes, so no process reads an entry it cannot unpack.
ENTRY_KEY = "pagecache:page:{digest}"
_CANONICAL_QUERY = re.compile(r"page=([2-9]|[1-9][0-9]{1,5})")


def enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", False)


def timeout():
    """How long a page may be kept (here and by the CDN) when nothing changes it."""
    return getattr(settings, "PAGE_CACHE_TIMEOUT", 60 * 60 * 24)


def browser_max_age():
    """Browsers are never purged: they may keep a page only briefly."""
    return getattr(settings, "PAGE_CACHE_MAX_AGE", 60)


def frontend_cache_configured():
    # The settings Wagtail's frontend cache reads; checked without building its backends.
    return bool(
        getattr(settings, "WAGTAILFRONTENDCACHE", None)
        or getattr(settings, "WAGTAILFRONTENDCACHE_LOCATION", None)
    )


def active():
    """Whether changes need their stale URLs computed at all."""
    return enabled() or frontend_cache_configured()


# -- keys ------------------------------------------------------------------------------------


def _digest(*parts):
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()


def slot_of_request(request):
    """(path, page number) a request may be cached under, or None."""
    if request.method not in ("GET", "HEAD"):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return None
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return (request.path, 1)
    match = _CANONICAL_QUERY.fullmatch(query)
    return (request.path, int(match[1])) if match else None


def slot_of_url(url):
    """(path, page number) of a full URL as the invalidation sets write them."""
    parts = urlsplit(url)
    match = _CANONICAL_QUERY.fullmatch(parts.query)
    return (unquote(parts.path), int(match[1]) if match else 1)


def _gen_key(slot):
    return GEN_KEY.format(digest=_digest(*slot))


def _token(key):
    """The token under a key, created when missing; None if it vanished meanwhile."""
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, None)
        token = cache.get(key)
    return token


def _keys(request, slot):
    """Keys of the site token, the slot's token and the entry of this URL.

    The entry's key holds no token, so all three are read with one MGET; whether the
    entry may be served is decided by comparing the tokens stored in it.
    """
    return (
        GLOBAL_KEY,
        _gen_key(slot),
        ENTRY_KEY.format(digest=_digest(request.scheme, request.get_host(), *slot)),
    )


# -- serving ---------------------------------------------------------------------------------


def _is_page(request):
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "wagtail_serve"


def _rendered_page_number(response):
    """The page number a paginated listing rendered, or None for other pages."""
    for value in (getattr(response, "context_data", None) or {}).values():
        if isinstance(value, PaginatorPage):
            return value.number
    return None


def _storable(request, response, slot):
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if getattr(request, "is_preview", False):
        return False
    control = response.get("Cache-Control", "")
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    number = _rendered_page_number(response)
    # ?page=N is only kept where N is a real page of a listing (not 999 shown as the last).
    return slot[1] == 1 or number == slot[1]


def _next_promo_change(now):
    """When a promo starts or ends next, or None: cached columns must not outlive it."""
    from .promos import live_candidates

    moments = [
        moment
        for card in live_candidates()
        for moment in (card.go_live_at, card.expire_at)
        if moment is not None and moment > now
    ]
    return min(moments, default=None)


def _cache_control(seconds):
    # Written out rather than patched: a hit must not parse headers (see _from_entry).
    return f"public, max-age={min(browser_max_age(), seconds)}, s-maxage={seconds}"


class PageCacheMiddleware:
    """Serves and stores whole Wagtail pages for anonymous readers (see module doc).

    Placed before the session middleware, so a hit costs one cache round trip and no
    query, session or CSRF work.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Wagtail's previews run through the middleware with a dummy request for the
        # page's public URL: it must get the draft, never the cached live page.
        if getattr(request, "is_dummy", False):
            return self.get_response(request)
        _local.in_request = True
        try:
            return self._serve(request)
        finally:
            _local.in_request = False

    def _serve(self, request):
        if not enabled():
            return self.get_response(request)
        slot = slot_of_request(request)
        keys = tokens = None
        if slot is not None:
            try:
                keys = _keys(request, slot)
                found = cache.get_many(keys)
                site_token, page_token = found.get(keys[0]), found.get(keys[1])
                entry = found.get(keys[2])
                if entry is not None and site_token is not None and page_token is not None:
                    response = _from_entry(entry, site_token, page_token)
                    if response is not None:
                        return response
                # A miss: the tokens this render will be stored under, read before it
                # and created if missing (an outage leaves them None: nothing is stored).
                tokens = (site_token or _token(keys[0]), page_token or _token(keys[1]))
                if None in tokens:
                    tokens = None
            except DisallowedHost:
                pass  # answered with a 400 further in
            except Exception:
                # A cache outage must not take pages down with it.
                logger.exception("page cache unavailable")
                tokens = None
        response = self.get_response(request)
        if not _is_page(request):
            return response
        user = getattr(request, "user", None)
        if getattr(request, "is_preview", False) or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
            return response
        stored = (
            tokens is not None
            and _storable(request, response, slot)
            and self._store(keys[2], tokens, response)
        )
        if not stored and "Cache-Control" not in response:
            # Only what is stored here is purged exactly; nobody else may keep the rest.
            patch_cache_control(response, private=True, no_cache=True)
        return response

    def _store(self, key, tokens, response):
        now = timezone.now()
        seconds = timeout()
        try:
            promo_change = _next_promo_change(now)
            if promo_change is not None:
                seconds = min(seconds, int((promo_change - now).total_seconds()))
            if seconds <= 0:
                return False
            # Everything a hit needs, ready to use: the final headers (minus the
            # Cache-Control counting down to valid_until) and the end of validity as a
            # plain number, so a hit neither parses headers nor does date arithmetic.
            headers = {k: v for k, v in response.items() if k.lower() != "cache-control"}
            valid_until = now.timestamp() + seconds
            entry = (*tokens, valid_until, response.status_code, headers, response.content)
            cache.set(key, entry, seconds)
        except Exception:
            logger.exception("page cache unavailable")
            return False
        response["Cache-Control"] = _cache_control(seconds)
        response["X-Page-Cache"] = "miss"
        return True


def _from_entry(entry, site_token, page_token):
    """The response for a stored entry, or None when its tokens or its time ran out."""
    stored_site, stored_page, valid_until, status, headers, content = entry
    # Rendered before a drop (even if stored after it): tokens differ, never served.
    if stored_site != site_token or stored_page != page_token:
        return None
    seconds = int(valid_until - timezone.now().timestamp())
    if seconds <= 0:
        return None
    response = HttpResponse(content, status=status, headers=headers)
    response["Cache-Control"] = _cache_control(seconds)
    response["X-Page-Cache"] = "hit"
    return response


# -- invalidation ----------------------------------------------------------------------------


def drop(urls):
    """Drop the cached pages at these full URLs (all hosts, this path and page)."""
    keys = {_gen_key(slot_of_url(url)) for url in urls}
    try:
        for chunk in _chunks(sorted(keys), 500):
            cache.delete_many(chunk)
    except Exception:
        logger.exception("page cache unavailable; %d URLs not dropped", len(keys))


def drop_all():
    """Drop every cached page of every site at once."""
    try:
        cache.set(GLOBAL_KEY, uuid.uuid4().hex, None)
    except Exception:
        logger.exception("page cache unavailable; nothing dropped")


def _chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def invalidate(urls):
    """Now: drop the URLs here, purge them from the frontend cache, announce them."""
    urls = frozenset(url for url in urls if url)
    if not urls:
        return
    if enabled():
        drop(urls)
    if frontend_cache_configured():
        try:
            PurgeBatch(urls).purge()
        except Exception:
            logger.exception("frontend cache purge failed for %d URLs", len(urls))
    pages_invalidated.send(sender=None, urls=urls)


# Snapshots taken before a change, until the change is applied: {(kind, id): snapshot}.
_local = threading.local()


def _befores():
    if not hasattr(_local, "befores"):
        _local.befores = {}
    return _local.befores


def _forget_befores(**kwargs):
    # Saves that were never published leave their snapshot behind.
    _befores().clear()


request_finished.connect(_forget_befores, dispatch_uid="page_cache_forget_befores")

# kind -> function(id) returning a Snapshot or None; glossary registers its own.
SNAPSHOTS = {}


def remember(kind, pk):
    """Record what pages show of an object before it changes."""
    if pk is not None and active():
        befores = _befores()
        # Publishing from the admin saves the page more than once; the first snapshot
        # is the one taken before anything changed.
        if (kind, pk) not in befores:
            befores[(kind, pk)] = SNAPSHOTS[kind](pk)


def changed(kind, pk):
    """Invalidate what the change of an object made stale, once the transaction commits."""
    if pk is None or not active():
        return
    before = _befores().pop((kind, pk), None)

    def apply():
        invalidate(cache_urls.urls_for_change(before, SNAPSHOTS[kind](pk)))

    transaction.on_commit(apply)


# -- snapshots of columns, series and home pages -------------------------------------------


class _Memo:
    """Holds Wagtail's site root paths while many URLs are built (see PurgeBatch)."""


def full_url(page, memo=None):
    return page.get_full_url(memo or _Memo())


def full_urls(pages, memo=None):
    memo = memo or _Memo()
    return {url for url in (page.get_full_url(memo) for page in pages) if url}


def _newer_than(column, prefix=""):
    """Entries listed before the column: newer, or as new with a higher id."""
    date, pk = f"{prefix}publication_date", f"{prefix}id" if prefix else "pk"
    return models.Q(**{f"{date}__gt": column.publication_date}) | models.Q(
        **{date: column.publication_date, f"{pk}__gt": column.pk}
    )


def tag_url(home, slug, memo=None):
    home_url = full_url(home, memo)
    return home_url + home.reverse_subpage("tag", kwargs={"tag_slug": slug}) if home_url else None


def _per_page():
    return settings.COLUMNS_PER_PAGE


def column_snapshot(pk, cards_only=False):
    """What the site shows of a live column, or None when it shows nothing of it.

    ``cards_only``: just its page and its places in listings of cards.
    """
    from glossary.models import GlossaryMention

    from .feeds import FEED_LENGTH
    from .models import (
        LATEST_ON_HOME,
        ColumnBackNumber,
        ColumnPage,
        ColumnSeriesIndexPage,
        HomePage,
    )

    column = ColumnPage.objects.filter(pk=pk, live=True).defer_streamfields().first()
    memo = _Memo()
    url = full_url(column, memo) if column else None
    if url is None:
        return None
    tags = sorted((t.name, t.slug, t.pk) for t in column.tags.all())
    link = (url, column.title)
    dated_link = (url, column.title, column.publication_date)
    card = (*dated_link, column.lead, column.hero_image_id, tuple(t[:2] for t in tags))
    feed_item = (*card, column.last_published_at)
    public = ColumnPage.objects.filter(pk=pk).public().exists()
    listings, referrers = {}, {}

    series = ColumnSeriesIndexPage.objects.filter(path=column.path[: -column.steplen]).first()
    home = HomePage.objects.ancestor_of(column).order_by("-depth").first()
    if public and series is not None:
        siblings = ColumnPage.objects.live().public().child_of(series)
        rank = siblings.filter(_newer_than(column)).count()
        series_url = full_url(series, memo)
        listings[f"series:{series.pk}"] = Listing(
            series_url, rank, siblings.count(), card, per_page=_per_page()
        )
    if public and series is not None and not cards_only:
        listings[f"feed:{series.pk}"] = Listing(
            series_url + series.reverse_subpage("feed"),
            rank,
            listings[f"series:{series.pk}"].count,
            feed_item,
            cap=FEED_LENGTH,
        )
        neighbours = [column.previous_column(), column.next_column()]
        referrers["neighbours"] = Referrers(
            frozenset(full_urls(filter(None, neighbours), memo)), link
        )
        # Back numbers: curated lists naming it, and automatic lists it is newest enough for.
        others = siblings.exclude(pk=pk).defer_streamfields()
        curated = others.filter(
            pk__in=ColumnBackNumber.objects.filter(column_id=pk).values("page_id")
        )
        holders = full_urls(curated, memo)
        automatic = others.exclude(pk__in=ColumnBackNumber.objects.values("page_id"))
        if rank < series.back_number_count:
            holders |= full_urls(automatic, memo)
        elif rank == series.back_number_count:
            holders |= full_urls(
                automatic.order_by("-publication_date", "-pk")[: series.back_number_count], memo
            )
        referrers["back_numbers"] = Referrers(frozenset(holders), dated_link)
    if public and home is not None:
        everywhere = ColumnPage.objects.live().public().descendant_of(home)
        newer = everywhere.filter(_newer_than(column))
        listings[f"home:{home.pk}"] = Listing(
            full_url(home, memo), newer.count(), 0, card, cap=LATEST_ON_HOME
        )
        for _name, slug, tag_pk in tags:
            tagged = everywhere.filter(tags__pk=tag_pk)
            listings[f"tag:{tag_pk}"] = Listing(
                tag_url(home, slug, memo),
                tagged.filter(_newer_than(column)).count(),
                tagged.count(),
                card,
                per_page=_per_page(),
            )
    mentions_of_column = GlossaryMention.objects.filter(column_id=pk).select_related("term")
    for mention in mentions_of_column if not cards_only else ():
        term_url = full_url(mention.term, memo) if mention.term.live else None
        if term_url is None:
            continue
        mentions = GlossaryMention.objects.filter(term_id=mention.term_id, column__live=True)
        listings[f"term:{mention.term_id}"] = Listing(
            term_url,
            mentions.filter(_newer_than(column, "column__")).count(),
            mentions.count(),
            (*dated_link, mention.count),
            per_page=_per_page(),
        )
    return Snapshot(urls=frozenset({url}), listings=listings, referrers=referrers)


def listing_pages(url, count):
    return {
        cache_urls.page_url(url, n) for n in range(1, cache_urls.num_pages(count, _per_page()) + 1)
    }


def series_snapshot(pk):
    """What the site shows of a series: its pages, its name on its columns and the home page."""
    from glossary.models import GlossaryMention

    from .models import ColumnPage, ColumnPageTag, ColumnSeriesIndexPage, HomePage

    series = ColumnSeriesIndexPage.objects.filter(pk=pk).first()
    memo = _Memo()
    url = full_url(series, memo) if series else None
    if url is None:
        return None
    shown = series.live and ColumnSeriesIndexPage.objects.filter(pk=pk).public().exists()
    listed = series.live_columns()
    own = listing_pages(url, listed.count()) | {url + series.reverse_subpage("feed")}
    columns = ColumnPage.objects.live().child_of(series).defer_streamfields()
    referrers = {
        # Columns show the series' name and link, and its number of back numbers.
        "columns": Referrers(
            frozenset(full_urls(columns, memo)), (url, series.title, series.back_number_count)
        ),
    }
    home = HomePage.objects.ancestor_of(series).order_by("-depth").first()
    if home is not None:
        home_url = full_url(home, memo)
        if shown:
            referrers["home"] = Referrers(frozenset({home_url}), (url, series.title))
        # Every page linking to one of its columns, should their URLs change.
        links = {home_url}
        column_ids = columns.values("pk")
        tag_ids = ColumnPageTag.objects.filter(content_object__in=column_ids).values("tag_id")
        for slug, count in (
            ColumnPage.objects.live()
            .descendant_of(home)
            .filter(tags__in=tag_ids)
            .values_list("tags__slug")
            .annotate(n=models.Count("pk"))
        ):
            links |= listing_pages(tag_url(home, slug, memo), count)
        links |= _term_listing_pages(
            GlossaryMention.objects.filter(column__in=column_ids).values("term_id"), memo
        )
        referrers["column_links"] = Referrers(frozenset(links), (url,))
    return Snapshot(urls=frozenset(own if shown else ()), referrers=referrers)


def _term_listing_pages(term_ids, memo):
    """Every page of the given terms' lists of columns."""
    from glossary.models import GlossaryTermPage

    urls = set()
    terms = (
        GlossaryTermPage.objects.live()
        .filter(pk__in=term_ids)
        .annotate(n=models.Count("mentions", filter=models.Q(mentions__column__live=True)))
    )
    for term in terms:
        urls |= listing_pages(full_url(term, memo), term.n)
    return urls


def home_snapshot(pk):
    """The home page; its title heads the breadcrumbs of every page under it."""
    from .models import HomePage

    home = HomePage.objects.filter(pk=pk).first()
    url = full_url(home) if home else None
    if url is None:
        return None
    urls = frozenset({url} if home.live else ())
    return Snapshot(
        urls=urls, referrers={"site": Referrers(frozenset(site_urls(home)), (url, home.title))}
    )


def site_urls(home):
    """Every cacheable URL under a home page: pages, listing pages, feeds, tag pages."""
    from glossary.models import GlossaryTermPage

    from .models import ColumnPage, ColumnSeriesIndexPage

    memo = _Memo()
    pages = home.get_descendants(inclusive=True).live().public().defer_streamfields().specific()
    urls = full_urls(pages, memo)
    columns = ColumnPage.objects.live().public().descendant_of(home)
    for series in ColumnSeriesIndexPage.objects.live().public().descendant_of(home):
        series_url = full_url(series, memo)
        urls |= listing_pages(series_url, series.live_columns().count())
        urls.add(series_url + series.reverse_subpage("feed"))
    for slug, count in columns.values_list("tags__slug").annotate(n=models.Count("pk")):
        if slug:
            urls |= listing_pages(tag_url(home, slug, memo), count)
    terms = GlossaryTermPage.objects.live().descendant_of(home).values("pk")
    urls |= _term_listing_pages(terms, memo)
    return urls


def all_site_urls():
    from .models import HomePage

    urls = set()
    for home in HomePage.objects.all():
        urls |= site_urls(home)
    return urls


def image_snapshot(pk):
    """The pages showing an image: as a column's hero (with its listing cards), in a
    column's body, or in the promo a column shows. Renditions, alt text from the
    title and the file itself change with the image."""
    from wagtail.images import get_image_model
    from wagtail.models import Page, ReferenceIndex

    from .models import ColumnPage

    image = get_image_model().objects.filter(pk=pk).first()
    if image is None:
        return None
    memo, urls = _Memo(), set()
    for column in ColumnPage.objects.live().filter(hero_image_id=pk).only("pk"):
        snapshot = column_snapshot(column.pk, cards_only=True)
        urls |= cache_urls.urls_showing(snapshot, ("series:", "home:", "tag:"))
    referring = ReferenceIndex.get_references_to(image).filter(
        base_content_type=ReferenceIndex._get_base_content_type(Page)
    )
    in_bodies = ColumnPage.objects.live().filter(
        pk__in=[int(pk) for pk in referring.values_list("object_id", flat=True)]
    )
    urls |= full_urls(in_bodies.defer_streamfields(), memo)
    promo_columns = [c for c, shown in promo_choices().items() if shown[6] == pk]
    urls |= full_urls(ColumnPage.objects.filter(pk__in=promo_columns).defer_streamfields(), memo)
    return Snapshot(urls=frozenset(urls))


SNAPSHOTS.update(
    column=column_snapshot, series=series_snapshot, home=home_snapshot, image=image_snapshot
)


# -- promos --------------------------------------------------------------------------------


def promo_choices():
    """{column id: what its promo slot shows} for every live public column."""
    from .models import ColumnPage, ColumnPageTag
    from .promos import Target, choose, load_candidates

    cards = load_candidates()
    if not cards:
        return {}
    now = timezone.now()
    columns = ColumnPage.objects.live().public()
    tags = {}
    for column_id, tag_id in ColumnPageTag.objects.filter(
        content_object__in=columns.values("pk")
    ).values_list("content_object_id", "tag_id"):
        tags.setdefault(column_id, set()).add(tag_id)
    choices = {}
    for pk, path in columns.values_list("pk", "path"):
        card = choose(
            cards, Target(pk, path[: -ColumnPage.steplen], frozenset(tags.get(pk, ()))), now
        )
        if card is not None:
            choices[pk] = (
                card.pk,
                card.heading,
                card.body,
                card.button_label,
                card.line_id,
                card.url,
                card.image_id,
                card.image_alt,
            )
    return choices


def remember_promos(token):
    """Before a promo changes: which promo every column shows."""
    if active():
        _befores()[("promos", token)] = promo_choices()


def promos_changed(token, *, now=False):
    """After a promo changed: the columns whose promo slot changed, at commit.

    ``now`` when the promo's chosen columns are saved already (its publish or
    unpublish signal); a plain post_save comes before them, so it waits for the
    commit and does nothing outside a transaction.
    """
    from django.db import connection

    if not active() or (not now and not connection.in_atomic_block):
        return
    before = _befores().pop(("promos", token), None)
    if before is None:
        return

    def apply():
        from .models import ColumnPage

        changed_ids = cache_urls.urls_for_promo_change(before, promo_choices())
        invalidate(full_urls(ColumnPage.objects.filter(pk__in=changed_ids).defer_streamfields()))

    transaction.on_commit(apply)


# -- signals -------------------------------------------------------------------------------


def _full_save(update_fields):
    return update_fields is None


def connect_signals():
    # Mentions are rewritten by glossary/signals.py on publish; connect after it so
    # snapshots taken right after a change see them.
    import glossary.signals  # noqa: F401

    from .models import ColumnPage, ColumnSeriesIndexPage, HomePage

    for model, kind in (
        (ColumnPage, "column"),
        (ColumnSeriesIndexPage, "series"),
        (HomePage, "home"),
    ):
        connect_page_signals(model, kind)

    from wagtail.images import get_image_model

    image_model = get_image_model()
    pre_save.connect(_image_saving, sender=image_model, dispatch_uid="page_cache_image_pre_save")
    pre_delete.connect(_image_deleting, sender=image_model, dispatch_uid="page_cache_image_pre_del")
    post_save.connect(_image_saved, sender=image_model, dispatch_uid="page_cache_image_saved")
    post_delete.connect(_image_deleted, sender=image_model, dispatch_uid="page_cache_image_deleted")

    from wagtail.models import PageViewRestriction, Site

    for model in (PageViewRestriction, Site):
        post_save.connect(
            _site_wide, sender=model, dispatch_uid=f"page_cache_{model.__name__}_saved"
        )
        post_delete.connect(
            _site_wide, sender=model, dispatch_uid=f"page_cache_{model.__name__}_deleted"
        )


def connect_page_signals(model, kind):
    """Snapshots before and after each publish, unpublish, move and delete of a page type."""

    def before_save(sender, instance, update_fields=None, **kwargs):
        if instance.pk and _full_save(update_fields):
            remember(kind, instance.pk)

    def before(sender, instance, **kwargs):
        remember(kind, instance.pk)

    def created(sender, instance, created=False, **kwargs):
        # A page created in this request showed nothing before, even though the
        # admin's "publish" on a new page saves it live before publishing it.
        if created and active() and getattr(_local, "in_request", False):
            _befores()[(kind, instance.pk)] = None

    def after(sender, instance, **kwargs):
        changed(kind, instance.pk)

    uid = f"page_cache_{kind}"
    pre_save.connect(before_save, sender=model, weak=False, dispatch_uid=f"{uid}_pre_save")
    post_save.connect(created, sender=model, weak=False, dispatch_uid=f"{uid}_created")
    pre_page_move.connect(before, sender=model, weak=False, dispatch_uid=f"{uid}_pre_move")
    pre_delete.connect(before, sender=model, weak=False, dispatch_uid=f"{uid}_pre_delete")
    page_published.connect(after, sender=model, weak=False, dispatch_uid=f"{uid}_published")
    page_unpublished.connect(after, sender=model, weak=False, dispatch_uid=f"{uid}_unpublished")
    post_page_move.connect(after, sender=model, weak=False, dispatch_uid=f"{uid}_moved")
    post_delete.connect(after, sender=model, weak=False, dispatch_uid=f"{uid}_deleted")


# Saves of an image's own bookkeeping (file hash, size) change nothing shown.
def _image_saving(sender, instance, update_fields=None, **kwargs):
    if instance.pk and _full_save(update_fields):
        remember("image", instance.pk)


def _image_deleting(sender, instance, **kwargs):
    remember("image", instance.pk)


def _image_saved(sender, instance, created=False, update_fields=None, **kwargs):
    if not created and _full_save(update_fields):
        changed("image", instance.pk)


def _image_deleted(sender, instance, **kwargs):
    changed("image", instance.pk)


def _site_wide(sender, **kwargs):
    """View restrictions and sites change what may be shown anywhere: drop everything."""
    if not active():
        return

    def apply():
        drop_all()
        invalidate(all_site_urls())

    transaction.on_commit(apply)


__all__ = [
    "PageCacheMiddleware",
    "connect_page_signals",
    "connect_signals",
    "invalidate",
    "pages_invalidated",
]
