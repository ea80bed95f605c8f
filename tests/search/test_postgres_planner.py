"""The PostgreSQL search switches planner settings for one statement and restores them.

The search page finds matching index entries with sequential and plain index scans
off (columns/search_backend.py). Inside a request's transaction, a setting left off
would slow down every later query of that request, so it must be back on after the
search, with or without an enclosing transaction.
"""

import pytest
from django.db import connection, transaction

from columns.models import ColumnPage

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="planner settings exist on PostgreSQL only"
)

SETTINGS = ("enable_seqscan", "enable_indexscan")


def planner():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s), current_setting(%s)", SETTINGS)
        return cursor.fetchone()


def test_settings_restored_inside_an_enclosing_transaction(corpus):
    assert connection.in_atomic_block  # the test's own transaction
    assert planner() == ("on", "on")
    found = [p.title for p in ColumnPage.objects.live().search("拡大抑止")]
    assert found  # the two-step search ran and found the column
    assert planner() == ("on", "on")


def test_a_setting_changed_by_the_site_survives_the_search(corpus):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_indexscan = off")
    assert list(ColumnPage.objects.live().search("パトリオット"))
    assert planner() == ("on", "off")


@pytest.mark.django_db(transaction=True)
def test_settings_untouched_outside_a_transaction():
    # No pages needed: the first step runs with its settings switched whatever it finds.
    # (Transactional tests start from emptied tables, without the root page.)
    assert not connection.in_atomic_block
    assert list(ColumnPage.objects.live().search("防衛装備")) == []
    assert planner() == ("on", "on")
    with transaction.atomic():
        assert list(ColumnPage.objects.live().search("防衛装備")) == []
        assert planner() == ("on", "on")
