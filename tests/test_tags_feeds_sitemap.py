"""Tag pages with Japanese tags, the series feed, sitemap.xml and robots.txt."""

import datetime
import xml.etree.ElementTree as ET
from urllib.parse import quote, unquote

from bs4 import BeautifulSoup

from columns.models import ColumnTag

D = datetime.date


def card_titles(response):
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return [h.get_text(strip=True) for h in page.select("article.card h3")]


def test_japanese_tags_get_unicode_slugs_and_working_urls(client, make_column):
    column = make_column(title="同盟の話", tags=["日米同盟", "安全保障"])
    slugs = sorted(ColumnTag.objects.values_list("slug", flat=True))
    assert slugs == ["安全保障", "日米同盟"]

    page = BeautifulSoup(client.get(column.url).content.decode(), "html.parser")
    hrefs = [a["href"] for a in page.select(".column-tags a[rel=tag]")]
    assert hrefs == ["/tags/" + quote("日米同盟") + "/", "/tags/" + quote("安全保障") + "/"]
    assert card_titles(client.get(unquote(hrefs[0]))) == ["同盟の話"]
    assert card_titles(client.get(hrefs[0])) == ["同盟の話"]


def test_tag_names_that_slugify_alike_or_to_nothing_still_get_distinct_urls(make_column):
    make_column(tags=["日米2+2", "日米22", "+++"])
    slugs = set(ColumnTag.objects.values_list("slug", flat=True))
    assert len(slugs) == 3
    assert all(slugs)


def test_tag_page_lists_live_columns_newest_first_across_series(client, home, make_column, series):
    from columns.models import ColumnSeriesIndexPage

    other = home.add_child(instance=ColumnSeriesIndexPage(title="経済", slug="keizai"))
    make_column(title="古い", date=D(2024, 1, 1), tags=["安全保障"])
    make_column(title="新しい", date=D(2024, 5, 1), tags=["安全保障"], parent=other)
    make_column(title="下書き", date=D(2024, 6, 1), tags=["安全保障"], live=False)
    make_column(title="無関係", date=D(2024, 7, 1), tags=["経済"])

    response = client.get("/tags/安全保障/")
    assert card_titles(response) == ["新しい", "古い"]
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.h1.get_text() == "タグ「安全保障」のコラム"
    assert (
        page.find("link", rel="canonical")["href"]
        == "http://testserver/tags/" + quote("安全保障") + "/"
    )


def test_tag_page_is_paginated_and_tolerates_bad_page_numbers(client, series, make_series_columns):
    make_series_columns(series, 25, tags=["経済"])
    assert len(card_titles(client.get("/tags/経済/"))) == 20
    assert card_titles(client.get("/tags/経済/?page=2"))[-1] == "コラム1"
    assert len(card_titles(client.get("/tags/経済/?page=zzz"))) == 20
    assert len(card_titles(client.get("/tags/経済/?page=99"))) == 5


def test_unknown_tags_and_tags_only_on_drafts_are_not_found(client, make_column):
    make_column(title="下書き", tags=["秘密の企画"], live=False)
    assert client.get("/tags/存在しない/").status_code == 404
    assert client.get("/tags/秘密の企画/").status_code == 404


def test_series_feed_is_rss_with_leads_dates_and_tags(client, series, make_column):
    make_column(title="第1回", date=D(2024, 1, 5), lead="一回目の要約", tags=["経済", "円安"])
    make_column(title="第2回", date=D(2024, 2, 5), lead="二回目の要約")
    make_column(title="下書き回", date=D(2024, 3, 5), live=False)

    response = client.get("/global-trend/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("title") == "GLOBAL&TREND"
    assert channel.findtext("link") == "http://testserver/global-trend/"
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["第2回", "第1回"]
    first = items[1]
    assert first.findtext("link") == "http://testserver/global-trend/20240105/"
    assert first.findtext("description") == "一回目の要約"
    assert first.findtext("pubDate") == "Fri, 05 Jan 2024 00:00:00 +0900"
    assert sorted(c.text for c in first.findall("category")) == ["円安", "経済"]

    index = BeautifulSoup(client.get(series.url).content.decode(), "html.parser")
    alternate = index.find("link", rel="alternate", type="application/rss+xml")
    assert alternate["href"] == "/global-trend/feed/"


def test_sitemap_lists_live_pages_only(client, series, make_column):
    live = make_column(title="公開", date=D(2024, 1, 1))
    draft = make_column(title="下書き", date=D(2024, 1, 2), live=False)
    gone = make_column(title="取り下げ", date=D(2024, 1, 3))
    gone.unpublish()

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {e.text for e in ET.fromstring(response.content).findall("s:url/s:loc", ns)}
    assert locs == {
        "http://testserver/",
        "http://testserver/global-trend/",
        "http://testserver" + live.url,
    }
    assert "http://testserver" + draft.url not in locs


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
