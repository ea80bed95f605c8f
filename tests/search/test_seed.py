"""The publisher's real column, imported as editors do, is found by its key words."""

import pytest

from columns.importer import import_file
from columns.models import ColumnPage


@pytest.mark.parametrize("query", ["拡大抑止", "パトリオット", "防衛装備", "2プラス2", "DICAS"])
def test_the_imported_seed_column_is_found(home, seed_file, client, query):
    import_file(seed_file)
    column = ColumnPage.objects.get()

    assert [page.pk for page in ColumnPage.objects.live().search(query)] == [column.pk]

    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert column.url in response.content.decode()
