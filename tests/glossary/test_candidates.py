"""Term candidates: phrases in 「」 quoted by several live columns that are not terms yet."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import GroupPagePermission

from glossary.candidates import html_text, quoted_phrases
from glossary.candidates_report import candidate_count, candidates
from glossary.models import GlossaryTermPage

DEMO_TERMS = Path(__file__).resolve().parents[2] / "glossary" / "demo" / "terms.csv"

# -- extraction (pure) ----------------------------------------------------------------------


def test_phrases_in_brackets_in_order_with_repeats():
    text = "「同志国」と連携し、「経済安全保障」を進める。再び「同志国」。"
    assert quoted_phrases(text) == ["同志国", "経済安全保障", "同志国"]


def test_phrases_are_trimmed():
    assert quoted_phrases("「 同志国　」") == ["同志国"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("「円」", id="one character"),
        pytest.param("「」「  」", id="empty"),
        pytest.param("「" + "あ" * 31 + "」", id="longer than 30"),
        pytest.param("「しばらく円安が続きそうだ。」", id="sentence"),
        pytest.param("「止まらない｡」", id="half-width full stop"),
        pytest.param("同志国」と「経済", id="unmatched brackets"),
    ],
)
def test_phrases_that_are_not_candidates(text):
    assert quoted_phrases(text) == []


def test_length_limits_are_inclusive():
    assert quoted_phrases("「円安」「" + "あ" * 30 + "」") == ["円安", "あ" * 30]


def test_nested_quotes_keep_the_inner_phrase_only():
    assert quoted_phrases("「「同志国」という言葉」") == ["同志国"]
    assert quoted_phrases("「彼は『同志国』と言った」") == []


def test_a_phrase_does_not_span_lines():
    assert quoted_phrases("「書きかけ\n次の段落」と「同志国」") == ["同志国"]


def test_html_text_puts_blocks_on_lines_and_decodes_entities():
    html = "<p>「同志国</p><p>と」</p><p>「R&amp;D」は<b>「研究開発」</b></p>"
    text = html_text(html)
    assert quoted_phrases(text) == ["R&D", "研究開発"]


# -- the report -------------------------------------------------------------------------------


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


@pytest.fixture
def index(glossary_index):
    return glossary_index


def listed(phrase):
    return next((c for c in candidates() if c.phrase == phrase), None)


def test_a_phrase_in_two_live_columns_is_listed(make_column):
    first = make_column(
        title="経済安全保障とは", body=paragraph("「同志国」と組む。「同志国」は増えた。")
    )
    second = make_column(title="同盟の今", lead="「同志国」との関係。", body=paragraph("本文。"))

    candidate = listed("同志国")

    assert candidate is not None
    assert candidate.column_count == 2
    assert candidate.occurrences == 3
    assert {c.pk for c in candidate.columns} == {first.pk, second.pk}
    assert set(candidate.column_titles) == {"経済安全保障とは", "同盟の今"}
    assert candidate_count() == 1


def test_titles_and_headings_count(make_column):
    make_column(title="「好循環」は来るか")
    make_column(body=[("heading", {"text": "「好循環」の条件", "level": "h2"})])
    assert listed("好循環").column_count == 2


def test_a_phrase_in_one_column_is_not_listed(make_column):
    make_column(body=paragraph("「産業のコメ」と呼ばれる。「産業のコメ」だ。"))
    make_column(body=paragraph("関係のない本文。"))
    assert listed("産業のコメ") is None


def test_draft_columns_do_not_count(make_column):
    make_column(body=paragraph("「デリスキング」が進む。"))
    make_column(body=paragraph("「デリスキング」とは。"), live=False)
    assert listed("デリスキング") is None


def test_width_and_case_variants_are_one_phrase(make_column):
    make_column(body=paragraph("「ＦＯＩＰ」を掲げる。"))
    make_column(body=paragraph("「FOIP」を掲げる。「FOIP」だ。"))
    candidate = listed("FOIP")
    assert candidate.column_count == 2 and candidate.occurrences == 3


def test_terms_and_their_aliases_are_not_listed(make_column, make_term):
    make_term("パトリオット", "ぱとりおっと", aliases=["PAC3"])
    make_term("同志国", "どうしこく", live=False)  # a draft term is a term already
    for _ in range(2):
        make_column(
            body=paragraph("「ＰＡＣ３」と「パトリオット」と「同志国」と「経済安全保障」。")
        )
    assert [c.phrase for c in candidates()] == ["経済安全保障"]


def test_a_new_term_drops_out_at_once(make_column, make_term):
    for _ in range(2):
        make_column(body=paragraph("「経済安全保障」。"))
    assert candidate_count() == 1
    make_term("経済安全保障", "けいざいあんぜんほしょう")
    assert candidate_count() == 0


def test_publishing_a_column_refreshes_the_list(make_column):
    make_column(body=paragraph("「同志国」。"))
    assert candidate_count() == 0
    make_column(body=paragraph("「同志国」。"))
    assert candidate_count() == 1


def test_sorted_by_column_count_then_phrase(make_column):
    make_column(body=paragraph("「同志国」「経済安全保障」「核の傘」"))
    make_column(body=paragraph("「同志国」「経済安全保障」「核の傘」"))
    make_column(body=paragraph("「核の傘」"))
    assert [c.phrase for c in candidates()] == ["核の傘", "同志国", "経済安全保障"]


# -- the admin report -------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.com", "pw"))
    return client


def report_url():
    return reverse("glossary_admin:candidates")


def test_report_lists_phrases_with_links_to_the_columns(admin_client, make_column):
    first = make_column(title="一本目", body=paragraph("「同志国」と組む。"))
    make_column(title="二本目", body=paragraph("「同志国」と組む。「同志国」だ。"))

    response = admin_client.get(report_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "同志国" in html
    assert reverse("wagtailadmin_pages:edit", args=[first.pk]) in html
    assert "一本目" in html and "二本目" in html
    assert ">3<" in html.replace(" ", "").replace("\n", "")


def test_report_exports_csv(admin_client, make_column):
    for title in ("一本目", "二本目"):
        make_column(title=title, body=paragraph("「同志国」と組む。"))
    response = admin_client.get(report_url() + "?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert "同志国,2,2," in body


def test_report_needs_change_permission_on_terms(client, django_user_model, index):
    assert client.get(report_url()).status_code == 302  # to the login page

    user = django_user_model.objects.create_user("editor", "e@example.com", "pw")
    group = Group.objects.create(name="editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    response = client.get(report_url())
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")

    GroupPagePermission.objects.create(group=group, page=index, permission_type="change")
    assert client.get(report_url()).status_code == 200


def test_demo_columns_yield_candidates(db):
    # The demo loads its glossary too: quoted phrases that are terms drop out.
    call_command("load_demo", verbosity=0)
    after = {c.phrase for c in candidates()}
    assert {"サプライチェーンの強靱化", "戦略物資", "金利のある世界"} <= after
    assert not {"経済安全保障", "同志国", "拡大抑止"} & after
    forms = {form for page in GlossaryTermPage.objects.all() for form in page.forms()}
    assert not after & forms

    # Unpublishing a term's page does not make it a candidate: it is still a term.
    GlossaryTermPage.objects.get(title="同志国").unpublish()
    assert "同志国" not in {c.phrase for c in candidates()}
