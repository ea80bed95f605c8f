"""{% line_promo page %} and {% line_share_url page %}."""

from django import template

from columns.promos import line_share_url as share_url_for
from columns.promos import promo_context, select_promo

register = template.Library()


@register.simple_tag(takes_context=True)
def line_promo(context, page=None):
    """The LINE promo chosen for the page, or nothing at all.

    On the page being rendered, its tags are taken from the context (the column
    template has them already), so choosing costs no query on a cache hit.
    """
    page = page or context.get("page")
    if page is None:
        return ""
    tags = context.get("tags") if context.get("page") is page else None
    tag_ids = [tag.pk for tag in tags] if tags is not None else None
    card = select_promo(page, tag_ids=tag_ids)
    if card is None:
        return ""
    request = context.get("request")
    # Page previews link straight to LINE: an editor's click is not a reader's.
    track = not getattr(request, "is_preview", False)
    data = promo_context(card, page_id=page.pk, track=track)
    return context.template.engine.get_template("columns/promos/line_promo.html").render(
        context.new(data)
    )


@register.simple_tag(takes_context=True)
def line_share_url(context, page):
    """LINE's share URL for the page's canonical URL."""
    return share_url_for(page.get_full_url(request=context.get("request")) or "")
