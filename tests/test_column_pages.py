"""What readers see on column pages, series indexes and the home page."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup

from columns.models import ColumnBackNumber, ColumnPage, ColumnSeriesIndexPage, HomePage

D = datetime.date


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def titles(elements):
    return [e.get_text(strip=True) for e in elements]


@pytest.fixture
def other_series(home):
    page = ColumnSeriesIndexPage(title="経済ウォッチ", slug="keizai")
    home.add_child(instance=page)
    return page


# -- page tree rules ----------------------------------------------------------


def test_page_types_only_go_where_they_belong(home, series):
    assert ColumnSeriesIndexPage.can_create_at(home)
    assert not ColumnSeriesIndexPage.can_create_at(series)
    assert ColumnPage.can_create_at(series)
    assert not ColumnPage.can_create_at(home)
    assert not HomePage.can_create_at(series)
    assert series.specific_class.allowed_subpage_models() == [ColumnPage]
    assert ColumnPage.allowed_subpage_models() == []


def test_slug_defaults_to_publication_date_with_suffix_on_clash(make_column, other_series):
    first = make_column(title="一本目", date=D(2024, 8, 9))
    second = make_column(title="二本目", date=D(2024, 8, 9))
    third = make_column(title="三本目", date=D(2024, 8, 9))
    elsewhere = make_column(title="別シリーズ", date=D(2024, 8, 9), parent=other_series)
    assert [first.slug, second.slug, third.slug] == ["20240809", "20240809-2", "20240809-3"]
    assert elsewhere.slug == "20240809"
    assert first.url == "/global-trend/20240809/"


# -- the column page ------------------------------------------------------------


def test_column_shows_title_date_line_headings_and_body(client, make_column):
    column = make_column(
        title="半導体と経済安全保障",
        date=D(2024, 8, 9),
        body=[
            ("heading", {"text": "供給網の見直し", "level": "h2"}),
            ("paragraph", "<p>各国が<b>供給網</b>を見直しています。</p>"),
            ("heading", {"text": "日本の役割", "level": "h3"}),
            ("quote", {"text": "備えあれば憂いなし", "attribution": "ことわざ"}),
        ],
    )
    page = soup(client.get(column.url))
    assert page.find("html")["lang"] == "ja"
    assert page.h1.get_text() == "半導体と経済安全保障"
    assert page.select_one(".dateline").get_text(strip=True) == "2024年8月9日掲載"
    assert page.select_one(".dateline time")["datetime"] == "2024-08-09"
    body = page.select_one(".column-body")
    assert titles(body.find_all("h2")) == ["供給網の見直し"]
    assert titles(body.find_all("h3")) == ["日本の役割"]
    assert body.find("h2")["id"] == "h-供給網の見直し"
    assert body.find("b").get_text() == "供給網"
    assert body.blockquote.get_text(strip=True) == "備えあれば憂いなし"
    # Landmarks and skip link for keyboard and screen-reader users.
    assert page.select_one("a.skip-link")["href"] == "#main"
    assert page.find("main", id="main")
    assert page.find("nav", attrs={"aria-label": "パンくずリスト"})


def test_text_from_editors_is_escaped(client, make_column):
    column = make_column(title="<script>alert(1)</script>", lead="<img src=x onerror=alert(1)>")
    html = client.get(column.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_back_numbers_list_newest_other_live_columns_of_the_series(
    client, make_column, series, other_series
):
    series.back_number_count = 3
    series.save_revision().publish()
    columns = [make_column(title=f"第{i}回", date=D(2024, 1, i)) for i in range(1, 6)]
    make_column(title="下書き", date=D(2024, 2, 1), live=False)
    make_column(title="他シリーズ", date=D(2024, 2, 2), parent=other_series)
    current = columns[4]

    page = soup(client.get(current.url))
    block = page.select_one("section.back-numbers")
    assert block.h2.get_text() == "GLOBAL&TRENDバックナンバー"
    assert titles(block.select("li a")) == ["第4回", "第3回", "第2回"]
    back = block.select_one(".back-to-list a")
    assert back.get_text() == "一覧に戻る"
    assert back["href"] == series.url


def test_curated_back_numbers_win_in_their_order(client, make_column):
    a = make_column(title="A回", date=D(2024, 1, 1))
    b = make_column(title="B回", date=D(2024, 1, 2))
    c = make_column(title="C回", date=D(2024, 1, 3))
    draft = make_column(title="下書き回", date=D(2024, 1, 4), live=False)
    current = make_column(title="今回", date=D(2024, 2, 1))
    for order, column in enumerate([a, draft, c, b]):
        ColumnBackNumber.objects.create(page=current, column=column, sort_order=order)

    block = soup(client.get(current.url)).select_one("section.back-numbers")
    assert titles(block.select("li a")) == ["A回", "C回", "B回"]


def test_previous_and_next_follow_publication_date_within_the_series(
    client, make_column, other_series
):
    old = make_column(title="古い回", date=D(2024, 1, 1))
    make_column(title="下書きの回", date=D(2024, 1, 15), live=False)
    middle = make_column(title="真ん中の回", date=D(2024, 2, 1))
    make_column(title="他シリーズの回", date=D(2024, 2, 10), parent=other_series)
    new = make_column(title="新しい回", date=D(2024, 3, 1))

    nav = soup(client.get(middle.url)).select_one("nav.prev-next")
    assert nav.select_one("a[rel=prev]")["href"] == old.url
    assert nav.select_one("a[rel=next]")["href"] == new.url
    first = soup(client.get(old.url)).select_one("nav.prev-next")
    assert first.select_one("a[rel=prev]") is None
    assert "真ん中の回" in first.select_one("a[rel=next]").get_text()


def test_head_carries_open_graph_twitter_and_json_ld(client, make_column, hero_image):
    column = make_column(
        title="日米協力の現在",
        tags=["安全保障", "日米同盟"],
        hero_image=hero_image,
        hero_alt="会議場の写真",
        lead="日米の協力について解説します。",
    )
    page = soup(client.get(column.url))

    def meta(prop):
        tag = page.find("meta", attrs={"property": prop}) or page.find("meta", attrs={"name": prop})
        return tag["content"] if tag else None

    assert page.title.get_text().startswith("日米協力の現在")
    assert meta("description") == "日米の協力について解説します。"
    assert page.find("link", rel="canonical")["href"] == "http://testserver" + column.url
    assert meta("og:type") == "article"
    assert meta("og:title") == "日米協力の現在"
    assert meta("og:url") == "http://testserver" + column.url
    assert meta("og:image").startswith("http://testserver/media/images/")
    assert (meta("og:image:width"), meta("og:image:height")) == ("1200", "630")
    assert meta("article:published_time") == "2024-08-09T00:00:00+09:00"
    tags = [m["content"] for m in page.find_all("meta", attrs={"property": "article:tag"})]
    assert tags == ["安全保障", "日米同盟"]
    assert meta("twitter:card") == "summary_large_image"

    data = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    article = next(d for d in data if d["@type"] == "NewsArticle")
    assert article["headline"] == "日米協力の現在"
    assert article["datePublished"] == "2024-08-09T00:00:00+09:00"
    assert article["image"] == [meta("og:image")]
    crumbs = next(d for d in data if d["@type"] == "BreadcrumbList")
    assert [i["name"] for i in crumbs["itemListElement"]] == [
        "コラム",
        "GLOBAL&TREND",
        "日米協力の現在",
    ]


def test_hero_and_body_images_are_responsive_with_dimensions(client, make_column, hero_image):
    from wagtail.images.models import Image

    from tests.conftest import make_image_file

    chart = Image.objects.create(title="chart", file=make_image_file("chart.png", (800, 600)))
    column = make_column(
        hero_image=hero_image,
        hero_alt="港の写真",
        hero_caption="横浜港",
        body=[
            ("image", {"image": chart, "alt": "グラフ", "caption": "推移", "source_name": ""}),
            ("image", {"image": None, "alt": "", "caption": "", "source_name": "missing.jpg"}),
        ],
    )
    page = soup(client.get(column.url))
    hero = page.select_one("figure.hero")
    assert hero.picture.find("source", type="image/webp")["srcset"].count("w,") == 2
    img = hero.picture.img
    assert img["alt"] == "港の写真"
    assert img["width"] and img["height"]
    assert "480w" in img["srcset"] and "1440w" in img["srcset"]
    assert hero.figcaption.get_text() == "横浜港"
    body_images = page.select(".column-body figure.body-image")
    assert len(body_images) == 1  # the block without a file renders nothing
    assert body_images[0].img["alt"] == "グラフ"
    assert "missing.jpg" not in page.decode()


def test_a_hero_alt_that_repeats_the_title_is_not_read_twice(client, make_column, hero_image):
    # Imports use the title as the hero's alt; beside the h1 it would be read twice.
    column = make_column("港の再開発", hero_image=hero_image, hero_alt="港の再開発")
    page = soup(client.get(column.url))
    assert page.h1.get_text(strip=True) == "港の再開発"
    assert page.select_one("figure.hero img")["alt"] == ""
    # Shares still describe the image.
    assert page.find("meta", property="og:image:alt")["content"] == "港の再開発"


def test_a_body_image_that_is_the_hero_is_not_shown_twice(client, make_column, hero_image):
    # Imported columns carry their first image both as the hero and in the body.
    column = make_column(
        hero_image=hero_image,
        hero_alt="港の写真",
        body=[
            ("paragraph", "<p>前</p>"),
            ("image", {"image": hero_image, "alt": "港", "caption": "", "source_name": ""}),
            ("paragraph", "<p>後</p>"),
        ],
    )
    page = soup(client.get(column.url))
    assert len(page.select("figure.hero")) == 1
    assert page.select(".column-body figure") == []


def test_drafts_are_not_served_to_anonymous_readers(client, make_column):
    draft = make_column(title="未公開のコラム", live=False)
    assert client.get(draft.url).status_code == 404
    live = make_column(title="公開中")
    live.unpublish()
    assert client.get(live.url).status_code == 404
    assert "未公開のコラム" not in client.get("/").content.decode()


# -- listings -------------------------------------------------------------------


def test_series_index_lists_live_columns_newest_first_20_a_page(
    client, series, make_series_columns
):
    make_series_columns(series, 23)
    first = soup(client.get(series.url))
    cards = first.select("article.card h3")
    assert len(cards) == 20
    assert cards[0].get_text(strip=True) == "コラム23"
    assert first.select_one("a[rel=next]")["href"] == "?page=2"
    second = soup(client.get(series.url + "?page=2"))
    assert titles(second.select("article.card h3")) == ["コラム3", "コラム2", "コラム1"]
    assert second.find("link", rel="canonical")["href"].endswith("?page=2")


@pytest.mark.parametrize("value", ["abc", "-1", "0", "999", "1.5", "%00", "2" * 40])
def test_garbage_or_out_of_range_page_numbers_do_not_fail(
    client, series, make_series_columns, value
):
    make_series_columns(series, 3)
    response = client.get(series.url, {"page": value})
    assert response.status_code == 200
    assert len(soup(response).select("article.card")) == 3


def test_home_lists_latest_columns_across_series_and_links_each_series(
    client, make_column, series, other_series
):
    make_column(title="GT回", date=D(2024, 1, 1))
    make_column(title="経済回", date=D(2024, 3, 1), parent=other_series)
    make_column(title="下書き回", date=D(2024, 4, 1), live=False)
    page = soup(client.get("/"))
    assert titles(page.select("article.card h3")) == ["経済回", "GT回"]
    links = [a["href"] for a in page.select(".series-list a")]
    assert links == [series.url, other_series.url]


# -- query counts -----------------------------------------------------------------


def count_queries(client, url, django_assert_max_num_queries=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up: renditions and caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_column_page_and_series_index_queries_do_not_grow_with_the_series(
    client, series, make_series_columns, hero_image, other_series
):
    make_series_columns(
        series, 5, hero_image=hero_image, hero_alt="写真", tags=["安全保障", "経済"]
    )
    # Three pages of the listing (COLUMNS_PER_PAGE is 20) against part of one; the
    # 10,000-column site is measured by tests/perf/bench_load.py.
    make_series_columns(
        other_series, 60, hero_image=hero_image, hero_alt="写真", tags=["安全保障", "経済"]
    )
    small_column = ColumnPage.objects.child_of(series).live().last()
    big_column = ColumnPage.objects.child_of(other_series).live().last()

    small = (count_queries(client, small_column.url), count_queries(client, series.url))
    big = (count_queries(client, big_column.url), count_queries(client, other_series.url))
    assert small == big
    assert max(small) <= 15


def test_missing_pages_get_a_japanese_404(client, home):
    response = client.get("/global-trend/19990101/")
    assert response.status_code == 404
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.h1.get_text() == "ページが見つかりません"
    assert page.find("html")["lang"] == "ja"


def test_server_error_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "サーバーエラー" in html
