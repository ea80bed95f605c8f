"""XSS through the admin: what editors and promo staff type is stored inert and shown as text.

The sample of the nastiest payloads goes through the real admin forms (column,
glossary term, LINE promo); the rich text editor's converter cleans what it
stores, and the public pages that show the result hold no executable script.
"""

import json

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from columns.models import ColumnPage
from columns.promos import LinePromo
from glossary.models import GlossaryIndexPage, GlossaryTermPage
from tests.test_promos_admin import promo_form

from .checks import PAYLOADS, SAMPLE, find_violations, parse

LINK_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    " javascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
]


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(user)
    return client


def form_defaults(admin, url):
    """The values the admin form at ``url`` would post untouched."""
    soup = parse(admin.get(url).content)
    data = {}
    for field in soup.find_all(["input", "select", "textarea"]):
        name, kind = field.get("name"), field.get("type", "text")
        if not name or kind in ("submit", "button", "file"):
            continue
        if kind in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.name == "select":
            option = field.find("option", selected=True)
            data[name] = option.get("value", "") if option else ""
        elif field.name == "textarea":
            data[name] = field.get_text()
        else:
            data[name] = field.get("value", "")
    return data


def contentstate(texts, urls=()):
    """Draftail's format: one paragraph per text; the first link URLs on the first texts."""
    blocks, entities = [], {}
    for n, text in enumerate(texts):
        ranges = []
        if n < len(urls):
            entities[str(n)] = {"type": "LINK", "mutability": "MUTABLE", "data": {"url": urls[n]}}
            ranges = [{"offset": 0, "length": len(text), "key": n}]
        blocks.append(
            {
                "key": f"b{n}",
                "type": "unstyled",
                "depth": 0,
                "text": text,
                "inlineStyleRanges": [],
                "entityRanges": ranges,
            }
        )
    return json.dumps({"blocks": blocks, "entityMap": entities})


def sample(code):
    return [f"[{i:03d}{code}]{PAYLOADS[i]}" for i in SAMPLE]


def assert_inert(client, url, where):
    response = client.get(url)
    assert response.status_code == 200, where
    problems = find_violations(response.content, where=where)
    assert not problems, "\n".join(problems)
    return parse(response.content)


def test_column_written_in_the_admin(admin, client, series):
    url = reverse("wagtailadmin_pages:add", args=("columns", "columnpage", series.pk))
    payloads = [PAYLOADS[i] for i in SAMPLE]
    data = form_defaults(admin, url)
    data.update(
        nested_form_data(
            {
                "title": payloads[0] + payloads[5],
                "slug": "",
                "publication_date": "2024-09-01",
                "lead": "".join(payloads[:4]),
                "hero_alt": payloads[7],
                "hero_caption": payloads[10],
                "body": streamfield(
                    [
                        ("heading", {"text": payloads[9][:120], "level": "h2"}),
                        ("paragraph", contentstate(sample("pt"), LINK_URLS)),
                        ("quote", {"text": payloads[16], "attribution": payloads[6]}),
                    ]
                ),
                "tags": ", ".join(f'"{p}"' for p in payloads[:6]),
                "curated_back_numbers": inline_formset([]),
                "comments": inline_formset([]),
                "action-publish": "action-publish",
            }
        )
    )
    response = admin.post(url, data)
    assert response.status_code == 302, parse(response.content).select(".error-message")
    column = ColumnPage.objects.get(slug="20240901")
    assert column.live

    # The editor's converter stored the typed markup as text and dropped the bad links.
    source = "".join(b.value.source for b in column.body if b.block_type == "paragraph")
    stored = parse(source)
    assert not find_violations(stored, where="stored paragraph")
    assert [p.get_text() for p in stored.find_all("p")] == sample("pt")
    assert not [a["href"] for a in stored.find_all("a") if a.has_attr("href")]

    client.logout()
    soup = assert_inert(client, column.url, "column written in the admin")
    assert soup.find("h1").get_text() == payloads[0] + payloads[5]
    assert soup.select_one(".column-body h2").get_text() == payloads[9][:120]
    shown = [p.get_text() for p in soup.select(".column-body p")]
    assert all(text in shown for text in sample("pt"))


def test_glossary_term_written_in_the_admin(admin, client, home, make_column):
    glossary = home.add_child(instance=GlossaryIndexPage(title="用語集", slug="glossary"))
    url = reverse("wagtailadmin_pages:add", args=("glossary", "glossarytermpage", glossary.pk))
    payloads = [PAYLOADS[i] for i in SAMPLE]
    forms = [f"別名{n}{p}"[:100] for n, p in enumerate(payloads[:8])]
    data = form_defaults(admin, url)
    fields = {
        "title": "拡大抑止" + payloads[19],
        "slug": "kakudai",
        "reading": "かくだいよくし",
        "definition": payloads[21][:200],
        "body": contentstate(sample("tb"), LINK_URLS),
        "other_forms": inline_formset([{"form": form} for form in forms]),
        "related_links": inline_formset([]),
        "comments": inline_formset([]),
        "auto_link": "on",
        "action-publish": "action-publish",
    }

    # Markup is no reading: the form refuses it.
    data.update(nested_form_data({**fields, "reading": payloads[1][:100]}))
    response = admin.post(url, data)
    assert response.status_code == 200
    assert not GlossaryTermPage.objects.exists()

    data.update(nested_form_data(fields))
    response = admin.post(url, data)
    assert response.status_code == 302, parse(response.content).select(".error-message")
    term = GlossaryTermPage.objects.get(slug="kakudai")
    assert term.live and term.alias_forms() == forms

    column = make_column(
        body=[("paragraph", f"<p>{'、'.join([term.title, *forms]).replace('<', '&lt;')}</p>")]
    )
    client.logout()
    soup = assert_inert(client, term.url, "term written in the admin")
    assert soup.find("h1").get_text() == term.title
    assert [li.get_text() for li in soup.select("ul.aliases li")] == forms
    soup = assert_inert(client, column.url, "column linking the term")
    link = soup.select_one(".column-body a.glossary-term")
    assert link is not None and link.get_text() == term.title
    assert soup.find(id=link["aria-describedby"]).get_text() == term.definition


def test_line_promo_written_in_the_admin(admin, client, make_column):
    url = reverse("wagtailsnippets_columns_linepromo:add")
    payloads = [PAYLOADS[i] for i in SAMPLE]
    data = form_defaults(admin, url)
    fields = {
        "name": payloads[0][:100],
        "heading": payloads[5][:80],
        "body": "\n".join(payloads[:6]),
        "button_label": payloads[1][:30],
        "image_alt": payloads[7],
        "action-publish": "action-publish",
    }
    # Neither a LINE ID nor the friend-add URL can carry markup or a script URL.
    for bad in ({"line_id": payloads[7][:41]}, {"url": "javascript:alert(1)//line.me"}):
        data.update(promo_form(**{**fields, **bad}))
        assert admin.post(url, data).status_code == 200
        assert not LinePromo.objects.exists()

    data.update(promo_form(**fields))
    response = admin.post(url, data)
    assert response.status_code == 302, parse(response.content).select(".error-message")
    promo = LinePromo.objects.get()
    assert promo.live

    column = make_column()
    client.logout()
    soup = assert_inert(client, column.url, "column with the promo")
    assert soup.select_one(".line-promo__heading").get_text() == fields["heading"]
    assert soup.select_one(".line-promo__button").get_text() == fields["button_label"]
