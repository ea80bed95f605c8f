import pytest

from glossary.models import GlossaryAlias, GlossaryIndexPage, GlossaryTermPage


@pytest.fixture
def glossary_index(home):
    return home.add_child(instance=GlossaryIndexPage(title="用語集", slug="glossary"))


@pytest.fixture
def make_term(glossary_index):
    counter = {"n": 0}

    def make(term, reading="", definition="説明です。", aliases=(), live=True, **fields):
        counter["n"] += 1
        page = GlossaryTermPage(
            title=term,
            slug=fields.pop("slug", f"term-{counter['n']}"),
            reading=reading,
            definition=definition,
            **fields,
        )
        for form in aliases:
            page.other_forms.add(GlossaryAlias(form=form))
        glossary_index.add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        else:
            page.unpublish() if page.live else None
        page.refresh_from_db()
        return page

    return make
