"""RSS 2.0 feed of a column series."""

import re

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape

from .models import ColumnPage

FEED_LENGTH = 20

# Characters XML 1.0 cannot carry; one pasted into a title would make the feed fail.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text):
    return _NOT_XML.sub("", text or "")


class SeriesFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, series):
        self.request = request
        return series

    def title(self, series):
        return xml_text(series.title)

    def link(self, series):
        return series.get_url(request=self.request)

    def description(self, series):
        return xml_text(series.search_description or series.title)

    def items(self, series):
        return ColumnPage.listing(series.live_columns())[:FEED_LENGTH]

    def item_title(self, column):
        return xml_text(column.title)

    def item_description(self, column):
        # Feed readers show the description as HTML; the lead is plain text.
        return xml_text(escape(column.lead))

    def item_link(self, column):
        return column.get_url(request=self.request)

    def item_guid(self, column):
        return column.get_full_url(request=self.request)

    item_guid_is_permalink = True

    def item_pubdate(self, column):
        return column.published_datetime()

    def item_updateddate(self, column):
        return column.last_published_at

    def item_categories(self, column):
        return [xml_text(tag.name) for tag in column.tags.all()]
