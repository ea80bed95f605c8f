"""The Elasticsearch settings documented in docs/SEARCH.md load as a working backend.

No cluster is needed: the client connects on the first request, and none is made.
"""

import json
import os
import re
from pathlib import Path
from unittest import mock

import pytest
from modelsearch.backends import import_backend

from columns.models import ColumnPage
from columns.search_backend_elasticsearch import JapaneseElasticsearchSearchBackend

DOCS = Path(__file__).resolve().parents[2] / "docs" / "SEARCH.md"


def documented_settings(name):
    """Run the docs' settings block named ``name`` and return its default backend."""
    match = re.search(
        rf"<!-- settings: {name} -->\s*```python\n(.*?)```", DOCS.read_text(), re.DOTALL
    )
    assert match, f"no settings block {name!r} in {DOCS}"
    namespace = {}
    with mock.patch.dict(os.environ, {"ELASTICSEARCH_URL": "http://search.invalid:9200"}):
        exec(match.group(1), namespace)  # noqa: S102  (the project's own documentation)
    return dict(namespace["WAGTAILSEARCH_BACKENDS"]["default"])


def backend_from(params):
    return import_backend(params.pop("BACKEND"))(params)


@pytest.mark.parametrize(
    ("name", "tokenizer"),
    [("kuromoji", "kuromoji_tokenizer"), ("sudachi", "sudachi_tokenizer")],
)
def test_documented_settings_give_a_japanese_analyser(name, tokenizer):
    backend = backend_from(documented_settings(name))
    assert isinstance(backend, JapaneseElasticsearchSearchBackend)
    assert backend.es.transport.node_pool.get().config.host == "search.invalid"

    analysis = backend.settings["settings"]["analysis"]
    assert analysis["tokenizer"]["japanese_words"]["type"] == tokenizer
    analyzers = analysis["analyzer"]
    for analyzer in ("default", "japanese", "edgengram_analyzer"):
        assert analyzers[analyzer]["tokenizer"] in analysis["tokenizer"]
    assert "edgengram" in analyzers["edgengram_analyzer"]["filter"]
    # Merged into Wagtail's analysis settings, not replacing them.
    assert "ngram_analyzer" in analyzers
    assert analysis["filter"]["edgengram"]["type"] == "edge_ngram"


@pytest.mark.django_db
def test_documented_settings_join_words_with_and():
    backend = backend_from(documented_settings("kuromoji"))
    assert backend.operator == "and"

    query = backend.search("日米 抑止", ColumnPage).query_compiler.get_query()
    assert '"operator": "and"' in json.dumps(query)
    query = backend.autocomplete("日米 抑", ColumnPage).query_compiler.get_query()
    assert '"operator": "and"' in json.dumps(query)
    # A caller can still ask for any word.
    query = backend.search("日米 抑止", ColumnPage, operator="or").query_compiler.get_query()
    assert '"operator"' not in json.dumps(query)


@pytest.mark.django_db
def test_what_is_typed_for_autocomplete_is_analysed_as_japanese():
    backend = backend_from(documented_settings("kuromoji"))
    mapping = backend.mapping_class(ColumnPage).get_mapping()
    assert mapping["properties"]["_edgengrams"]["search_analyzer"] == "japanese"


def test_operator_must_be_and_or_or():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        JapaneseElasticsearchSearchBackend({"OPERATOR": "near"})
