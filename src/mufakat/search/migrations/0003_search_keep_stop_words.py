"""PostgreSQL keeps English stop words, as SQLite's FTS5 does: the same query finds the same rows on both
engines. The texts are bilingual and folded, so many Vietnamese syllables read as English stop words ("an toàn"
→ "an", "thể" → "the", "Đông Á" → "a", "do"): dropping them made PostgreSQL ignore words SQLite matched. The
configuration `mufakat_english` is the English one with a Snowball stemmer that has no stop-word list; the
stored tsvector is rebuilt with it (derived data)."""

from django.db import migrations

FORWARD = [
    "CREATE TEXT SEARCH DICTIONARY mufakat_english_stem (TEMPLATE = snowball, Language = english)",
    "CREATE TEXT SEARCH CONFIGURATION mufakat_english (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION mufakat_english ALTER MAPPING REPLACE english_stem WITH mufakat_english_stem",
    "DROP INDEX IF EXISTS search_entry_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv",
    "ALTER TABLE search_searchentry ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('mufakat_english'::regconfig, folded)) STORED",
    "CREATE INDEX search_entry_tsv ON search_searchentry USING gin (tsv)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv",
    "ALTER TABLE search_searchentry ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, folded)) STORED",
    "CREATE INDEX search_entry_tsv ON search_searchentry USING gin (tsv)",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS mufakat_english",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS mufakat_english_stem",
]


def _run(statements: list[str]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_search_engines")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
