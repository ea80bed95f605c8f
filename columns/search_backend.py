"""Japanese search on Wagtail's database backends (SQLite FTS5 and PostgreSQL).

Configured as ``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "columns.search_backend"``.
Like ``wagtail.search.backends.database``, this module's ``SearchBackend`` is
the backend for the default database: a subclass of modelsearch's SQLite or
PostgreSQL backend, defined for the database in use only (modelsearch defines
its index models per database, so the other one cannot be imported).

Indexing is theirs, unchanged: the models expose tokenised text
(:mod:`columns.japanese`) as ordinary search fields. What the subclasses change
is the query, in their query compilers, so ``search()``, ``autocomplete()`` and
the admin's page search all get it:

- each word the reader typed becomes a :class:`~modelsearch.query.Phrase` of
  its tokens, and the words are joined with And (Or when asked for), so 拡大抑止
  finds 「拡大 抑止」 but not a page where 拡大 and 抑止 stand apart;
- a quoted phrase becomes one phrase of all its tokens;
- for autocomplete, the last word of each plain-text part is a phrase whose last
  token is a prefix (拡大抑 → 拡大 + 抑*), or one of the other ways a half-typed
  word may continue (サプライチェー → サプライ + チェー*; see
  :func:`columns.japanese.prefix_alternatives`);
- a word that leaves no tokens (symbols, operators of a query language) is
  dropped; a query left with none matches nothing.

Tokens hold only letters and digits, so nothing a reader types reaches FTS5's or
PostgreSQL's query syntax. Both databases rank with the title counted more:
PostgreSQL by the search fields' boosts (tsvector weights), SQLite by FTS5's
bm25 with per-column weights, the title's tokens being in the autocomplete column.
"""

import operator
from functools import reduce

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import FloatField, Func, Q, TextField, Value
from django.db.models.functions import Cast
from modelsearch.query import (
    MATCH_NONE,
    And,
    Boost,
    Fuzzy,
    MatchAll,
    Not,
    Or,
    Phrase,
    PlainText,
)

from . import japanese

# How much more a hit in the title counts than one in the text, on SQLite. On
# PostgreSQL the models' boosts decide (see ColumnPage.search_fields).
SQLITE_TITLE_WEIGHT = 5.0
# ts_rank's normalisation on PostgreSQL (1: divide the rank by 1 + log of the length).
RANK_NORMALIZATION = 1


class PrefixPhrase(Phrase):
    """A phrase whose last token may be the start of a longer word (autocomplete)."""

    def __repr__(self):
        return f"<PrefixPhrase {self.query_string!r}>"


def _combine(kind, parts):
    parts = [part for part in parts if part is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else kind(parts)


def _plain_text(query, prefix):
    if prefix:
        words, last = japanese.autocomplete_words(query.query_string)
        phrases = [Phrase(" ".join(word)) for word in words]
        if last:
            phrases.append(_combine(Or, [PrefixPhrase(" ".join(a)) for a in last]))
    else:
        phrases = [Phrase(" ".join(word)) for word in japanese.query_words(query.query_string)]
    return _combine(And if query.operator == "and" else Or, phrases)


def japanese_query(query, prefix=False):
    """``query`` with every text in it replaced by phrases of Japanese tokens.

    Returns None when no text is left (the caller decides what that means).
    """
    if isinstance(query, MatchAll | PrefixPhrase):
        return query
    if isinstance(query, PlainText | Fuzzy):
        # Fuzzy matching needs trigrams, which miss short Japanese words; match exactly.
        joined_by = getattr(query, "operator", "and")
        return _plain_text(PlainText(query.query_string, operator=joined_by), prefix)
    if isinstance(query, Phrase):
        words = japanese.tokens(query.query_string[: japanese.MAX_QUERY_CHARS])
        return Phrase(" ".join(words)) if words else None
    if isinstance(query, Not):
        inner = japanese_query(query.subquery, prefix)
        return Not(inner) if inner is not None else None
    if isinstance(query, Boost):
        inner = japanese_query(query.subquery, prefix)
        return Boost(inner, query.boost) if inner is not None else None
    if isinstance(query, And | Or):
        return _combine(type(query), [japanese_query(q, prefix) for q in query.subqueries])
    return query


class JapaneseQueryMixin:
    """Rewrites the compiler's query once, before anything compiles it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rewritten = japanese_query(self.query, prefix=self.LAST_TERM_IS_PREFIX)
        self.query = MATCH_NONE if rewritten is None else rewritten


class RankedResultsMixin:
    """Ranks all matches in one query, then fetches only the results asked for.

    The ranking (primary keys and scores, best first) is kept on the query
    compiler, which a paginator's count and its page share, so a results page
    costs one ranking query and one small fetch. The compiler's ``ranked()``
    returns None where it cannot rank this way; then modelsearch's code runs.
    """

    def _ranked(self):
        compiler = self.query_compiler
        if not compiler.order_by_relevance:
            return None
        return compiler.ranked(compiler.get_config(self.backend))

    def _do_search(self):
        pairs = self._ranked()
        if pairs is None:
            return super()._do_search()
        pairs = pairs[self.start : self.stop]
        found = {}
        for offset in range(0, len(pairs), 500):
            chunk = [pk for pk, _score in pairs[offset : offset + 500]]
            found.update((obj.pk, obj) for obj in self.query_compiler.queryset.filter(pk__in=chunk))
        results = []
        for pk, score in pairs:
            if pk in found:
                if self._score_field:
                    setattr(found[pk], self._score_field, score)
                results.append(found[pk])
        return results

    def _do_count(self):
        pairs = self._ranked()
        if pairs is None:
            return super()._do_count()
        return len(pairs[self.start : self.stop])


# -- SQLite FTS5 and PostgreSQL -------------------------------------------------


class _WeightedBM25(Func):
    """FTS5's bm25() with a weight per column; lower is better."""

    output_field = FloatField()

    def __init__(self, table, weights):
        self.table = table
        super().__init__(*(Value(float(w)) for w in weights))

    def as_sql(self, compiler, connection, **extra_context):
        params = [expression.value for expression in self.source_expressions]
        return f"bm25({self.table}, {', '.join(['%s'] * len(params))})", params


if connection.vendor == "sqlite":
    from modelsearch.backends.database.sqlite.utils import fts5_available

    if not fts5_available():
        raise ImproperlyConfigured("Japanese search needs SQLite with the FTS5 extension.")

    from modelsearch.backends.database.sqlite.query import (
        MatchExpression,
        SearchQueryExpression,
        normalize,
    )
    from modelsearch.backends.database.sqlite.sqlite import (
        IndexEntry,
        SQLiteAutocompleteQueryCompiler,
        SQLiteFTSIndexEntry,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
        SQLiteSearchResults,
    )
    from modelsearch.utils import get_descendants_content_types_pks

    class SQLiteJapaneseMixin(JapaneseQueryMixin):
        # Weights of the FTS5 table's columns, in its order: autocomplete, body, title.
        BM25_WEIGHTS = (SQLITE_TITLE_WEIGHT, 1.0, SQLITE_TITLE_WEIGHT)

        def build_search_query_content(self, query, config=None):
            if isinstance(query, PrefixPhrase):
                # FTS5: a "*" after a quoted phrase makes its last token a prefix.
                return SearchQueryExpression(Value(f'"{query.query_string}" *'))
            return super().build_search_query_content(query, config=config)

        def _build_rank_expression(self, vectors, config):
            # One bm25() for the whole match: modelsearch multiplies (1 + bm25) per
            # word, which turns the order of bm25's negative scores around.
            return _WeightedBM25(SQLiteFTSIndexEntry._meta.db_table, self.BM25_WEIGHTS)

        def ranked(self, config):
            """[(pk, score)] of the queryset's matching objects, best first, or None.

            The full-text match runs alone, once: joined to other tables, SQLite
            may repeat it, and bm25()'s statistics, for every row (seconds for a
            word in every column). Ties go to the newest pk, as on PostgreSQL.
            None when the query is not a plain match (negations, match-all).
            """
            if getattr(self, "_ranked", None) is not None:
                return self._ranked
            query = normalize(self.query)
            if isinstance(query, MatchAll | Not):
                return None
            match = MatchExpression(
                self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config)
            )
            scores = dict(
                SQLiteFTSIndexEntry.objects.filter(match)
                .annotate(score=self._build_rank_expression(None, config))
                .values_list("pk", "score")
            )
            entries = IndexEntry.objects.filter(
                content_type__in=get_descendants_content_types_pks(self.queryset.model),
                object_id__in=self.queryset.order_by()
                .annotate(_object_id=Cast("pk", TextField()))
                .values("_object_id"),
            )
            if len(scores) <= 500:
                entries = entries.filter(pk__in=list(scores))
            to_python = self.queryset.model._meta.pk.to_python
            pairs = [
                (to_python(object_id), scores[entry])
                for entry, object_id in entries.values_list("pk", "object_id")
                if entry in scores
            ]
            pairs.sort(key=lambda pair: pair[0], reverse=True)
            pairs.sort(key=lambda pair: pair[1])
            self._ranked = pairs
            return pairs

    class JapaneseSQLiteSearchResults(RankedResultsMixin, SQLiteSearchResults):
        pass

    class JapaneseSQLiteSearchQueryCompiler(SQLiteJapaneseMixin, SQLiteSearchQueryCompiler):
        # The title's tokens are in the autocomplete column (AutocompleteField).
        FTS_TABLE_FIELDS = ["title", "body", "autocomplete"]

    class JapaneseSQLiteAutocompleteQueryCompiler(
        SQLiteJapaneseMixin, SQLiteAutocompleteQueryCompiler
    ):
        BM25_WEIGHTS = (1.0, 0.0, 0.0)

    class JapaneseSQLiteSearchBackend(SQLiteSearchBackend):
        query_compiler_class = JapaneseSQLiteSearchQueryCompiler
        autocomplete_query_compiler_class = JapaneseSQLiteAutocompleteQueryCompiler
        results_class = JapaneseSQLiteSearchResults

    SearchBackend = JapaneseSQLiteSearchBackend

elif connection.vendor == "postgresql":
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from django.db import connections, transaction
    from django.db.models import F, Lookup
    from modelsearch.backends.database.postgres.postgres import (
        IndexEntry,
        PostgresAutocompleteQueryCompiler,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
        PostgresSearchResults,
    )
    from modelsearch.backends.database.postgres.query import CombinedLexeme, Lexeme

    class _AnyOf(Lookup):
        """``lhs = ANY(array)``: one parameter however many values."""

        lookup_name = "any_of"

        def as_sql(self, compiler, connection):
            lhs, lhs_params = self.process_lhs(compiler, connection)
            rhs, rhs_params = self.process_rhs(compiler, connection)
            return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]

    # Planner settings for finding the matching index entries: through the GIN
    # indexes only (bitmap scans), never by reading every row.
    _GIN_ONLY = ("enable_seqscan", "enable_indexscan")

    class PostgresJapaneseMixin(JapaneseQueryMixin):
        def build_tsquery_content(self, query, config=None, invert=False):
            if isinstance(query, PrefixPhrase):
                words = query.query_string.split()
                lexemes = Lexeme(words[0], prefix=len(words) == 1)
                for position, word in enumerate(words[1:], start=2):
                    last = Lexeme(word, prefix=position == len(words))
                    lexemes = CombinedLexeme(lexemes, "<->", last)
                return SearchQuery(lexemes, search_type="raw", config=config, invert=invert)
            if isinstance(query, Phrase):
                # modelsearch drops the inversion of a phrase; keep it.
                return SearchQuery(
                    query.query_string, search_type="phrase", config=config, invert=invert
                )
            return super().build_tsquery_content(query, config=config, invert=invert)

        def _build_rank_expression(self, vectors, config):
            # One ts_rank per vector for the whole query (modelsearch ranks every
            # word apart), divided by 1 + log(length) as bm25 favours shorter texts:
            # a glossary term named by the query ranks above a long column using it.
            tsquery = self.build_tsquery(self.query, config=config)
            ranks = [
                SearchRank(
                    vector, tsquery, weights=self.sql_weights, normalization=RANK_NORMALIZATION
                )
                * boost
                for vector, boost in vectors
            ]
            return reduce(operator.add, ranks)

        def _match(self, query, config, on_entries=False):
            """A filter that the GIN index of each vector can answer.

            modelsearch matches the concatenation ``title || body``, which PostgreSQL
            rebuilds for every row (50 ms at 2,000 columns, even for no match). Here
            each phrase must be in one vector, and And/Or/Not combine phrases. The
            filter applies to the searched queryset or, ``on_entries``, to IndexEntry.
            """
            if isinstance(query, And | Or):
                parts = [self._match(q, config, on_entries) for q in query.subqueries]
                return reduce(operator.and_ if isinstance(query, And) else operator.or_, parts)
            if isinstance(query, Not):
                return ~self._match(query.subquery, config, on_entries)
            if isinstance(query, Boost):
                return self._match(query.subquery, config, on_entries)
            tsquery = self.build_tsquery(query, config=config)
            vectors = [vector.name for vector, _boost in self.get_index_vectors(None)]
            if on_entries:
                vectors = [name.removeprefix("index_entries__") for name in vectors]
            return reduce(operator.or_, (Q(**{name: tsquery}) for name in vectors))

        def _matching_entries(self, config):
            """Primary keys of the index entries that match, found through the GIN indexes.

            PostgreSQL's planner counts ``@@`` as cheap and, for a word in many
            columns, reads every row instead of the indexes; each row's body vector
            (about 11 KB at 4,000 characters) then comes out of TOAST, 2,000 of them
            for 2,000 columns. Alone on IndexEntry, with sequential and plain index
            scans off for this one statement, the only plan left for the words sought
            is a bitmap scan of their GIN indexes, which reads the matching rows only.
            """
            entries = IndexEntry._default_manager.filter(self._match(self.query, config, True))
            alias = entries.db
            nested = connections[alias].in_atomic_block
            with (
                transaction.atomic(using=alias, savepoint=False),
                connections[alias].cursor() as cursor,
            ):
                if nested:
                    # SET LOCAL lasts until the outer transaction ends: restore it after.
                    cursor.execute("SELECT current_setting(%s), current_setting(%s)", _GIN_ONLY)
                    previous = cursor.fetchone()
                cursor.execute(
                    "SELECT set_config(%s, 'off', true), set_config(%s, 'off', true)", _GIN_ONLY
                )
                found = list(entries.values_list("pk", flat=True))
                if nested:
                    cursor.execute(
                        "SELECT set_config(%s, %s, true), set_config(%s, %s, true)",
                        [_GIN_ONLY[0], previous[0], _GIN_ONLY[1], previous[1]],
                    )
            return found

        def _plain(self):
            return self.fields is None and isinstance(self.query, Phrase | PlainText | And | Or)

        def search(self, config, start, stop, score_field=None, backend=None):
            if not self._plain():
                return super().search(config, start, stop, score_field, backend)
            vectors = self.get_index_vectors(None)
            queryset = self.queryset.filter(self._match(self.query, config))
            rank = self._build_rank_expression(vectors, config)
            return self._apply_ordering_and_scoring(queryset, rank, start, stop, score_field)

        def ranked(self, config):
            """[(pk, score)] of the matching objects, best first (ties: newest pk).

            The matching index entries are found first, through the GIN indexes
            (see _matching_entries); the ranking query then reads only those, once
            each for ts_rank. Matching and ranking in one statement, the planner
            reads every body vector to match it and the matching ones again to
            rank them. Autocomplete's vector is small and kept in the row, so there
            one statement is quicker than two.
            """
            if getattr(self, "_ranked", None) is not None:
                return self._ranked
            if not self._plain():
                return None
            if self.MATCH_ENTRIES_FIRST:
                entries = self._matching_entries(config)
                if not entries:
                    self._ranked = []
                    return self._ranked
                matching = self.queryset.filter(_AnyOf(F("index_entries__pk"), Value(entries)))
            else:
                matching = self.queryset.filter(self._match(self.query, config))
            rank = self._build_rank_expression(self.get_index_vectors(None), config)
            self._ranked = list(
                matching.annotate(_search_rank=rank)
                .order_by("-_search_rank", "-pk")
                .values_list("pk", "_search_rank")
            )
            return self._ranked

    class JapanesePostgresSearchQueryCompiler(PostgresJapaneseMixin, PostgresSearchQueryCompiler):
        MATCH_ENTRIES_FIRST = True

    class JapanesePostgresAutocompleteQueryCompiler(
        PostgresJapaneseMixin, PostgresAutocompleteQueryCompiler
    ):
        MATCH_ENTRIES_FIRST = False

    class JapanesePostgresSearchResults(RankedResultsMixin, PostgresSearchResults):
        pass

    class JapanesePostgresSearchBackend(PostgresSearchBackend):
        query_compiler_class = JapanesePostgresSearchQueryCompiler
        autocomplete_query_compiler_class = JapanesePostgresAutocompleteQueryCompiler
        results_class = JapanesePostgresSearchResults

        def __init__(self, params):
            # Tokens are normalised words already: PostgreSQL must not stem or drop them.
            super().__init__({"SEARCH_CONFIG": "simple", **params})

    SearchBackend = JapanesePostgresSearchBackend

else:
    raise ImproperlyConfigured(
        f"Japanese search runs on SQLite or PostgreSQL, not {connection.vendor}."
    )
