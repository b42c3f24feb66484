"""PostgreSQL: partial indexes shaped like the searches' reads.

- A GIN index over every kind but paragraphs. Paragraph versions are nearly all of the index (254,516 of
  255,247 entries on the benchmark's archive). A search counts and ranks each kind in its own part of one
  statement; for documents, meetings and sessions the planner read the whole GIN index's postings for the words
  (10–17 ms for a common word, once per kind) and then kept the few rows of that kind. The partial index holds
  only the small kinds, so those parts read a few postings (0.03 ms); the planner proves `kind = 'document'`
  implies `kind <> 'paragraph'`, so no query changes.
- The current paragraph versions by id, and the drafts by series and id. A search reads the most recently
  indexed matching paragraphs; walking the primary key backwards it stepped over every draft of every series
  (two in three rows) to keep the current texts and the drafts of the reader's own series. It now walks the
  current texts alone, then only the drafts of the reader's series above the last id found (engines.py).

SQLite's FTS5 table already indexes the kind (migration 0003)."""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS search_entry_tsv_small_kinds ON search_searchentry USING gin (tsv) "
    "WHERE kind <> 'paragraph'",
    "CREATE INDEX IF NOT EXISTS search_entry_current_paragraphs ON search_searchentry (id) "
    "WHERE kind = 'paragraph' AND current",
    "CREATE INDEX IF NOT EXISTS search_entry_draft_paragraphs ON search_searchentry (series_id, id) "
    "WHERE kind = 'paragraph' AND NOT current",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_tsv_small_kinds",
    "DROP INDEX IF EXISTS search_entry_current_paragraphs",
    "DROP INDEX IF EXISTS search_entry_draft_paragraphs",
]


def _run(statements: list[str]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_search_stop_words_and_kinds")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
