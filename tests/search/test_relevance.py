"""Relevance on the test corpus (tests/search/conftest.py), on SQLite and PostgreSQL alike.

Each query asserts the exact ranked results, so the suite fails on either
database if the two stop agreeing.
"""

import pytest
from django.db import connection
from django.test import RequestFactory
from wagtail.search.backends import get_search_backend

from columns.models import ColumnPage
from columns.search_views import searchable_pages

ALLIANCE = "日米の拡大抑止を点検する"
MISSILES = "迎撃ミサイルの共同生産"
TRANSFERS = "防衛装備移転三原則の見直し"
ECONOMY = "景気の行方と物価"  # the decoy: 拡大 and 抑止, but apart
SEAS = "國際秩序と海洋の安全"
SUPPLY = "サプライチェーンの強靱化"
SPACE = "宇宙領域の監視体制"

COLUMN_QUERIES = [
    # two-character words
    ("日米", [ALLIANCE, SPACE, MISSILES]),
    ("抑止", [ALLIANCE, ECONOMY]),
    # a phrase: the decoy has both words, apart, and is left out
    ("拡大抑止", [ALLIANCE]),
    # the same words typed apart must all appear, anywhere; the phrase ranks first
    ("拡大 抑止", [ALLIANCE, ECONOMY]),
    # words inside longer compounds
    ("抑止力", [ALLIANCE]),
    ("防衛装備", [TRANSFERS]),
    ("装備移転", [TRANSFERS]),
    # katakana, and a spelling Sudachi normalises
    ("パトリオット", [MISSILES]),
    ("ペトリオット", [MISSILES]),
    ("ﾊﾟﾄﾘｵｯﾄ", [MISSILES]),
    ("サプライチェーン", [SUPPLY]),
    # full-width and half-width Latin and digits
    ("ＰＡＣ３", [MISSILES]),
    ("PAC3", [MISSILES]),
    ("pac3", [MISSILES]),
    ("PAC-3", [MISSILES]),
    # kanji variants: the column writes 國際 and 附属
    ("国際", [SEAS]),
    ("付属", [SEAS]),
    # several words, full-width space included: all must appear
    ("日米 パトリオット", [MISSILES]),
    ("日米　宇宙", [SPACE]),
    ("景気 抑止", [ECONOMY]),
    ("日米 景気", []),
    # tags
    ("安全保障", [ALLIANCE]),
    ("経済", [SUPPLY, ECONOMY]),
    # nothing
    ("ミサイル防衛", []),
]

SITE_QUERIES = [
    # a glossary term named by the query ranks above the columns that use it
    ("抑止", ["拡大抑止", ALLIANCE, ECONOMY]),
    ("拡大抑止", ["拡大抑止", ALLIANCE]),
    ("パトリオット", ["パトリオット", MISSILES]),
    # by an alias or the reading
    ("核の傘", ["拡大抑止", ALLIANCE]),
    ("かくだいよくし", ["拡大抑止"]),
    ("PAC3", ["パトリオット", MISSILES]),
]


def titles(results):
    return [page.specific.title for page in results]


def test_the_backend_is_a_subclass_of_wagtails_backend_for_this_database():
    backend = get_search_backend()
    assert type(backend).__module__ == "columns.search_backend"
    if connection.vendor == "postgresql":
        from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

        assert isinstance(backend, PostgresSearchBackend)
        assert backend.config == "simple"
    else:
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        assert isinstance(backend, SQLiteSearchBackend)


@pytest.mark.parametrize(("query", "expected"), COLUMN_QUERIES)
def test_columns_ranked(corpus, query, expected):
    assert titles(ColumnPage.objects.live().search(query)[:3]) == expected


@pytest.mark.parametrize(("query", "expected"), SITE_QUERIES)
def test_columns_and_glossary_terms_ranked_together(corpus, terms, query, expected):
    request = RequestFactory().get("/search/")
    assert titles(searchable_pages(request).search(query)[:3]) == expected


def test_words_joined_with_or_when_asked(corpus):
    results = ColumnPage.objects.live().search("宇宙 景気", operator="or")
    assert sorted(titles(results)) == sorted([SPACE, ECONOMY])


def test_a_quoted_phrase_is_one_phrase(corpus):
    from wagtail.search.query import Phrase

    assert titles(ColumnPage.objects.search(Phrase("日米両政府"))) == [ALLIANCE]
    assert titles(ColumnPage.objects.search(Phrase("日米 企業"))) == []


def test_the_decoy_is_found_by_its_own_words_but_never_by_the_phrase(corpus):
    decoy = corpus[ECONOMY]
    assert decoy.pk in [p.pk for p in ColumnPage.objects.search("拡大")]
    assert decoy.pk in [p.pk for p in ColumnPage.objects.search("抑止")]
    assert decoy.pk not in [p.pk for p in ColumnPage.objects.search("拡大抑止")]


def test_search_results_can_be_counted_and_filtered(corpus):
    results = ColumnPage.objects.live().filter(publication_date__gte="2024-05-01").search("日米")
    assert results.count() == 1
    assert titles(results) == [SPACE]
