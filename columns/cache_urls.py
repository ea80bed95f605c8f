"""Which URLs a change makes stale: pure functions over snapshots, no Django.

A snapshot describes, at one moment, everything other pages show of one object
(a column, a series, a glossary term): its URL, its place and its card in each
listing, and the pages that link to it. ``columns/page_cache.py`` takes one
snapshot before a change and one after it; the functions here compare the two
and answer with the full URLs whose HTML differs. Those URLs are dropped from
the page cache and sent to the frontend cache (see docs/CACHING.md).

A listing is one of:

- paginated (``per_page`` set): series index, tag page, a term's mentions. Every
  page shows the count, so a column joining or leaving changes all of them; a
  column that moves changes the pages between its old and new place; a column
  whose card changed in place changes only the page it is on.
- capped (``cap`` set): the home page's latest columns, a series feed. Only the
  first ``cap`` places are shown.

Page 1 of a listing is its bare URL; page N is ``URL?page=N``, exactly as the
pagination links write it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Listing:
    """One object's place in one list shown on some page."""

    url: str  # full URL of the list's first page
    rank: int  # 0-based place, in the list's own order
    count: int  # how many entries the list has
    item: tuple = ()  # what the list shows of the object
    per_page: int | None = None  # paginated lists
    cap: int | None = None  # lists that show only the first `cap` entries


@dataclass(frozen=True)
class Referrers:
    """Pages that show something of the object (its title, its link, …)."""

    urls: frozenset
    item: tuple = ()  # what those pages show of it


@dataclass(frozen=True)
class Snapshot:
    """What other pages show of one object at one moment.

    ``urls`` are the object's own pages (always stale after a change of it).
    ``listings`` and ``referrers`` are keyed so that before and after can be
    paired: e.g. ``"series:12"``, ``"tag:5"``, ``"neighbours"``.
    """

    urls: frozenset = frozenset()
    listings: dict = field(default_factory=dict)
    referrers: dict = field(default_factory=dict)


def page_url(url, number):
    return url if number == 1 else f"{url}?page={number}"


def num_pages(count, per_page):
    return max(1, -(-count // per_page))


def _whole(listing):
    """Every page of a list that the object joined, left or moved between."""
    if listing is None:
        return set()
    if listing.cap is not None:
        return {listing.url} if listing.rank < listing.cap else set()
    if listing.per_page is None:
        return {listing.url}
    pages = range(1, num_pages(listing.count, listing.per_page) + 1)
    return {page_url(listing.url, n) for n in pages}


def listing_urls(before, after):
    """Pages of one list that show the object differently after than before."""
    if before is None or after is None or before.url != after.url:
        return _whole(before) | _whole(after)
    if before.cap is not None:
        shown = before.rank < before.cap or after.rank < after.cap
        unchanged = before.rank == after.rank and before.item == after.item
        return {after.url} if shown and not unchanged else set()
    if before.per_page is None:
        return set() if before == after else {after.url}
    per_page = before.per_page
    if before.count != after.count:
        # The count heads every page.
        return _whole(before) | _whole(after)
    if before.rank != after.rank:
        first, last = sorted((before.rank // per_page, after.rank // per_page))
        return {page_url(after.url, n + 1) for n in range(first, last + 1)}
    if before.item != after.item:
        return {page_url(after.url, before.rank // per_page + 1)}
    return set()


def referrer_urls(before, after):
    """Pages linking to the object, when what they show of it changed."""
    before_urls = before.urls if before is not None else frozenset()
    after_urls = after.urls if after is not None else frozenset()
    if before is not None and after is not None and before == after:
        return set()
    return set(before_urls | after_urls)


def urls_for_change(before, after):
    """Every URL whose page shows the object differently; snapshots may be None.

    None stands for "not shown anywhere": a draft, an unpublished or a deleted
    object.
    """
    before = before or Snapshot()
    after = after or Snapshot()
    urls = set(before.urls | after.urls)
    for key in before.listings.keys() | after.listings.keys():
        urls |= listing_urls(before.listings.get(key), after.listings.get(key))
    for key in before.referrers.keys() | after.referrers.keys():
        urls |= referrer_urls(before.referrers.get(key), after.referrers.get(key))
    return urls


def urls_showing(snapshot, prefixes=("",)):
    """The pages that show the object now: its own, and where it stands in each
    listing whose key starts with one of ``prefixes``."""
    if snapshot is None:
        return set()
    urls = set(snapshot.urls)
    for key, listing in snapshot.listings.items():
        if not key.startswith(tuple(prefixes)):
            continue
        if listing.cap is not None:
            urls |= {listing.url} if listing.rank < listing.cap else set()
        elif listing.per_page is None:
            urls.add(listing.url)
        else:
            urls.add(page_url(listing.url, listing.rank // listing.per_page + 1))
    return urls


# The same rule, named for each kind of content, so callers and tests read plainly.
urls_for_column_change = urls_for_change
urls_for_series_change = urls_for_change
urls_for_term_change = urls_for_change


def urls_for_promo_change(before, after):
    """Columns whose promo slot differs: each argument maps a column (its id or
    URL) to what its promo slot shows; a column without a promo is left out."""
    return {url for url in before.keys() | after.keys() if before.get(url) != after.get(url)}
