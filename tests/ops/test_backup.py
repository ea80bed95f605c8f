"""Backups: the demo site goes through pg_dump and pg_restore (docs/OPERATIONS.md)
and comes back with every row and every page identical."""

import io
import re
import shutil
import subprocess
import tarfile
import urllib.parse

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from psycopg import sql
from wagtail.models import Page

from columns.models import ColumnPage
from columns.promos import LinePromo

from .conftest import AppServer, redis_cli, server_database_url

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NONCE = re.compile(r' nonce="[^"]*"')


def table_digests(url):
    """{table: (rows, md5 of all rows in primary-key order)} for every table."""
    digests = {}
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        for table in tables:
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, E'\n' ORDER BY t::text), ''))"
                " FROM {} t"
            ).format(sql.Identifier(table))
            count, digest = conn.execute(query).fetchone()
            digests[table] = (count, digest)
    return digests


def render_all(server, paths):
    pages = {}
    for path in paths:
        status, html, _ = server.get(path)
        pages[path] = (status, NONCE.sub("", html))
    return pages


@pytest.fixture
def restored_database():
    name = connection.settings_dict["NAME"] + "_restored"
    admin_url = server_database_url().rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    yield name
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_demo_site_survives_dump_and_restore(
    services, static_root, restored_database, tmp_path, client
):
    call_command("load_demo", stdout=io.StringIO())
    # Readers clicked some promos: the counts are part of what must come back.
    promo = LinePromo.objects.filter(live=True).first()
    column = ColumnPage.objects.live().first()
    for _ in range(3):
        client.get(
            f"/promo/{promo.pk}/go/?from={column.pk}",
            HTTP_USER_AGENT="Mozilla/5.0 (iPhone) Safari",
        )
    live = Page.objects.live().specific()
    paths = sorted({urllib.parse.quote(page.url, safe="/%") for page in live if page.url})
    paths += ["/glossary/", "/sitemap.xml", "/global-trend/feed/"]

    # The media folder is backed up beside the database, as the procedure says.
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    (var_dir / "static").symlink_to(static_root / "static")
    shutil.copytree(settings.MEDIA_ROOT, var_dir / "media")

    original_url = server_database_url()
    redis_cli("flushdb")
    before = AppServer(var_dir, original_url)
    try:
        # Rendered once before the dump, so the image renditions are in it.
        original = render_all(before, paths)
    finally:
        before.stop()
    assert all(status == 200 for status, _ in original.values()), {
        p: s for p, (s, _) in original.items() if s != 200
    }

    dump = tmp_path / "columns.dump"
    media_archive = tmp_path / "media.tar.gz"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-acl", f"--file={dump}", original_url],
        check=True,
        timeout=300,
    )
    with tarfile.open(media_archive, "w:gz") as archive:
        archive.add(var_dir / "media", arcname="media")

    # Restore on a new database and a new media folder.
    restored_url = original_url.rsplit("/", 1)[0] + "/" + restored_database
    subprocess.run(
        [
            "createdb",
            "-h",
            "127.0.0.1",
            "-U",
            connection.settings_dict["USER"] or "postgres",
            restored_database,
        ],
        check=True,
        timeout=60,
    )
    subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "--no-acl",
            "--exit-on-error",
            f"--dbname={restored_url}",
            str(dump),
        ],
        check=True,
        timeout=300,
    )
    restored_var = tmp_path / "restored-var"
    restored_var.mkdir()
    (restored_var / "static").symlink_to(static_root / "static")
    with tarfile.open(media_archive) as archive:
        archive.extractall(restored_var, filter="data")

    assert table_digests(restored_url) == table_digests(original_url)

    redis_cli("flushdb")
    after = AppServer(restored_var, restored_url)
    try:
        restored = render_all(after, paths)
    finally:
        after.stop()
        redis_cli("flushdb")
    for path in paths:
        assert restored[path] == original[path], f"{path} differs after the restore"
