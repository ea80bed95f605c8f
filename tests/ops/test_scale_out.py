"""Two app servers share one PostgreSQL and one Redis: what an editor publishes
through one is what readers get from the other, at the next request."""

import json
from urllib.parse import quote

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from columns.models import ColumnPage
from glossary.models import GlossaryIndexPage, GlossaryTermPage

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def draftjs(text):
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a",
                    "type": "unstyled",
                    "depth": 0,
                    "text": text,
                    "inlineStyleRanges": [],
                    "entityRanges": [],
                }
            ],
            "entityMap": {},
        },
        ensure_ascii=False,
    )


def column_form(csrf, title, text):
    return nested_form_data(
        {
            "csrfmiddlewaretoken": csrf,
            "title": title,
            "slug": "",
            "publication_date": "2024-09-01",
            "lead": "二台のサーバーで確かめるリード文",
            "hero_alt": "",
            "hero_caption": "",
            "body": streamfield([("paragraph", draftjs(text))]),
            "tags": "運用",
            "glossary_links": "on",
            "curated_back_numbers": inline_formset([]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )


def term_form(csrf, term, reading, definition):
    return nested_form_data(
        {
            "csrfmiddlewaretoken": csrf,
            "title": term,
            "slug": "yokushiryoku",
            "reading": reading,
            "definition": definition,
            "body": draftjs("詳しい説明"),
            "other_forms": inline_formset([]),
            "related_links": inline_formset([]),
            "auto_link": "on",
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )


@pytest.fixture
def site(home, series, make_column, django_user_model):
    user = django_user_model.objects.create_superuser("chief", "chief@example.com")
    # Hashed as production checks it (the test settings hash with MD5 for speed).
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode("pw-chief", hasher.salt(), iterations=1000)
    user.save()
    glossary = home.add_child(instance=GlossaryIndexPage(title="用語集", slug="glossary"))
    existing = make_column(title="既にあるコラム", tags=["運用"])
    return {"series": series, "glossary": glossary, "existing": existing}


def test_what_one_server_publishes_the_other_serves_at_the_next_request(app_servers, site):
    a, b = app_servers(2)
    series_url = site["series"].url

    # Readers on B see (and B caches) the series as it is.
    status, html, _ = b.get(series_url)
    assert status == 200 and "既にあるコラム" in html
    assert b.get(site["existing"].url)[0] == 200

    # An editor publishes a new column through A.
    a.login("chief", "pw-chief")
    add = reverse("wagtailadmin_pages:add", args=("columns", "columnpage", site["series"].pk))
    status, body, _ = a.request(
        "POST", add, column_form(a.csrf_token(add), "二台目から見えるコラム", "抑止力の話")
    )
    assert status == 302, body[:3000]
    column = ColumnPage.objects.get(title="二台目から見えるコラム")
    assert column.live

    # B: the series index, the new column, its tag page and the older column's
    # back numbers all show it at once.
    status, html, _ = b.get(series_url)
    assert "二台目から見えるコラム" in html
    status, html, _ = b.get(column.url)
    assert status == 200 and "抑止力の話" in html
    assert "二台目から見えるコラム" in b.get(site["existing"].url)[1]
    assert "二台目から見えるコラム" in b.get(quote("/tags/運用/"))[1]

    # A glossary term published through A is linked in the column on B: B's
    # glossary automaton follows the shared glossary version.
    assert 'class="glossary-term"' not in b.get(column.url)[1]
    add_term = reverse(
        "wagtailadmin_pages:add", args=("glossary", "glossarytermpage", site["glossary"].pk)
    )
    status, body, _ = a.request(
        "POST",
        add_term,
        term_form(
            a.csrf_token(add_term), "抑止力", "よくしりょく", "相手に攻撃を思いとどまらせる力。"
        ),
    )
    assert status == 302, body[:3000]
    term = GlossaryTermPage.objects.get(title="抑止力")
    status, html, _ = b.get(column.url)
    assert f'data-term-id="{term.pk}"' in html
    assert "相手に攻撃を思いとどまらせる力。" in html
    status, html, _ = b.get(term.url)
    assert "二台目から見えるコラム" in html  # 「この用語が登場するコラム」

    # Unpublished through A: gone from B's pages at the next request.
    unpublish = reverse("wagtailadmin_pages:unpublish", args=(column.pk,))
    status, body, _ = a.request("POST", unpublish, {"csrfmiddlewaretoken": a.csrf_token(unpublish)})
    assert status == 302, body[:3000]
    assert b.get(column.url)[0] == 404
    assert "二台目から見えるコラム" not in b.get(series_url)[1]
    assert "二台目から見えるコラム" not in b.get(site["existing"].url)[1]
    assert "二台目から見えるコラム" not in b.get(term.url)[1]
