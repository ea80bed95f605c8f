"""RSS 2.0 feed of a column series."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed

from .models import ColumnPage

FEED_LENGTH = 20


class SeriesFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, series):
        self.request = request
        return series

    def title(self, series):
        return series.title

    def link(self, series):
        return series.get_url(request=self.request)

    def description(self, series):
        return series.search_description or series.title

    def items(self, series):
        return ColumnPage.listing(series.live_columns())[:FEED_LENGTH]

    def item_title(self, column):
        return column.title

    def item_description(self, column):
        return column.lead

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
        return [tag.name for tag in column.tags.all()]
