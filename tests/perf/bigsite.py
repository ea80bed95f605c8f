"""Build the large site the load benchmarks run against (run on demand).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python tests/perf/bigsite.py [--columns 10000] [--terms 5000] [--tags 2000]

Creates the PostgreSQL database ``columns_load`` on that server (dropped first
if it exists) and fills it through the models, as editors would have: a home
page, 5 series, --columns live columns (each with a revision, about 3,000
characters of Japanese body with headings, 3 tags, some glossary forms), a
glossary of --terms live terms (a third with an alias) and --tags tags. Pages are
written in bulk (see bulk_pages) and not search-indexed (the load benchmarks
do not search); glossary mentions are left to ``rebuild_glossary``, which
bench_load.py times.

Prints the database URL to use with bench_load.py.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

LOAD_DB = "columns_load"
SERIES = ["GLOBAL&TREND", "経済の羅針盤", "テックの現場", "地域から見る世界", "歴史の教室"]


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres"
        )
    return url


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def recreate_database(url: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {LOAD_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {LOAD_DB}")
    return with_database(url, LOAD_DB)


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.conf import settings

    for backend in settings.WAGTAILSEARCH_BACKENDS.values():
        backend["AUTO_UPDATE"] = False


def paragraph(rng: random.Random, words: list[str], forms: list[str], chars: int) -> str:
    out, size = [], 0
    while size < chars:
        sentence = "".join(
            rng.choice(forms) if rng.random() < 0.04 else rng.choice(words)
            for _ in range(rng.randint(6, 14))
        )
        sentence += rng.choice(["である。", "とされる。", "と述べた。", "が注目される。"])
        out.append(sentence)
        size += len(sentence)
    return "".join(out)


def bulk_pages(parent, model, pages, step=None):
    """Insert live child pages of ``parent`` in bulk, each with a published revision.

    Wagtail's add_child validates and indexes one page at a time (tens of queries
    each); a benchmark site of 15,000 pages is built directly instead: the tree
    rows in bulk, the page type's own table with ``save_base(raw=True)`` (only
    that table, as fixtures load), and revisions in bulk.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Locale, Page, Revision

    content_type = ContentType.objects.get_for_model(model)
    page_type = ContentType.objects.get_for_model(Page)
    locale = Locale.get_default()
    base = parent.get_children().count()  # a new parent: its children are numbered 1…n
    now = timezone.now()
    rows = []
    for i, page in enumerate(pages, start=base + 1):
        page.path = Page._get_path(parent.path, parent.depth + 1, i)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.content_type = content_type
        page.locale = locale
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.first_published_at
        rows.append(
            Page(
                **{
                    f.attname: getattr(page, f.attname)
                    for f in Page._meta.concrete_fields
                    if f.attname != "id"
                }
            )
        )
    created = Page.objects.bulk_create(rows, batch_size=1000)
    for page, row in zip(pages, created, strict=True):
        page.pk = page.page_ptr_id = row.pk
        page.translation_key = row.translation_key
        page.save_base(raw=True)
    Page.objects.filter(pk=parent.pk).update(numchild=base + len(pages))
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=content_type,
                base_content_type=page_type,
                object_id=str(page.pk),
                object_str=page.title,
                created_at=now,
                content=page.serializable_data(),
            )
            for page in pages
        ],
        batch_size=500,
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.live_revision_id = page.latest_revision_id = revision.pk
    Page.objects.bulk_update(pages, ["live_revision", "latest_revision"], batch_size=1000)
    if step:
        step(f"{len(pages):,} {model._meta.verbose_name_plural} under {parent.title}")


def build(args) -> None:
    from bench_linker import make_terms
    from django.db import transaction
    from wagtail.models import Page, Site

    from columns.models import ColumnPage, ColumnPageTag, ColumnSeriesIndexPage, ColumnTag, HomePage
    from glossary.linking import bump_version
    from glossary.models import GlossaryAlias, GlossaryIndexPage, GlossaryTermPage

    rng = random.Random(2026)
    started = time.perf_counter()

    def step(label: str) -> None:
        print(f"{time.perf_counter() - started:7.1f} s  {label}", flush=True)

    Site.objects.all().delete()
    Page.objects.filter(depth=2).delete()
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="コラム", slug="home"))
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    glossary = home.add_child(instance=GlossaryIndexPage(title="用語集", slug="glossary"))
    series = [
        home.add_child(instance=ColumnSeriesIndexPage(title=title, slug=f"series-{i + 1}"))
        for i, title in enumerate(SERIES)
    ]
    step("home, glossary index and series")

    terms = make_terms(args.terms, seed=5)
    forms = [f for t in terms for f in t.forms]
    with transaction.atomic():
        pages = [
            GlossaryTermPage(
                title=term.forms[0],
                slug=f"term-{i + 1}",
                reading="よみ",
                definition=f"{term.forms[0]}の短い説明。",
            )
            for i, term in enumerate(terms)
        ]
        bulk_pages(glossary, GlossaryTermPage, pages, step)
        GlossaryAlias.objects.bulk_create(
            GlossaryAlias(term_id=page.pk, form=form, sort_order=k)
            for page, term in zip(pages, terms, strict=True)
            for k, form in enumerate(term.forms[1:])
        )
        bump_version()  # what publishing a term does
    step(f"{args.terms:,} terms with their aliases")

    tags = ColumnTag.objects.bulk_create(
        ColumnTag(name=f"タグ{i + 1:04d}", slug=f"タグ{i + 1:04d}") for i in range(args.tags)
    )
    step(f"{args.tags:,} tags")

    words = ["日米", "同盟", "抑止", "防衛", "政策", "経済", "安全保障", "会議", "協力", "地域"]
    words += ["では", "において", "として", "について", "から", "まで", "の", "が", "を", "に"]
    start = datetime.date(2000, 1, 1)
    epoch = datetime.datetime(2000, 1, 1, 9, tzinfo=datetime.UTC)
    per_series = args.columns // len(series)
    for s_index, parent in enumerate(series):
        pages = []
        for k in range(per_series):
            n = s_index * per_series + k
            body = []
            for h in range(3):
                body.append(("heading", {"text": f"見出し{h + 1}", "level": "h2"}))
                body.append(("paragraph", f"<p>{paragraph(rng, words, forms, 500)}</p>"))
                body.append(("paragraph", f"<p>{paragraph(rng, words, forms, 500)}</p>"))
            pages.append(
                ColumnPage(
                    title=f"コラム{n + 1:05d} {rng.choice(forms)}と{rng.choice(words)}",
                    slug=f"c{n + 1:05d}",
                    publication_date=start + datetime.timedelta(days=n),
                    first_published_at=epoch + datetime.timedelta(days=n),
                    lead=paragraph(rng, words, forms, 100)[:200],
                    body=body,
                )
            )
        with transaction.atomic():
            bulk_pages(parent, ColumnPage, pages)
            ColumnPageTag.objects.bulk_create(
                ColumnPageTag(tag=tag, content_object_id=page.pk)
                for page in pages
                for tag in rng.sample(tags, 3)
            )
        step(f"series {s_index + 1}: {per_series:,} columns")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--columns", type=int, default=10_000)
    parser.add_argument("--terms", type=int, default=5_000)
    parser.add_argument("--tags", type=int, default=2_000)
    args = parser.parse_args()
    url = recreate_database(database_url())
    setup_django(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    build(args)
    print(f"DATABASE_URL={url}")


if __name__ == "__main__":
    main()
