"""The glossary as readers and editors meet it: links, term pages, the index."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.management import call_command

from glossary.models import GlossaryAlias, GlossaryMention, GlossaryTermPage

D = datetime.date


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def para(text):
    return ("paragraph", f"<p>{text}</p>")


def glossary_links(page):
    return [(a.get_text(), a["href"]) for a in page.select(".column-body a.glossary-term")]


# -- column pages ----------------------------------------------------------------------


def test_terms_are_linked_where_they_first_appear_in_a_column(client, make_term, make_column):
    deterrence = make_term("拡大抑止", "かくだいよくし", "同盟国を守るための抑止の考え方。")
    pac3 = make_term("PAC3", "ぱっくすりー", "地上配備型の迎撃ミサイル。", slug="pac3")
    column = make_column(
        body=[
            ("heading", {"text": "拡大抑止とは", "level": "h2"}),
            para("日米は拡大抑止の強化で合意した。ＰＡＣ３を増産し、拡大抑止を示す。"),
            para('<a href="https://example.com/">拡大抑止の解説</a>とPAC3MSEは別物。'),
        ]
    )
    page = soup(client.get(column.url))
    assert glossary_links(page) == [("拡大抑止", deterrence.url), ("ＰＡＣ３", pac3.url)]
    assert page.select_one(".column-body h2").find("a") is None

    link = page.select_one("a.glossary-term")
    tip = page.find(id=link["aria-describedby"])
    assert tip["role"] == "tooltip"
    assert tip.get_text() == "同盟国を守るための抑止の考え方。"

    listed = page.select(".column-terms .term-entry")
    assert page.select_one(".column-terms h2").get_text() == "このコラムに登場する用語"
    assert [e.dt.get_text() for e in listed] == ["拡大抑止", "PAC3"]
    assert listed[1].dd.get_text() == "地上配備型の迎撃ミサイル。"


def test_aliases_link_to_their_term(client, make_term, make_column):
    term = make_term(
        "日米2プラス2", "にちべいつーぷらすつー", aliases=["2+2", "日米安全保障協議委員会"]
    )
    column = make_column(body=[para("東京で２＋２が開かれた。")])
    assert glossary_links(soup(client.get(column.url))) == [("２＋２", term.url)]


def test_the_column_switch_turns_links_off_but_keeps_the_term_list(client, make_term, make_column):
    make_term("拡大抑止", "かくだいよくし")
    column = make_column(body=[para("拡大抑止の話。")], glossary_links=False)
    page = soup(client.get(column.url))
    assert glossary_links(page) == []
    assert [dt.get_text() for dt in page.select(".column-terms dt")] == ["拡大抑止"]


def test_terms_that_do_not_auto_link_are_not_linked(client, make_term, make_column):
    make_term("抑止", "よくし", auto_link=False)
    column = make_column(body=[para("抑止が大切だ。")])
    assert glossary_links(soup(client.get(column.url))) == []


def test_publishing_a_term_updates_cached_column_bodies(client, make_term, make_column):
    column = make_column(body=[para("パトリオットを共同生産する。")])
    assert glossary_links(soup(client.get(column.url))) == []
    term = make_term("パトリオット", "ぱとりおっと")
    assert glossary_links(soup(client.get(column.url))) == [("パトリオット", term.url)]
    term.unpublish()
    assert glossary_links(soup(client.get(column.url))) == []


def test_a_cache_hit_does_no_linking(client, make_term, make_column, monkeypatch):
    from glossary.linker import Linker

    make_term("拡大抑止", "かくだいよくし")
    column = make_column(body=[para("拡大抑止の話。")])
    client.get(column.url)
    calls = []
    original = Linker.link
    monkeypatch.setattr(
        Linker, "link", lambda self, *a, **k: calls.append(1) or original(self, *a, **k)
    )
    page = soup(client.get(column.url))
    assert calls == []
    assert len(glossary_links(page)) == 1


def test_drafts_of_terms_are_never_linked(client, make_term, make_column):
    make_term("拡大抑止", "かくだいよくし", live=False)
    column = make_column(body=[para("拡大抑止の話。")])
    assert glossary_links(soup(client.get(column.url))) == []


# -- term pages -----------------------------------------------------------------------


def test_term_page_lists_live_columns_that_mention_it_newest_first(client, make_term, make_column):
    term = make_term("DICAS", "でぃーかす", aliases=["防衛産業協力・取得・維持整備定期協議"])
    old = make_column(title="古い回", date=D(2024, 1, 1), body=[para("DICASとDICASとDICAS。")])
    new = make_column(
        title="新しい回",
        date=D(2024, 6, 1),
        body=[para("防衛産業協力・取得・維持整備定期協議が開かれた。")],
    )
    make_column(title="下書き回", date=D(2024, 7, 1), body=[para("DICAS")], live=False)
    make_column(title="無関係", date=D(2024, 8, 1), body=[para("別の話題。")])

    page = soup(client.get(term.url))
    items = page.select(".term-mentions li")
    assert [li.a.get_text() for li in items] == ["新しい回", "古い回"]
    assert [li.a["href"] for li in items] == [new.url, old.url]
    assert items[1].select_one(".mention-count").get_text() == "3回登場"
    assert page.select_one(".term-mentions h2").get_text() == "この用語が登場するコラム"

    old.unpublish()
    page = soup(client.get(term.url))
    assert [li.a.get_text() for li in page.select(".term-mentions li")] == ["新しい回"]


def test_term_page_does_not_list_columns_behind_a_view_restriction(client, make_term, make_column):
    from wagtail.models import PageViewRestriction

    term = make_term("DICAS", "でぃーかす")
    make_column(title="公開の回", date=D(2024, 1, 1), body=[para("DICASの話。")])
    private = make_column(title="会員限定の回", date=D(2024, 2, 1), body=[para("DICASの話。")])
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="pw"
    )

    page = soup(client.get(term.url))
    assert [li.a.get_text() for li in page.select(".term-mentions li")] == ["公開の回"]


def test_changing_a_terms_forms_rescans_the_columns(client, make_term, make_column):
    term = make_term("日米2プラス2", "にちべいつーぷらすつー")
    column = make_column(body=[para("2+2が東京で開かれた。")])
    assert not GlossaryMention.objects.filter(term=term).exists()

    term.other_forms.add(GlossaryAlias(form="2+2"))
    term.save_revision().publish()
    assert list(GlossaryMention.objects.filter(term=term).values_list("column_id", "count")) == [
        (column.pk, 1)
    ]


def test_longest_form_wins_and_deleting_it_hands_mentions_to_the_shorter_term(
    make_term, make_column
):
    short = make_term("抑止", "よくし")
    long = make_term("拡大抑止", "かくだいよくし")
    column = make_column(body=[para("拡大抑止と抑止。")])
    mentions = dict(GlossaryMention.objects.filter(column=column).values_list("term_id", "count"))
    assert mentions == {long.pk: 1, short.pk: 1}

    long.delete()
    mentions = dict(GlossaryMention.objects.filter(column=column).values_list("term_id", "count"))
    assert mentions == {short.pk: 2}


def test_term_page_links_other_terms_but_never_itself_and_has_json_ld(client, make_term):
    other = make_term("抑止", "よくし")
    term = make_term(
        "拡大抑止",
        "かくだいよくし",
        "同盟国に抑止力を広げること。",
        aliases=["拡大抑止力"],
        body="<p>拡大抑止は抑止の一形態です。</p>",
    )
    page = soup(client.get(term.url))
    body_links = [(a.get_text(), a["href"]) for a in page.select(".term-body a.glossary-term")]
    assert body_links == [("抑止", other.url)]
    assert page.select_one(".definition").get_text() == "同盟国に抑止力を広げること。"
    assert [li.get_text() for li in page.select(".aliases li")] == ["拡大抑止力"]

    data = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    term_data = next(d for d in data if d["@type"] == "DefinedTerm")
    assert term_data["name"] == "拡大抑止"
    assert term_data["alternateName"] == ["拡大抑止力"]
    assert term_data["inDefinedTermSet"]["@type"] == "DefinedTermSet"


def test_related_terms_are_listed_when_live(client, make_term):
    from glossary.models import GlossaryRelatedTerm

    related = make_term("抑止", "よくし")
    hidden = make_term("抑止力", "よくしりょく", live=False)
    term = make_term("拡大抑止", "かくだいよくし")
    term.related_links.add(GlossaryRelatedTerm(term=related))
    term.related_links.add(GlossaryRelatedTerm(term=hidden))
    term.save_revision().publish()
    page = soup(client.get(term.url))
    assert [a.get_text() for a in page.select(".related-terms a")] == ["抑止"]


# -- the index ---------------------------------------------------------------------------


def test_index_groups_terms_by_kana_row_in_dictionary_order(client, make_term, glossary_index):
    for term, reading in [
        ("ハーグ条約", "はーぐじょうやく"),
        ("パトリオット", "ぱとりおっと"),
        ("防衛装備移転三原則", "ぼうえいそうびいてんさんげんそく"),
        ("拡大抑止", "かくだいよくし"),
        ("安全保障", "あんぜんほしょう"),
        ("DICAS", "でぃーかす"),
        ("PAC3", ""),
        ("ハブ", "はぶ"),
    ]:
        make_term(term, reading)
    make_term("下書き用語", "したがきようご", live=False)

    page = soup(client.get(glossary_index.url))
    rows = {
        section.h2.get_text(): [dt.a.get_text() for dt in section.select("dt")]
        for section in page.select("section.glossary-row")
    }
    assert list(rows) == ["あ", "か", "は", "英数字"]
    # Plain letters decide first (はあ… < はと… < はふ…); voicing only breaks ties.
    assert rows["は"] == ["ハーグ条約", "パトリオット", "ハブ", "防衛装備移転三原則"]
    assert rows["英数字"] == ["DICAS", "PAC3"]
    jump = {a.get_text(): a["href"] for a in page.select(".kana-jump a")}
    assert jump == {"あ": "#row-a", "か": "#row-ka", "は": "#row-ha", "英数字": "#row-latin"}
    assert page.select_one("#row-ha").get_text() == "は"


# -- editing rules -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "reading", "message"),
    [
        ("拡大抑止", "", "漢字やカタカナを含む用語には、ひらがなの読みが必要です。"),
        ("パトリオット", "パトリオット", "読みはひらがなで入力してください。"),
    ],
)
def test_reading_rules_speak_japanese(glossary_index, term, reading, message):
    page = GlossaryTermPage(title=term, slug="x", reading=reading, definition="説明")
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert error.value.message_dict["reading"] == [message]


def test_a_form_cannot_belong_to_two_terms(make_term, glossary_index):
    make_term("日米2プラス2", "にちべいつーぷらすつー", aliases=["2+2"])
    page = GlossaryTermPage(title="2＋2", slug="z", definition="説明")
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "すでに用語「日米2プラス2」" in error.value.message_dict["title"][0]


def test_definitions_are_at_most_200_characters(glossary_index):
    page = GlossaryTermPage(title="DICAS", slug="dicas", definition="あ" * 201)
    with pytest.raises(ValidationError) as error:
        glossary_index.add_child(instance=page)
    assert "definition" in error.value.message_dict


def test_rebuild_glossary_restores_every_mention(make_term, make_column, capsys):
    term = make_term("拡大抑止", "かくだいよくし")
    column = make_column(body=[para("拡大抑止と拡大抑止。")])
    GlossaryMention.objects.all().delete()
    call_command("rebuild_glossary")
    assert list(GlossaryMention.objects.values_list("column_id", "term_id", "count")) == [
        (column.pk, term.pk, 2)
    ]
