"""The read-only JSON API at /api/v2/: columns and glossary terms, live and public only."""

import datetime
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.models import PageViewRestriction

from columns.models import ColumnSeriesIndexPage
from tests.conftest import make_image_file

D = datetime.date


def get_json(client, path, status=200, **params):
    response = client.get("/api/v2/" + path, params)
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"] == "application/json"
    return response.json()


def titles(data):
    return [item["title"] for item in data["items"]]


def para(html):
    return ("paragraph", html)


def path_of(url):
    return urlsplit(url).path


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def other_series(home):
    return home.add_child(instance=ColumnSeriesIndexPage(title="アジア通信", slug="asia"))


def restrict(page, kind="login"):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="pw" if kind == "password" else ""
    )


# -- columns: fields ------------------------------------------------------------


def test_column_listing_has_what_a_card_needs_newest_first(client, make_column, hero_image):
    old = make_column(title="古い回", date=D(2024, 7, 1), tags=["PAC3"])
    new = make_column(
        title="新しい回",
        date=D(2024, 8, 9),
        lead="拡大抑止を考える。",
        tags=["日米同盟", "PAC3"],
        hero_image=hero_image,
        hero_alt="演習の様子",
    )

    data = get_json(client, "columns/")

    assert data["meta"]["total_count"] == 2
    assert titles(data) == ["新しい回", "古い回"]
    item = data["items"][0]
    assert item["id"] == new.pk
    assert item["meta"]["html_url"] == new.full_url
    assert item["meta"]["detail_url"] == f"http://testserver/api/v2/columns/{new.pk}/"
    assert item["publication_date"] == "2024-08-09"
    assert item["lead"] == "拡大抑止を考える。"
    series = new.get_parent()
    assert item["series"] == {
        "id": series.pk,
        "title": "GLOBAL&TREND",
        "slug": "global-trend",
        "url": series.full_url,
    }
    assert [(tag["name"], tag["slug"]) for tag in item["tags"]] == [
        ("PAC3", "pac3"),
        ("日米同盟", "日米同盟"),
    ]
    thumbnail = item["hero_image_thumbnail"]
    assert (thumbnail["width"], thumbnail["height"]) == (480, 270)
    assert client.get(path_of(thumbnail["full_url"])).status_code == 200
    # The body and back numbers cost queries per column: detail only.
    assert "body" not in item
    assert "back_numbers" not in item
    assert data["items"][1]["id"] == old.pk
    assert data["items"][1]["hero_image_thumbnail"] is None


def test_column_tag_urls_are_the_sites_tag_pages(client, make_column):
    column = make_column(tags=["日米同盟", "PAC3"])

    api_urls = {tag["name"]: tag["url"] for tag in get_json(client, "columns/")["items"][0]["tags"]}

    page = soup(client.get(column.url))
    page_urls = {a.get_text(): a["href"] for a in page.select("a[rel=tag]")}
    assert {name: path_of(url) for name, url in api_urls.items()} == page_urls
    tag_page = soup(client.get(path_of(api_urls["日米同盟"])))
    assert "日米同盟" in tag_page.h1.get_text()


def test_column_detail_has_body_blocks_hero_renditions_and_back_numbers(
    client, make_column, hero_image
):
    chart = Image.objects.create(title="chart", file=make_image_file("chart.jpg", (1200, 800)))
    figure = {"image": chart, "alt": "推移のグラフ", "caption": "推移", "source_name": ""}
    older = make_column(title="第1回", date=D(2024, 6, 1))
    make_column(title="下書きの回", date=D(2024, 6, 15), live=False)
    private = make_column(title="限定の回", date=D(2024, 6, 20))
    restrict(private)
    column = make_column(
        title="第2回",
        date=D(2024, 7, 1),
        hero_image=hero_image,
        hero_alt="演習の様子",
        hero_caption="2024年の演習",
        body=[
            ("heading", {"text": "背景", "level": "h2"}),
            para(f'<p>前回の<a linktype="page" id="{older.pk}">第1回</a>を参照。</p>'),
            ("image", figure),
            # Imported without its file: the page shows nothing, nor does the API.
            ("image", {"image": None, "alt": "", "caption": "", "source_name": "lost.jpg"}),
            ("quote", {"text": "抑止は信頼である。", "attribution": "ある外交官"}),
        ],
    )

    data = get_json(client, f"columns/{column.pk}/")

    assert data["title"] == "第2回"
    assert data["meta"]["parent"]["id"] == column.get_parent().pk
    assert data["hero_alt"] == "演習の様子"
    assert data["hero_caption"] == "2024年の演習"
    og, large = data["hero_image_og"], data["hero_image_large"]
    assert (og["width"], og["height"]) == (1200, 630)
    assert og["url"].endswith(".jpg")
    assert (large["width"], large["height"]) == (1440, 810)
    for rendition in (og, large):
        assert client.get(path_of(rendition["full_url"])).status_code == 200

    body = data["body"]
    assert [block["type"] for block in body] == ["heading", "paragraph", "image", "quote"]
    assert body[0]["value"] == {"text": "背景", "level": "h2"}
    link = BeautifulSoup(body[1]["value"], "html.parser").a
    assert link["href"] == older.url
    assert not link.has_attr("linktype")
    image = body[2]["value"]
    assert image["image"]["id"] == chart.pk
    assert image["image"]["width"] == 960
    assert client.get(path_of(image["image"]["full_url"])).status_code == 200
    assert (image["alt"], image["caption"]) == ("推移のグラフ", "推移")
    assert "source_name" not in image
    assert body[3]["value"] == {"text": "抑止は信頼である。", "attribution": "ある外交官"}

    # The same list as under the article: live, public columns only.
    assert data["back_numbers"] == [
        {
            "id": older.pk,
            "title": "第1回",
            "url": older.full_url,
            "publication_date": "2024-06-01",
        }
    ]


def test_a_column_without_hero_or_tags_has_empty_fields(client, make_column):
    column = make_column()
    data = get_json(client, f"columns/{column.pk}/")
    assert data["hero_image_large"] is None
    assert data["hero_image_og"] is None
    assert data["hero_alt"] == ""
    assert data["tags"] == []
    assert [block["value"] for block in data["body"]] == ["<p>本文の段落です。</p>"]
    assert data["back_numbers"] == []


def test_fields_parameter_picks_fields_but_body_stays_on_the_detail(client, make_column):
    make_column(title="一本目")
    data = get_json(client, "columns/", fields="_,title,lead")
    assert data["items"] == [{"title": "一本目", "lead": "リード文です。"}]
    error = get_json(client, "columns/", status=400, fields="body")
    assert "body" in error["message"]


# -- columns: nothing but live, public content -----------------------------------


def test_draft_columns_never_appear(client, make_column, series):
    live = make_column(title="公開回", date=D(2024, 7, 1))
    draft = make_column(title="下書き回", date=D(2024, 8, 1), tags=["下書きだけのタグ"], live=False)
    withdrawn = make_column(title="取り下げ回", date=D(2024, 8, 2), tags=["下書きだけのタグ"])
    withdrawn.unpublish()

    assert titles(get_json(client, "columns/")) == ["公開回"]
    for column in (draft, withdrawn):
        get_json(client, f"columns/{column.pk}/", status=404)
        assert client.get("/api/v2/columns/find/", {"id": column.pk}).status_code == 404
    assert get_json(client, "columns/", tag="下書きだけのタグ")["items"] == []
    assert titles(get_json(client, "columns/", series=series.slug)) == ["公開回"]
    assert titles(get_json(client, "columns/", search="下書き回")) == []
    assert titles(get_json(client, "columns/", order="-title")) == ["公開回"]
    assert get_json(client, f"columns/{live.pk}/")["back_numbers"] == []


def test_unpublished_changes_are_not_served_the_live_version_is(client, make_column):
    column = make_column(title="公開版の題", lead="公開版のリード", tags=["公開タグ"])
    column.title = "下書き版の題"
    column.lead = "下書き版のリード"
    column.tags.set(["下書きタグ"])
    column.body = [para("<p>下書きの本文。</p>")]
    column.save_revision()

    data = get_json(client, f"columns/{column.pk}/")
    assert data["title"] == "公開版の題"
    assert data["lead"] == "公開版のリード"
    assert [tag["name"] for tag in data["tags"]] == ["公開タグ"]
    assert "下書き" not in data["body"][0]["value"]
    assert titles(get_json(client, "columns/")) == ["公開版の題"]
    assert get_json(client, "columns/", tag="下書きタグ")["items"] == []
    assert titles(get_json(client, "columns/", tag="公開タグ")) == ["公開版の題"]


@pytest.mark.parametrize("kind", ["login", "password"])
def test_private_columns_never_appear_even_to_a_logged_in_editor(client, make_column, series, kind):
    make_column(title="公開回", date=D(2024, 7, 1), tags=["日米同盟"])
    private = make_column(title="限定回", date=D(2024, 8, 1), tags=["日米同盟"])
    restrict(private, kind)
    editor = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")

    for logged_in in (False, True):
        if logged_in:
            client.force_login(editor)
        assert titles(get_json(client, "columns/")) == ["公開回"]
        get_json(client, f"columns/{private.pk}/", status=404)
        assert titles(get_json(client, "columns/", tag="日米同盟")) == ["公開回"]
        assert titles(get_json(client, "columns/", series=series.pk)) == ["公開回"]
        assert titles(get_json(client, "columns/", search="限定回")) == []


def test_columns_of_a_private_series_never_appear(client, make_column, other_series):
    make_column(title="公開回")
    hidden = make_column(title="非公開シリーズの回", parent=other_series)
    restrict(other_series)

    assert titles(get_json(client, "columns/")) == ["公開回"]
    get_json(client, f"columns/{hidden.pk}/", status=404)
    error = get_json(client, "columns/", status=400, series="asia")
    assert error["message"] == "series not found: asia"


def test_the_columns_endpoint_serves_columns_only(client, make_column, make_term):
    make_column(title="コラム")
    term = make_term("拡大抑止", "かくだいよくし")

    get_json(client, f"columns/{term.pk}/", status=404)
    get_json(client, f"columns/{term.pk}/", status=404, type="glossary.GlossaryTermPage")
    error = get_json(client, "columns/", status=400, type="wagtailcore.Page")
    assert "type" in error["message"]


# -- columns: filters, pagination ------------------------------------------------


def test_series_filter_by_id_or_slug(client, make_column, series, other_series):
    make_column(title="GT回")
    make_column(title="アジア回", parent=other_series)

    assert titles(get_json(client, "columns/", series=series.pk)) == ["GT回"]
    assert titles(get_json(client, "columns/", series="asia")) == ["アジア回"]
    assert titles(get_json(client, "columns/", series=other_series.pk)) == ["アジア回"]
    for unknown in ("no-such-series", "999999", "99999999999999999999999"):
        error = get_json(client, "columns/", status=400, series=unknown)
        assert error["message"] == f"series not found: {unknown}"


def test_a_draft_series_is_as_unknown_as_a_missing_one(client, home):
    draft = home.add_child(instance=ColumnSeriesIndexPage(title="準備中", slug="soon", live=False))
    for value in ("soon", draft.pk):
        error = get_json(client, "columns/", status=400, series=value)
        assert error["message"].startswith("series not found")


def test_tag_filter_by_japanese_slug_or_name(client, make_column):
    make_column(title="同盟回", date=D(2024, 8, 1), tags=["日米同盟"])
    make_column(title="迎撃回", date=D(2024, 7, 1), tags=["PAC3", "日米同盟"])
    make_column(title="無関係回", date=D(2024, 6, 1), tags=["経済"])

    assert titles(get_json(client, "columns/", tag="日米同盟")) == ["同盟回", "迎撃回"]
    assert titles(get_json(client, "columns/", tag="pac3")) == ["迎撃回"]
    assert titles(get_json(client, "columns/", tag="PAC3")) == ["迎撃回"]
    # Percent-encoded by hand, as a link to the API would carry it.
    response = client.get("/api/v2/columns/?tag=%E6%97%A5%E7%B1%B3%E5%90%8C%E7%9B%9F")
    assert titles(response.json()) == ["同盟回", "迎撃回"]
    assert get_json(client, "columns/", tag="存在しないタグ") == {
        "meta": {"total_count": 0},
        "items": [],
    }
    assert titles(get_json(client, "columns/", tag="日米同盟", series="global-trend")) == [
        "同盟回",
        "迎撃回",
    ]


def test_pagination_with_limit_and_offset(client, make_series_columns, series):
    make_series_columns(series, 25)

    first = get_json(client, "columns/")
    assert first["meta"]["total_count"] == 25
    assert titles(first) == [f"コラム{i}" for i in range(25, 5, -1)]
    last = get_json(client, "columns/", limit=10, offset=20)
    assert last["meta"]["total_count"] == 25
    assert titles(last) == [f"コラム{i}" for i in range(5, 0, -1)]
    assert titles(get_json(client, "columns/", order="publication_date", limit=2)) == [
        "コラム1",
        "コラム2",
    ]
    error = get_json(client, "columns/", 400, limit=21)
    assert error["message"] == "limit cannot be higher than 20"
    get_json(client, "columns/", 400, offset=-1)


@pytest.mark.parametrize(
    "params",
    [
        {"publication_date": "2024年8月9日"},
        {"site": "no-such-host"},
        {"series": "global\x00trend"},
        {"tag": "日米\x00同盟"},
        {"lead": "\x00"},
        {"limit": "many"},
        {"order": "series"},
        {"fields": "series(id)"},
        {"child_of": "home"},
        {"unknown": "1"},
    ],
)
def test_bad_parameters_are_a_clear_400(client, make_column, params):
    make_column()
    error = get_json(client, "columns/", status=400, **params)
    assert error["message"]


def test_field_filters_on_dates_work(client, make_column):
    make_column(title="八月九日", date=D(2024, 8, 9))
    make_column(title="八月十日", date=D(2024, 8, 10))
    assert titles(get_json(client, "columns/", publication_date="2024-08-10")) == ["八月十日"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, make_column, method):
    column = make_column(title="そのまま")
    admin = get_user_model().objects.create_superuser("admin", "a@example.com", "pw")
    client.force_login(admin)

    for path in ("/api/v2/columns/", f"/api/v2/columns/{column.pk}/", "/api/v2/terms/"):
        send = getattr(client, method)
        response = send(path, {"title": "書き換え"}, content_type="application/json")
        assert response.status_code == 405
    assert get_json(client, f"columns/{column.pk}/")["title"] == "そのまま"


def test_column_listing_queries_do_not_grow_with_the_number_of_columns(
    client, home, make_series_columns
):
    def listing_queries(count, slug):
        series = home.add_child(instance=ColumnSeriesIndexPage(title=slug, slug=slug))
        columns = make_series_columns(series, count, tags=["日米同盟", "PAC3"])
        for column in columns:
            column.hero_image = Image.objects.create(
                title=column.title, file=make_image_file(size=(960, 540))
            )
            column.hero_alt = "写真"
            column.save_revision().publish()
        get_json(client, "columns/", series=slug, fields="*")  # renditions made on first use
        with CaptureQueriesContext(connection) as queries:
            data = get_json(client, "columns/", series=slug, fields="*")
        assert len(data["items"]) == min(count, 20)
        assert all(item["series"]["slug"] == slug for item in data["items"])
        assert all(len(item["tags"]) == 2 for item in data["items"])
        assert all(item["hero_image_og"] for item in data["items"])
        return len(queries)

    assert listing_queries(3, "few") == listing_queries(30, "many")


# -- glossary terms ----------------------------------------------------------------


def test_term_listing_and_detail_fields(client, make_term, make_column):
    make_term("PAC3", "", "地対空誘導弾。")
    deterrence = make_term("抑止", "よくし")
    term = make_term(
        "日米2プラス2",
        "にちべいつーぷらすつー",
        "日米の外務・防衛閣僚の協議。",
        aliases=["2+2", "日米安全保障協議委員会"],
        body=f'<p>詳しくは<a linktype="page" id="{deterrence.pk}">抑止</a>。</p>',
    )

    listing = get_json(client, "terms/")
    assert titles(listing) == ["PAC3", "日米2プラス2", "抑止"]
    item = listing["items"][1]
    assert item["reading"] == "にちべいつーぷらすつー"
    assert item["definition"] == "日米の外務・防衛閣僚の協議。"
    assert item["forms"] == ["日米2プラス2", "2+2", "日米安全保障協議委員会"]
    assert item["meta"]["html_url"] == term.full_url
    assert "body" not in item
    assert "mentioned_in" not in item

    data = get_json(client, f"terms/{term.pk}/")
    assert data["aliases"] == ["2+2", "日米安全保障協議委員会"]
    link = BeautifulSoup(data["body"], "html.parser").a
    assert link.get_text() == "抑止"
    assert link["href"] == deterrence.url
    assert data["mentioned_in"] == []


def test_term_lists_live_public_columns_that_mention_it(client, make_term, make_column):
    term = make_term("拡大抑止", "かくだいよくし", aliases=["拡大抑止力"])
    once = [para("<p>拡大抑止。</p>")]
    old = make_column(
        title="古い回", date=D(2024, 6, 1), body=[para("<p>拡大抑止と拡大抑止力。</p>")]
    )
    new = make_column(title="新しい回", date=D(2024, 8, 1), body=once)
    make_column(title="下書き回", date=D(2024, 8, 2), body=once, live=False)
    private = make_column(title="限定回", date=D(2024, 8, 3), body=once)
    restrict(private)
    make_column(title="無関係", date=D(2024, 8, 4), body=[para("<p>別の話題。</p>")])

    mentions = get_json(client, f"terms/{term.pk}/")["mentioned_in"]

    assert mentions == [
        {
            "id": new.pk,
            "title": "新しい回",
            "url": new.full_url,
            "publication_date": "2024-08-01",
            "count": 1,
        },
        {
            "id": old.pk,
            "title": "古い回",
            "url": old.full_url,
            "publication_date": "2024-06-01",
            "count": 2,
        },
    ]
    old.unpublish()
    assert [m["title"] for m in get_json(client, f"terms/{term.pk}/")["mentioned_in"]] == [
        "新しい回"
    ]


def test_unpublished_and_private_terms_never_appear(client, make_term, glossary_index):
    make_term("抑止", "よくし")
    draft = make_term("下書き用語", "したがきようご", live=False)
    withdrawn = make_term("取り下げ用語", "とりさげようご")
    withdrawn.unpublish()
    changed = make_term("公開用語", "こうかいようご", "公開版の定義。")
    changed.definition = "下書きの定義。"
    changed.save_revision()
    private = make_term("限定用語", "げんていようご")
    restrict(private, "password")

    data = get_json(client, "terms/")
    assert titles(data) == ["公開用語", "抑止"]
    assert data["items"][0]["definition"] == "公開版の定義。"
    for term in (draft, withdrawn, private):
        get_json(client, f"terms/{term.pk}/", status=404)
    assert titles(get_json(client, "terms/", search="用語")) == ["公開用語"]
    get_json(client, f"terms/{glossary_index.pk}/", status=404)
