"""Both engines: the same words match, and SQLite's index knows each entry's kind.

PostgreSQL keeps English stop words, as SQLite's FTS5 does: the same query finds the same rows on both
engines. The texts are bilingual and folded, so many Vietnamese syllables read as English stop words ("an toàn"
→ "an", "thể" → "the", "Đông Á" → "a", "do"): dropping them made PostgreSQL ignore words SQLite matched. The
configuration `mufakat_english` is the English one with a Snowball stemmer that has no stop-word list; the
stored tsvector is rebuilt with it (derived data).

SQLite: the FTS5 table also indexes the entry's kind (a second column, weight 0 in bm25), so a search of one
kind reads only that kind's postings. Without it, counting the few meetings that match a common word walked
every paragraph that matched it (hundreds of milliseconds on a large archive, for each kind)."""

from django.db import migrations

SQLITE_TRIGGERS = [
    "CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fts(rowid, folded, kind) VALUES (new.id, new.folded, new.kind); END",
    "CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded, kind) VALUES ('delete', old.id, old.folded, old.kind); END",
    "CREATE TRIGGER search_fts_au AFTER UPDATE OF folded, kind ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded, kind) VALUES ('delete', old.id, old.folded, old.kind); "
    "INSERT INTO search_fts(rowid, folded, kind) VALUES (new.id, new.folded, new.kind); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
SQLITE_FORWARD = [
    *SQLITE_DROP,
    "CREATE VIRTUAL TABLE search_fts USING fts5(folded, kind, content='search_searchentry', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    *SQLITE_TRIGGERS,
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    # `rank` (and bm25 without weights) counts the words only: the kind column weighs nothing.
    "INSERT INTO search_fts(search_fts, rank) VALUES ('rank', 'bm25(1.0, 0.0)')",
]
SQLITE_BACKWARD = [
    *SQLITE_DROP,
    "CREATE VIRTUAL TABLE search_fts USING fts5(folded, content='search_searchentry', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END",
    "CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, old.folded); END",
    "CREATE TRIGGER search_fts_au AFTER UPDATE OF folded ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, old.folded); "
    "INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
POSTGRES_FORWARD = [
    "CREATE TEXT SEARCH DICTIONARY mufakat_english_stem (TEMPLATE = snowball, Language = english)",
    "CREATE TEXT SEARCH CONFIGURATION mufakat_english (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION mufakat_english ALTER MAPPING REPLACE english_stem WITH mufakat_english_stem",
    "DROP INDEX IF EXISTS search_entry_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv",
    "ALTER TABLE search_searchentry ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('mufakat_english'::regconfig, folded)) STORED",
    "CREATE INDEX search_entry_tsv ON search_searchentry USING gin (tsv)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv",
    "ALTER TABLE search_searchentry ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, folded)) STORED",
    "CREATE INDEX search_entry_tsv ON search_searchentry USING gin (tsv)",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS mufakat_english",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS mufakat_english_stem",
]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_search_engines")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
