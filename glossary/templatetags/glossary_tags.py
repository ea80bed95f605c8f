"""Template tags that put the glossary into pages."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html

from columns.templatetags.columns_tags import clean_richtext, json_ld
from glossary import linking

register = template.Library()


def _is_preview(context):
    request = context.get("request")
    return bool(getattr(request, "is_preview", False))


@register.simple_tag(takes_context=True)
def linked_column_body(context, page):
    """The rendered body with glossary links, plus the terms it mentions.

    Cached per live revision and glossary version; previews are linked fresh.
    """

    def render():
        return render_to_string(
            "columns/includes/column_body.html", {"page": page}, request=context.get("request")
        )

    linked = linking.linked_column_body(page, render, cacheable=not _is_preview(context))
    return linked


@register.simple_tag(takes_context=True)
def glossary_richtext(context, value, skip=None):
    """Rich text with glossary links; a term's own page never links to itself."""
    html = clean_richtext(expand_db_html(value.source if hasattr(value, "source") else value))
    linked = linking.link_html(html, skip_ids=[skip] if skip else ())
    return mark_safe(linked.html + linked.tooltips_html)  # noqa: S308


@register.simple_tag(takes_context=True)
def term_jsonld(context, page):
    request = context.get("request")
    index = page.get_parent()
    data = {
        "@context": "https://schema.org",
        "@type": "DefinedTerm",
        "name": page.title,
        "description": page.definition,
        "url": page.get_full_url(request=request),
        "inDefinedTermSet": {
            "@type": "DefinedTermSet",
            "name": index.title,
            "url": index.get_full_url(request=request),
        },
    }
    aliases = page.alias_forms()
    if aliases:
        data["alternateName"] = aliases
    return json_ld(data)
