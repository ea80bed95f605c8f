"""Benchmark of the Japanese site search (run on demand; not collected by pytest).

    .venv/bin/python tests/perf/bench_search.py [--columns 2000] [--chars 4000] [--runs 20]
    .venv/bin/python tests/perf/bench_search.py --tokenising-only
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/columns \
        .venv/bin/python tests/perf/bench_search.py

Without DATABASE_URL it runs on a new SQLite file in a temporary folder. With a
PostgreSQL URL it works in its own database on that server, named after the
URL's with ``_bench`` appended (``columns_bench`` above): created afresh (dropped
first if it exists) and dropped at the end. It touches no other database.

1. Tokenising: columns.japanese.tokens over the generated texts and over the demo
   columns' natural text, in MB per second, where MB is a million bytes of the
   text in UTF-8 (3 bytes a kana or kanji), both in wall time and in the thread's
   CPU time (which a busy machine's other processes do not add to). Interleaved
   with it, in blocks, SudachiPy's own tokenize() on each whole text, for scale:
   the same analyser with nothing around it (tokens() gives it a few lines at a
   time, which is quicker; see columns/japanese.py).
2. Indexing: the generated columns (about --chars characters of Japanese each:
   lead, headings, paragraphs, tags) written to the search index in batches of 100,
   as ``update_index`` does; columns and MB per second.
3. Queries: the reader's search page path (count, then the first 10 results) for
   one- and two-word queries, common and rare words, and words that match nothing;
   and the autocomplete path (first 16 titles). Median and p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

BENCH_SUFFIX = "_bench"

# Words planted now and then (each in about one column in twenty), for rare-word queries.
RARE = ["拡大抑止", "パトリオット", "防衛装備", "2プラス2", "DICAS", "ＰＡＣ３"]
DEMO_DIR = ROOT / "columns" / "demo" / "columns"


def vocabulary() -> tuple[list[str], list[int], set[str]]:
    """Words of the demo columns with their counts, and the function words among them.

    Generated text drawn from them has the demo columns' mix of particles, common
    and rare words, so words are in some columns, not in all of them.
    """
    from collections import Counter

    from sudachipy import Dictionary

    tokenizer = Dictionary(dict="core").tokenizer(mode="C")
    counts, function_words = Counter(), set()
    for path in sorted(DEMO_DIR.glob("*.txt")):
        for line in path.read_text().splitlines()[3:]:
            for morpheme in tokenizer.tokenize(line):
                pos = morpheme.part_of_speech()[0]
                if pos in ("空白", "補助記号") or not morpheme.surface().strip():
                    continue
                counts[morpheme.surface()] += 1
                if pos in ("助詞", "助動詞", "接尾辞"):
                    function_words.add(morpheme.surface())
    words = sorted(counts)
    return words, [counts[w] for w in words], function_words


QUERIES = [
    "日米",  # common in the demo columns
    "経済",
    "安全保障",
    "物価",
    "拡大抑止",  # rare (about 5% of columns)
    "パトリオット",
    "PAC3",
    "防衛装備",
    "2プラス2",
    "DICAS",
    "日米 経済",  # two words
    "拡大抑止 日米",
    "円安 物価",
    "存在しない語",  # nothing
    "量子暗号",
]
AUTOCOMPLETE = ["日米", "拡大抑", "パトリ", "サプライチェー", "コラム1"]


def make_text(rng: random.Random, chars: int, vocab) -> tuple[list[str], list[str]]:
    """Paragraphs and headings of about ``chars`` characters from the demo vocabulary.

    Each column uses function words and a random third of the other words, so
    that, as in real columns, a topic's words are in some columns only.
    """
    words, weights, function_words = vocab
    keep = [w in function_words or rng.random() < 0.33 for w in words]
    topic = [w for w, k in zip(words, keep, strict=True) if k]
    topic_weights = [c for c, k in zip(weights, keep, strict=True) if k]
    paragraphs, headings, size = [], [], 0
    while size < chars:
        if rng.random() < 0.1:
            headings.append("".join(rng.choices(topic, topic_weights, k=rng.randint(4, 8))))
            size += len(headings[-1])
            continue
        sentences = []
        for _ in range(rng.randint(2, 5)):
            sentence = rng.choices(topic, topic_weights, k=rng.randint(12, 30))
            if rng.random() < 0.005:
                sentence.insert(rng.randrange(len(sentence)), rng.choice(RARE))
            sentences.append("".join(sentence) + "。")
        paragraphs.append("".join(sentences))
        size += len(paragraphs[-1])
    return paragraphs, headings


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def generate(args) -> list[tuple[str, str, list[str], list[str], list[str]]]:
    """(title, lead, paragraphs, headings, tags) of each generated column."""
    rng = random.Random(5)
    vocab = vocabulary()
    nouns = [w for w in vocab[0] if w not in vocab[2] and len(w) > 1]
    texts = []
    for i in range(args.columns):
        paragraphs, headings = make_text(rng, args.chars - 100, vocab)
        title = f"コラム{i + 1}: " + "".join(rng.choices(vocab[0], vocab[1], k=6))
        lead = "".join(rng.choices(vocab[0], vocab[1], k=30)) + "。"
        if rng.random() < 0.05:
            paragraphs[0] = "日米の拡大抑止をめぐる協議が続いている。" + paragraphs[0]
        texts.append((title, lead, paragraphs, headings, rng.sample(nouns, 2)))
    return texts


def tokenising(texts) -> None:
    """Tokenising the generated columns (title, lead, headings, paragraphs) and the demo columns."""
    from columns import japanese

    generated = ["\n".join([title, lead, *hs, *ps]) for title, lead, ps, hs, _tags in texts]
    natural = [path.read_text() for path in sorted(DEMO_DIR.glob("*.txt"))]
    print("\ntokenising (MB: 10^6 bytes of UTF-8; CPU: this thread's CPU time):")
    for name, blocks in (
        ("generated", [generated[i : i + 100] for i in range(0, len(generated), 100)]),
        # The demo columns ten times over, one block a round.
        ("demo columns x10", [natural] * 10),
    ):
        throughput(name, blocks, japanese)
    print(f"load average after tokenising: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def throughput(name: str, blocks: list[list[str]], japanese) -> None:
    """Throughput of japanese.tokens and of SudachiPy alone on whole texts, block by block.

    Both see the same load; which goes first alternates between blocks. The
    first block is tokenised once untimed (the dictionary loads, caches fill).
    """
    sudachi = japanese._tokenizer()
    for text in blocks[0]:
        japanese.tokens(text)
        sudachi.tokenize(text)
    size = sum(len(text.encode()) for block in blocks for text in block)
    totals = {"tokens()": [0.0, 0.0], "SudachiPy alone": [0.0, 0.0]}
    for number, block in enumerate(blocks):
        runs = [("tokens()", japanese.tokens), ("SudachiPy alone", sudachi.tokenize)]
        for label, function in runs if number % 2 == 0 else runs[::-1]:
            wall, cpu = time.perf_counter(), time.thread_time()
            for text in block:
                function(text)
            totals[label][0] += time.perf_counter() - wall
            totals[label][1] += time.thread_time() - cpu
    (wall, cpu), (sudachi_wall, sudachi_cpu) = totals.values()
    print(
        f"  {name}: {size / 1e6:.1f} MB in {wall:.1f} s = {size / 1e6 / wall:.2f} MB/s, "
        f"CPU {size / 1e6 / cpu:.2f} MB/s; SudachiPy alone {size / 1e6 / sudachi_wall:.2f} MB/s, "
        f"CPU {size / 1e6 / sudachi_cpu:.2f} MB/s (tokens() takes {cpu / sudachi_cpu:.2f}x its CPU)"
    )


def setup_database() -> tuple[str, callable]:
    """Point DATABASE_URL at a fresh database; return its label and a clean-up."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(url)
        name = parts.path.lstrip("/") or "columns"
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            sys.exit(f"bench: use a lower-case database name in DATABASE_URL, not {name!r}")
        bench_db = name + BENCH_SUFFIX
        # Creating and dropping a database is done from the maintenance database.
        admin_url = urlunsplit(parts._replace(path="/postgres"))

        def run(sql):
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(sql)

        run(f'DROP DATABASE IF EXISTS "{bench_db}" WITH (FORCE)')
        run(f'CREATE DATABASE "{bench_db}"')
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + bench_db))
        print(f"database: {bench_db}")

        def cleanup():
            from django.db import connections

            connections.close_all()
            run(f'DROP DATABASE IF EXISTS "{bench_db}" WITH (FORCE)')

        return "PostgreSQL", cleanup

    folder = tempfile.TemporaryDirectory(prefix="columns-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder.name}/bench.sqlite3"
    return "SQLite", folder.cleanup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--columns", type=int, default=2000)
    parser.add_argument("--chars", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each query")
    parser.add_argument("--keep", action="store_true", help="keep the database for a look")
    parser.add_argument(
        "--tokenising-only", action="store_true", help="measure tokenising; no database"
    )
    args = parser.parse_args()

    if args.tokenising_only:
        print("# Tokenising benchmark")
        print(f"machine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}")
        print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        tokenising(generate(args))
        return

    label, cleanup = setup_database()
    try:
        run(label, args)
    finally:
        if args.keep:
            print(f"kept: DATABASE_URL={os.environ['DATABASE_URL']}")
        else:
            cleanup()


def run(label: str, args) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Page, Site
    from wagtail.search.backends import get_search_backend

    from columns.models import ColumnPage, ColumnSeriesIndexPage, HomePage

    # Pages are created without indexing; indexing is timed on its own below.
    settings.WAGTAILSEARCH_BACKENDS["default"]["AUTO_UPDATE"] = False

    print(f"# Search benchmark on {label}")
    print(f"machine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    if label == "PostgreSQL":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            print(f"PostgreSQL {cursor.fetchone()[0]}")
    else:
        import sqlite3

        print(f"SQLite {sqlite3.sqlite_version}")
    print(f"migrate: {time.perf_counter() - t0:.1f} s")

    # -- content ---------------------------------------------------------------
    texts = generate(args)
    chars = sum(len(t[1]) + sum(map(len, t[2])) + sum(map(len, t[3])) for t in texts)
    tokenising(texts)

    Site.objects.all().delete()
    Page.objects.filter(depth=2).delete()
    home = Page.get_first_root_node().add_child(instance=HomePage(title="コラム", slug="home"))
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    series = home.add_child(instance=ColumnSeriesIndexPage(title="GLOBAL&TREND", slug="gt"))
    t0 = time.perf_counter()
    start = datetime.date(2015, 1, 1)
    for i, (title, lead, paragraphs, headings, tags) in enumerate(texts):
        body = [("heading", {"text": h, "level": "h2"}) for h in headings[:1]]
        body += [("paragraph", f"<p>{p}</p>") for p in paragraphs]
        column = ColumnPage(
            title=title,
            slug=f"c{i}",
            publication_date=start + datetime.timedelta(days=i),
            lead=lead[:300],
            body=body,
            live=True,
        )
        column.tags.add(*tags)
        series.add_child(instance=column)
    print(
        f"content: {args.columns} columns, {chars / args.columns:,.0f} characters each "
        f"on average (created in {time.perf_counter() - t0:.0f} s, not timed below)"
    )

    # -- indexing --------------------------------------------------------------
    backend = get_search_backend()
    index = backend.get_index_for_model(ColumnPage)
    objects = list(ColumnPage.get_indexed_objects().order_by("pk"))
    t0 = time.perf_counter()
    for offset in range(0, len(objects), 100):
        index.add_items(ColumnPage, objects[offset : offset + 100])
    elapsed = time.perf_counter() - t0
    text_mb = (
        sum(len(t.encode()) for title, lead, ps, hs, _ in texts for t in [title, lead, *ps, *hs])
        / 1e6
    )
    print(
        f"indexing: {len(objects)} columns in {elapsed:.1f} s = "
        f"{len(objects) / elapsed:.0f} columns/s, {text_mb / elapsed:.2f} MB/s "
        f"(tokenising included)"
    )
    if label == "PostgreSQL":
        # What autovacuum does soon after a bulk load: GIN's pending list merged
        # into the index (until then every query scans it) and fresh statistics.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    # -- queries ---------------------------------------------------------------
    live = ColumnPage.objects.live().public()

    def reader(query):
        results = live.search(query)
        count = results.count()
        list(results[:10])
        return count

    def suggest(query):
        return len(list(live.autocomplete(query)[:16]))

    for name, fn, queries in (
        ("search page (count + first 10)", reader, QUERIES),
        ("autocomplete (first 16 titles)", suggest, AUTOCOMPLETE),
    ):
        samples = []
        print(f"\n{name}:")
        print(f"  {'query':<26} {'hits':>6} {'median':>8} {'p95':>8}")
        for query in queries:
            for _ in range(3):
                fn(query)  # warm caches
            timings = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                hits = fn(query)
                timings.append((time.perf_counter() - t0) * 1000)
            samples += timings
            print(
                f"  {query:<26} {hits:>6} {statistics.median(timings):>7.1f}  {p95(timings):>7.1f}"
            )
        print(
            f"  all {len(samples)} runs: median {statistics.median(samples):.1f} ms, "
            f"p95 {p95(samples):.1f} ms"
        )


if __name__ == "__main__":
    main()
