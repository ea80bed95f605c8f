"""Publishing, unpublishing and deleting keep the search index current at once."""

from django.urls import reverse
from wagtail.search.models import IndexEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from columns.models import ColumnPage
from glossary.models import GlossaryAlias


def found(query, model=ColumnPage):
    return [page.title for page in model.objects.live().search(query)]


def test_publishing_a_new_version_replaces_the_old_words(make_column):
    column = make_column(title="日米の協議", body=[("paragraph", "<p>旧い本文。</p>")])
    assert found("協議") == ["日米の協議"]

    column.title = "抑止をめぐる対話"
    column.body = [("paragraph", "<p>改訂した本文では防衛装備を扱う。</p>")]
    column.save_revision().publish()

    assert found("協議") == []
    assert found("対話") == ["抑止をめぐる対話"]
    assert found("防衛装備") == ["抑止をめぐる対話"]


def test_tags_set_in_the_admin_are_searchable_once_published(client, django_user_model, series):
    client.force_login(django_user_model.objects.create_superuser("ed", "e@example.com", "pw"))
    data = nested_form_data(
        {
            "title": "新しいコラム",
            "slug": "",
            "publication_date": "2024-09-01",
            "lead": "リード文",
            "hero_alt": "",
            "hero_caption": "",
            "body": streamfield([("heading", {"text": "見出し", "level": "h2"})]),
            "tags": "経済安全保障, 日米同盟",
            "curated_back_numbers": inline_formset([]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    url = reverse("wagtailadmin_pages:add", args=("columns", "columnpage", series.pk))
    assert client.post(url, data).status_code == 302
    assert found("日米同盟") == ["新しいコラム"]
    assert found("経済安全保障") == ["新しいコラム"]


def test_a_new_alias_of_a_term_is_searchable_once_published(make_term):
    from glossary.models import GlossaryTermPage

    term = make_term("日米安全保障協議委員会", reading="にちべいあんぜんほしょうきょうぎいいんかい")
    assert found("2プラス2", GlossaryTermPage) == []

    term.other_forms.add(GlossaryAlias(form="日米2プラス2"))
    term.save_revision().publish()
    assert found("2プラス2", GlossaryTermPage) == ["日米安全保障協議委員会"]


def test_unpublished_columns_leave_the_reader_search(client, make_column):
    column = make_column(title="撤回されるコラム")
    assert client.get("/search/suggest/", {"q": "撤回"}).json()["results"]
    column.unpublish()
    assert found("撤回") == []
    assert client.get("/search/suggest/", {"q": "撤回"}).json() == {"results": []}


def test_deleted_columns_leave_the_index(make_column):
    column = make_column(title="削除されるコラム")
    entries = IndexEntry.objects.filter(object_id=str(column.pk))
    assert entries.exists()
    column.delete()
    assert not entries.exists()
    assert found("削除") == []
