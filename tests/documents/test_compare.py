"""Comparison of two versions by paragraph identity and words (pure module)."""

from __future__ import annotations

from mufakat.documents.brackets import ParagraphText
from mufakat.documents.compare import Piece, compare, word_diff


def test_word_diff_marks_whole_words() -> None:
    assert word_diff("We strongly welcomed the progress.", "We warmly welcomed the progress made.") == [
        Piece("equal", "We "),
        Piece("delete", "strongly"),
        Piece("insert", "warmly"),
        Piece("equal", " welcomed the progress"),
        Piece("insert", " made"),
        Piece("equal", "."),
    ]


def test_compare_follows_identity_through_renumbering_removal_and_addition() -> None:
    old = [
        ParagraphText("h", "heading", "Introduction"),
        ParagraphText("a", "paragraph", "We met."),
        ParagraphText("b", "paragraph", "We noted the report."),
        ParagraphText("c", "paragraph", "We agreed."),
    ]
    new = [
        ParagraphText("h", "heading", "Introduction"),
        ParagraphText("n", "paragraph", "We thanked the chair."),
        ParagraphText("a", "paragraph", "We met in Vientiane."),
        ParagraphText("c", "paragraph", "We agreed."),
    ]
    result = compare(old, new)
    assert [(r.uid, r.change, r.old_number, r.new_number) for r in result.rows] == [
        ("h", "unchanged", "", ""),
        ("n", "added", "", "1"),
        ("a", "changed", "1", "2"),
        ("b", "removed", "2", ""),
        ("c", "unchanged", "3", "3"),
    ]
    assert result.rows[2].pieces == [Piece("equal", "We met"), Piece("insert", " in Vientiane"), Piece("equal", ".")]
    assert result.rows[2].renumbered is True
    assert result.summary == {"added": 1, "removed": 1, "changed": 1, "unchanged": 2}
