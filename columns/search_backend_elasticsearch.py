"""Wagtail's Elasticsearch 9 backend for sites that outgrow the database search.

Not used by default: docs/SEARCH.md has the settings (a Japanese analyser in
INDEX_SETTINGS) and how to switch. Kept apart from columns/search_backend.py
because it needs the ``elasticsearch`` client, which the database backends do not.

Two changes to Wagtail's backend:

- ``OPERATOR`` ("and" unless set): the words of a plain query must all match, as
  on the database backends; Wagtail's Elasticsearch backend matches any of them.
- What is typed into an autocomplete search is analysed by the index's
  "japanese" analyser, not by "standard", which cuts Japanese into single
  characters that never meet the edge n-grams of Japanese words. Without
  INDEX_SETTINGS, "japanese" behaves like "standard".
"""

from copy import deepcopy

from django.core.exceptions import ImproperlyConfigured
from wagtail.search.backends.elasticsearch9 import (
    Elasticsearch9AutocompleteQueryCompiler,
    Elasticsearch9Mapping,
    Elasticsearch9SearchBackend,
    Elasticsearch9SearchQueryCompiler,
)


class JapaneseElasticsearchMapping(Elasticsearch9Mapping):
    edgengram_analyzer_config = {
        "analyzer": "edgengram_analyzer",
        "search_analyzer": "japanese",
    }


class JapaneseElasticsearchSearchQueryCompiler(Elasticsearch9SearchQueryCompiler):
    mapping_class = JapaneseElasticsearchMapping


class JapaneseElasticsearchAutocompleteQueryCompiler(Elasticsearch9AutocompleteQueryCompiler):
    mapping_class = JapaneseElasticsearchMapping


class JapaneseElasticsearchSearchBackend(Elasticsearch9SearchBackend):
    mapping_class = JapaneseElasticsearchMapping
    query_compiler_class = JapaneseElasticsearchSearchQueryCompiler
    autocomplete_query_compiler_class = JapaneseElasticsearchAutocompleteQueryCompiler

    settings = deepcopy(Elasticsearch9SearchBackend.settings)
    settings["settings"]["analysis"]["analyzer"]["japanese"] = {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["cjk_width", "lowercase"],
    }

    def __init__(self, params):
        params = dict(params)
        self.operator = params.pop("OPERATOR", "and").lower()
        if self.operator not in ("and", "or"):
            raise ImproperlyConfigured('OPERATOR must be "and" or "or".')
        super().__init__(params)

    def search(self, query, model_or_queryset, fields=None, operator=None, **kwargs):
        return super().search(
            query, model_or_queryset, fields=fields, operator=operator or self.operator, **kwargs
        )

    def autocomplete(self, query, model_or_queryset, fields=None, operator=None, **kwargs):
        return super().autocomplete(
            query, model_or_queryset, fields=fields, operator=operator or self.operator, **kwargs
        )


SearchBackend = JapaneseElasticsearchSearchBackend
