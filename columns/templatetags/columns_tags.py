"""Template helpers for column pages: structured data and absolute URLs."""

import json

from django import template
from django.utils.safestring import mark_safe
from wagtail.whitelist import DEFAULT_ELEMENT_RULES, Whitelister

register = template.Library()

# Same escapes as Django's json_script: nothing in the data can close the tag.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """A JSON-LD script element; the data is escaped, never executed."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


class RichTextWhitelister(Whitelister):
    # Wagtail's rules, less images: no rich text feature here makes them.
    element_rules = {name: rule for name, rule in DEFAULT_ELEMENT_RULES.items() if name != "img"}


@register.filter(is_safe=True)
def clean_richtext(html):
    """Front-end rich text keeping only the elements and attributes its editor can make.

    The editor cleans what it saves, but a value written by code (an import, the shell,
    a restored database) is stored as given: script, event handlers and javascript:
    links in it must not reach readers. Used by wagtailcore/shared/richtext.html,
    which renders every RichText value and the |richtext filter.
    """
    return mark_safe(RichTextWhitelister().clean(str(html)))  # noqa: S308


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """An absolute URL for a path, using the request's scheme and host."""
    request = context.get("request")
    if not url or request is None or url.startswith(("http://", "https://")):
        return url or ""
    return request.build_absolute_uri(url)


@register.simple_tag(takes_context=True)
def canonical_url(context, page):
    """The page's full URL, keeping ?page=N beyond the first listing page."""
    request = context.get("request")
    url = page.get_full_url(request=request) or ""
    page_obj = context.get("page_obj")
    if page_obj is not None and page_obj.number > 1:
        url += f"?page={page_obj.number}"
    return url


@register.simple_tag(takes_context=True)
def breadcrumb_trail(context, page):
    """Ancestors below the root plus the page: [(title, url)]."""
    request = context.get("request")
    ancestors = _routed_ancestors(page)
    if ancestors is None:
        ancestors = page.get_ancestors(inclusive=True).filter(depth__gt=1)
    return [(p.title, p.get_url(request=request)) for p in ancestors]


def _routed_ancestors(page):
    """The page and its ancestors below the root as routing left them, or None.

    Wagtail's route leaves each parent on its child (``_cached_parent_obj``), so a
    served page knows its trail without a query; previews fall back to one.
    """
    trail = [page]
    while trail[-1].depth > 2:
        parent = getattr(trail[-1], "_cached_parent_obj", None)
        if parent is None or parent.depth != trail[-1].depth - 1:
            return None
        trail.append(parent)
    return trail[::-1]


@register.simple_tag(takes_context=True)
def breadcrumb_jsonld(context, trail):
    request = context.get("request")
    return json_ld(
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": i,
                    "name": title,
                    "item": request.build_absolute_uri(url) if request else url,
                }
                for i, (title, url) in enumerate(trail, start=1)
            ],
        }
    )


@register.simple_tag(takes_context=True)
def column_jsonld(context, page, tags=(), image_url=""):
    """NewsArticle structured data for a column."""
    request = context.get("request")
    series = page.series
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title,
        "description": page.meta_description(),
        "datePublished": page.published_datetime().isoformat(),
        "mainEntityOfPage": page.get_full_url(request=request),
        "inLanguage": "ja",
        "keywords": [tag.name for tag in tags],
    }
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    if image_url:
        data["image"] = [image_url]
    if series:
        data["isPartOf"] = {
            "@type": "CreativeWorkSeries",
            "name": series.title,
            "url": series.get_full_url(request=request),
        }
    return json_ld(data)


@register.simple_tag(takes_context=True)
def tag_url(context, tag):
    """URL of the site-wide page of a tag, under the current site's home page."""
    from wagtail.models import Site

    from columns.models import HomePage

    request = context.get("request")
    site = Site.find_for_request(request) if request else Site.objects.get(is_default_site=True)
    root_url = site.root_page.get_url(request=request) if site else "/"
    return root_url + HomePage().reverse_subpage("tag", kwargs={"tag_slug": tag.slug})


@register.simple_tag
def heading_anchor(text):
    """A fragment id that keeps Japanese characters (slugify drops them by default)."""
    from django.utils.text import slugify

    return "h-" + (slugify(text, allow_unicode=True) or "section")
