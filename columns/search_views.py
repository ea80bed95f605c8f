"""The reader's site search (/search/?q=) and its title suggestions (/search/suggest/).

Both search live, public columns and glossary terms of the current site through
the search backend (columns/search_backend.py), which matches Japanese words
inside sentences. Whatever a reader types, the answer is a page, never an error:
the query is cleaned and capped here, and the backend keeps only letters and
digits of it.
"""

import unicodedata

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from glossary.models import GlossaryTermPage

from . import japanese
from .models import ColumnPage
from .pagination import paginate

MAX_QUERY_CHARS = 100
RESULTS_PER_PAGE = 10
SUGGESTIONS = 8


def clean_query(raw):
    """The query as searched: control characters out, spaces collapsed, capped.

    Returns (query, was_cut).
    """
    text = "".join(
        " " if unicodedata.category(ch)[0] in "CZ" else ch for ch in raw[: MAX_QUERY_CHARS * 4]
    )
    text = " ".join(text.split())
    return text[:MAX_QUERY_CHARS].strip(), len(text) > MAX_QUERY_CHARS


def _folded(text):
    return unicodedata.normalize("NFKC", text).casefold()


def searchable_pages(request):
    pages = Page.objects.live().public().type(ColumnPage, GlossaryTermPage)
    site = Site.find_for_request(request)
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    return pages


def _specific(pages):
    """The pages of a result page as their specific models, in the same order."""
    ids = [page.pk for page in pages]
    found = Page.objects.filter(pk__in=ids).specific().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _result(page, words, request):
    if isinstance(page, ColumnPage):
        text = "\n".join([page.lead, page.body_text()])
        kind = "column"
    else:
        text = "\n".join([page.definition, page.body_text()])
        kind = "term"
    return {
        "page": page,
        "kind": kind,
        "url": page.get_url(request=request),
        "title": japanese.highlight(page.title, words),
        "snippet": japanese.snippet(text, words),
    }


@require_GET
def search(request):
    query, was_cut = clean_query(request.GET.get("q", ""))
    context = {"search_query": query, "query_was_cut": was_cut, "max_query_chars": MAX_QUERY_CHARS}
    if query:
        words = japanese.query_words(query)
        results = searchable_pages(request).search(query) if words else Page.objects.none()
        page_obj = paginate(request, results, per_page=RESULTS_PER_PAGE)
        context.update(
            page_obj=page_obj,
            results=[_result(page, words, request) for page in _specific(page_obj)],
        )
    return TemplateResponse(request, "columns/search.html", context)


@require_GET
def suggest(request):
    """Title suggestions while typing: {"results": [{"title", "url", "kind"}]}."""
    query, _was_cut = clean_query(request.GET.get("q", ""))
    results = []
    if query and japanese.query_words(query):
        pages = _specific(searchable_pages(request).autocomplete(query)[: SUGGESTIONS * 2])
        # Titles that begin with what was typed first; otherwise the backend's order.
        typed = _folded(query)
        pages.sort(key=lambda page: not _folded(page.title).startswith(typed))
        results = [
            {
                "title": page.title,
                "url": page.get_url(request=request),
                "kind": "column" if isinstance(page, ColumnPage) else "term",
            }
            for page in pages[:SUGGESTIONS]
        ]
    response = JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "max-age=60"
    return response
