"""What the site shows of glossary terms and the glossary, for exact page-cache invalidation.

Connected (glossary/apps.py) after glossary/signals.py, so the snapshot taken
after a term changed sees the mentions that module has just re-scanned (see
columns/page_cache.py).

A term shows on its own pages (every page of its list of columns), in the
glossary index, in every column whose text holds one of its forms (a link with a
popover, and 「このコラムに登場する用語」), in the explanations of other terms that use
one of its forms, and under 「関連用語」 of the terms that relate to it. The
columns are read from the stored mentions before and after the change, which
the re-scan keeps exact: a form added, removed or changed is found in exactly
the columns whose text holds it, so no column beyond those is purged.
"""

from columns import page_cache
from columns.cache_urls import Listing, Referrers, Snapshot

from .linker import Linker, Term
from .models import GlossaryIndexPage, GlossaryMention, GlossaryRelatedTerm, GlossaryTermPage


def _body_referrers(term, memo):
    """Live terms whose explanation links this term (it holds one of its forms)."""
    probe = Linker([Term(id=0, forms=term.forms(), url="#", case_sensitive=term.case_sensitive)])
    others = GlossaryTermPage.objects.live().public().exclude(pk=term.pk).exclude(body="")
    # The stored HTML holds the same text as the rendered one (internal links are <a>
    # there too, and the linker skips them alike), without expanding every body.
    return page_cache.full_urls((other for other in others if probe.link(other.body).found), memo)


def term_snapshot(pk):
    """What the site shows of a live term, or None when it shows nothing of it."""
    from columns.models import ColumnPage

    term = GlossaryTermPage.objects.filter(pk=pk, live=True).first()
    memo = page_cache._Memo()
    url = page_cache.full_url(term, memo) if term else None
    if url is None or not GlossaryTermPage.objects.filter(pk=pk).public().exists():
        return None
    count = GlossaryMention.objects.filter(term_id=pk, column__live=True).count()
    # What columns and other terms show of it: the link, its forms and the popover.
    link = (url, tuple(term.forms()), term.definition, term.auto_link, term.case_sensitive)
    columns = ColumnPage.objects.live().filter(glossary_mentions__term_id=pk).defer_streamfields()
    referrers = {
        "columns": Referrers(frozenset(page_cache.full_urls(columns, memo)), link),
        "related": Referrers(
            frozenset(
                page_cache.full_urls(
                    GlossaryTermPage.objects.live().filter(
                        pk__in=GlossaryRelatedTerm.objects.filter(term_id=pk).values("page_id")
                    ),
                    memo,
                )
            ),
            (url, term.title),
        ),
    }
    if term.auto_link:
        referrers["explanations"] = Referrers(frozenset(_body_referrers(term, memo)), link)
    listings = {}
    index = GlossaryIndexPage.objects.filter(path=term.path[: -term.steplen], live=True).first()
    if index is not None:
        entry = (url, term.title, term.reading, term.definition)
        listings["index"] = Listing(page_cache.full_url(index, memo), 0, 0, entry)
    return Snapshot(
        urls=frozenset(page_cache.listing_pages(url, count)),
        listings=listings,
        referrers=referrers,
    )


def glossary_snapshot(pk):
    """The glossary index: its page, the home page's link, and its name on every term page."""
    from columns.models import ColumnPage, HomePage

    index = GlossaryIndexPage.objects.filter(pk=pk).first()
    memo = page_cache._Memo()
    url = page_cache.full_url(index, memo) if index else None
    if url is None:
        return None
    shown = index.live and GlossaryIndexPage.objects.filter(pk=pk).public().exists()
    terms = GlossaryTermPage.objects.live().child_of(index)
    referrers = {
        "terms": Referrers(
            frozenset(page_cache._term_listing_pages(terms.values("pk"), memo)), (url, index.title)
        ),
        # Should its URL change, so do its terms', which columns link to.
        "term_links": Referrers(
            frozenset(
                page_cache.full_urls(
                    ColumnPage.objects.live()
                    .filter(glossary_mentions__term__in=terms.values("pk"))
                    .distinct()
                    .defer_streamfields(),
                    memo,
                )
            ),
            (url,),
        ),
    }
    home = HomePage.objects.ancestor_of(index).order_by("-depth").first()
    if home is not None and shown:
        referrers["home"] = Referrers(
            frozenset({page_cache.full_url(home, memo)}), (url, index.title)
        )
    return Snapshot(urls=frozenset({url} if shown else ()), referrers=referrers)


def connect_signals():
    page_cache.SNAPSHOTS.update(term=term_snapshot, glossary=glossary_snapshot)
    page_cache.connect_page_signals(GlossaryTermPage, "term")
    page_cache.connect_page_signals(GlossaryIndexPage, "glossary")
