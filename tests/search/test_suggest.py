"""Title suggestions while typing: /search/suggest/?q= → {"results": [{title, url, kind}]}."""

from columns.search_views import SUGGESTIONS


def suggest(client, query):
    response = client.get("/search/suggest/", {"q": query})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["results"]


def test_suggestions_are_titles_with_urls(client, corpus, terms):
    results = suggest(client, "拡大抑")
    assert results == [
        {"title": "拡大抑止", "url": terms["拡大抑止"].url, "kind": "term"},
        {
            "title": "日米の拡大抑止を点検する",
            "url": corpus["日米の拡大抑止を点検する"].url,
            "kind": "column",
        },
    ]


def test_a_half_typed_word_already_suggests(client, corpus, terms):
    assert [r["title"] for r in suggest(client, "サプライチェー")] == ["サプライチェーンの強靱化"]
    assert [r["title"] for r in suggest(client, "パトリオ")] == ["パトリオット"]
    assert [r["title"] for r in suggest(client, "日米 点")] == ["日米の拡大抑止を点検する"]


def test_suggestions_come_from_titles_only(client, corpus):
    assert [r["title"] for r in suggest(client, "共同")] == ["迎撃ミサイルの共同生産"]
    assert suggest(client, "部品") == []  # only in the text


def test_glossary_terms_are_suggested_by_other_forms(client, terms):
    assert [r["title"] for r in suggest(client, "核の")] == ["拡大抑止"]
    assert [r["title"] for r in suggest(client, "ぱとり")] == ["パトリオット"]


def test_suggestions_are_few(client, series, make_series_columns):
    make_series_columns(series, 20)  # コラム1 … コラム20
    assert len(suggest(client, "コラム")) == SUGGESTIONS


def test_an_empty_query_suggests_nothing(client, corpus):
    assert suggest(client, "") == []
    assert suggest(client, "   ") == []
    assert suggest(client, "！？") == []


def test_titles_are_returned_as_text(client, make_column):
    make_column(title='<b>抑止</b>と"引用"')
    assert [r["title"] for r in suggest(client, "抑止")] == ['<b>抑止</b>と"引用"']
