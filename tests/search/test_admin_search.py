"""Editors find columns by a Japanese word inside the title, in the admin."""

import pytest
from bs4 import BeautifulSoup


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "e@example.com", "pw"))
    return client


def listed_titles(response):
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return {a.get_text(" ", strip=True) for a in page.select("table.listing .title a")}


@pytest.mark.parametrize("query", ["抑止", "日米", "点検", "拡大抑止", "拡大抑"])
def test_page_search_finds_a_word_inside_a_column_title(editor, corpus, query):
    found = listed_titles(editor.get("/admin/pages/search/", {"q": query}))
    assert "日米の拡大抑止を点検する" in found
    assert "迎撃ミサイルの共同生産" not in found


def test_explorer_search_inside_the_series_finds_it(editor, corpus, series):
    found = listed_titles(editor.get(f"/admin/pages/{series.pk}/", {"q": "共同生産"}))
    assert "迎撃ミサイルの共同生産" in found
    assert "日米の拡大抑止を点検する" not in found


def test_page_search_finds_drafts_and_glossary_terms(editor, make_column, terms):
    make_column(title="下書きの抑止論", live=False)
    found = listed_titles(editor.get("/admin/pages/search/", {"q": "抑止"}))
    assert {"下書きの抑止論", "拡大抑止"} <= found
