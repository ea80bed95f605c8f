"""The reader's search page /search/?q= and the search box in every page's header."""

import html
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from columns.search_views import MAX_QUERY_CHARS, RESULTS_PER_PAGE

NASTY = [
    "",
    " \u3000 ",
    '"',
    '"拡大抑止',
    "*",
    "抑*",
    "NEAR(",
    "NEAR(日米 抑止, 5)",
    "OR",
    "拡大 OR 抑止",
    "AND NOT -抑止",
    "title:抑止",
    "{title body} : 抑止",
    "' OR '1'='1",
    "1; DROP TABLE wagtailcore_page; --",
    "抑止'); SELECT pg_sleep(5); --",
    "\\",
    "%",
    "%00",
    "<script>alert(1)</script>",
    "\x00",
    "\x00\x01\x02\x1b[31m抑止\x7f",
    "\u202e抑止\u200b\ufeff",
    "😀" * 50,
    "抑止" * 5_000,
    "x" * 10_000,
    "日米 " * 3_000,
    "(((((((((((((((((((((((((((((((",
    "^2 ~1 +抑止 -日米",
    "'",
]


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def result_titles(page):
    return [h.get_text() for h in page.select(".search-result__title")]


def result_count(page):
    status = page.select_one("[data-count]")
    return int(status["data-count"]) if status else None


def test_every_page_has_a_labelled_search_box(client, home):
    page = soup(client.get(home.url))
    form = page.select_one("header form[role=search]")
    assert form["action"] == "/search/"
    field = form.select_one("input[name=q]")
    assert form.select_one(f"label[for={field['id']}]").get_text(strip=True)
    assert field["data-suggest-url"] == "/search/suggest/"
    assert page.select_one("script[src$='search-suggest.js']")


def test_results_are_highlighted_and_counted(client, corpus, terms):
    page = soup(client.get("/search/", {"q": "抑止"}))
    assert result_titles(page) == ["拡大抑止", "日米の拡大抑止を点検する", "景気の行方と物価"]
    assert result_count(page) == 3
    first_column = page.select(".search-result--column")[0]
    assert [m.get_text() for m in first_column.select(".search-result__title mark")] == ["抑止"]
    assert "抑止" in [m.get_text() for m in first_column.select(".search-result__snippet mark")]
    assert first_column.select_one("a")["href"] == corpus["日米の拡大抑止を点検する"].url
    assert page.select_one(".search-result--term a")["href"] == terms["拡大抑止"].url
    assert page.select_one("meta[name=robots]")["content"] == "noindex"


def test_the_snippet_shows_the_text_around_the_hit(client, make_column):
    filler = "本題に入る前に、これまでの経緯を簡単に振り返っておきたい。" * 10
    make_column(
        title="長いコラム",
        lead="リードには出てこない。",
        body=[("paragraph", f"<p>{filler}ここでようやく多国間協議の話になる。{filler}</p>")],
    )
    [snippet] = soup(client.get("/search/", {"q": "多国間協議"})).select(".search-result__snippet")
    text = snippet.get_text()
    assert [m.get_text() for m in snippet.select("mark")] == ["多国間協議"]
    assert text.startswith("…") and text.endswith("…")
    assert len(text) < 200


def test_the_hit_is_marked_in_the_writers_own_characters(client, make_column):
    make_column(title="配備の行方", body=[("paragraph", "<p>ﾊﾟﾄﾘｵｯﾄ（ＰＡＣ３）を配備した。</p>")])
    page = soup(client.get("/search/", {"q": "パトリオット pac3"}))
    assert [m.get_text() for m in page.select(".search-result__snippet mark")] == [
        "ﾊﾟﾄﾘｵｯﾄ",
        "ＰＡＣ３",
    ]


def test_results_are_paginated_and_keep_the_query(client, series, make_series_columns):
    make_series_columns(series, 25)  # leads リード1 … リード25
    first = soup(client.get("/search/", {"q": "リード"}))
    assert result_count(first) == 25
    assert len(result_titles(first)) == RESULTS_PER_PAGE
    next_link = first.select_one(".pagination a[rel=next]")["href"]
    assert parse_qs(urlsplit(next_link).query) == {"q": ["リード"], "page": ["2"]}

    second = soup(client.get("/search/" + next_link))
    assert len(result_titles(second)) == RESULTS_PER_PAGE
    assert second.select_one("ol.search-results")["start"] == "11"
    assert not set(result_titles(first)) & set(result_titles(second))

    last = soup(client.get("/search/", {"q": "リード", "page": "999"}))
    assert len(result_titles(last)) == 5
    assert result_titles(soup(client.get("/search/", {"q": "リード", "page": "abc"}))) == (
        result_titles(first)
    )


def test_an_empty_query_shows_the_form_and_no_results(client, corpus):
    for params in ({}, {"q": ""}, {"q": "   "}):
        page = soup(client.get("/search/", params))
        assert page.select_one("main form[role=search] input[name=q]")["value"] == ""
        assert page.select_one(".search-hint")
        assert not page.select(".search-result")
        assert not page.select(".search-empty")


def test_no_results_says_so(client, corpus):
    page = soup(client.get("/search/", {"q": "存在しない言葉"}))
    assert page.select_one(".search-empty")
    assert result_count(page) == 0
    assert "存在しない言葉" in page.select_one(".search-empty").get_text()


def test_a_query_of_symbols_only_finds_nothing(client, corpus):
    page = soup(client.get("/search/", {"q": "！？・…"}))
    assert page.select_one(".search-empty")


def test_the_query_is_capped(client, corpus):
    page = soup(client.get("/search/", {"q": "抑止" + "あ" * 200}))
    assert len(page.select_one("main input[name=q]")["value"]) == MAX_QUERY_CHARS
    assert page.select_one(".search-note")


@pytest.fixture
def one_of_each(make_column, make_term):
    make_column(title="日米の拡大抑止", body=[("paragraph", "<p>日米の拡大抑止と xxx の話。</p>")])
    make_term("抑止", reading="よくし")


@pytest.mark.parametrize("query", NASTY, ids=range(len(NASTY)))
def test_any_input_returns_a_page(client, one_of_each, query):
    response = client.get("/search/", {"q": query, "page": "2'"})
    page = soup(response)
    assert page.select_one("main h1")
    assert "<script>alert" not in response.content.decode()


@pytest.mark.parametrize("query", NASTY, ids=range(len(NASTY)))
def test_any_input_returns_suggestions(client, one_of_each, query):
    response = client.get("/search/suggest/", {"q": query})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert isinstance(response.json()["results"], list)


def test_search_is_get_only(client):
    assert client.post("/search/", {"q": "抑止"}).status_code == 405


def test_drafts_and_unpublished_changes_never_appear(client, make_column):
    make_column(title="下書きの抑止論", live=False)
    live = make_column(title="公開済みのコラム", body=[("paragraph", "<p>公開された本文。</p>")])
    live.body = [("paragraph", "<p>まだ公開していない抑止の段落。</p>")]
    live.save_revision()  # a draft of new content; the live page is unchanged

    page = soup(client.get("/search/", {"q": "抑止"}))
    assert result_titles(page) == []
    assert result_titles(soup(client.get("/search/", {"q": "公開"}))) == ["公開済みのコラム"]
    assert client.get("/search/suggest/", {"q": "下書き"}).json() == {"results": []}


def test_private_columns_never_appear(client, make_column):
    column = make_column(title="会員限定の抑止論")
    PageViewRestriction.objects.create(page=column, restriction_type="password", password="pw")
    assert result_titles(soup(client.get("/search/", {"q": "抑止"}))) == []
    assert client.get("/search/suggest/", {"q": "会員"}).json() == {"results": []}


def test_titles_and_text_are_escaped(client, make_column):
    make_column(
        title="<script>alert('x')</script>抑止の話",
        lead="<b>太字</b>と抑止",
        body=[("paragraph", "<p>本文の&lt;img src=x onerror=alert(1)&gt;と抑止。</p>")],
    )
    response = client.get("/search/", {"q": "抑止"})
    content = response.content.decode()
    assert "<script>alert('x')</script>" not in content
    assert "<img src=x" not in content
    page = soup(response)
    title = page.select_one(".search-result__title a")
    assert title.get_text() == "<script>alert('x')</script>抑止の話"
    assert [m.get_text() for m in title.select("mark")] == ["抑止"]
    assert "<b>太字</b>" in page.select_one(".search-result__snippet").get_text()
    assert html.escape("<script>") in content
