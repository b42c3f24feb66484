"""The fold both engines see, query parsing, highlighting and word n-grams (pure)."""

from __future__ import annotations

from mufakat.search.text import Query, fold, highlight, parse_query, shingles, stable_hash, words


def test_fold_removes_vietnamese_diacritics_and_d_stroke() -> None:
    assert fold("An toàn sinh học, Đông Á, đường") == "an toan sinh hoc, dong a, duong"


def test_words_are_folded() -> None:
    assert words("Hội nghị Bộ trưởng — ASEAN's 57th!") == ["hoi", "nghi", "bo", "truong", "asean", "s", "57th"]


def test_parse_query_separates_words_and_phrases() -> None:
    assert parse_query('reaffirm "freedom of Navigation" Biển') == Query(
        terms=("reaffirm", "bien"), phrases=(("freedom", "of", "navigation"),)
    )


def test_parse_query_of_only_punctuation_is_empty() -> None:
    assert parse_query('"" -- ?').empty


def test_highlight_marks_matches_with_or_without_diacritics_and_by_stem() -> None:
    text = "We reaffirmed cooperation on an toàn sinh học & <safety>."

    marked = highlight(text, ["reaffirm", "toan", "hoc"])

    assert str(marked) == (
        "We <mark>reaffirmed</mark> cooperation on an <mark>toàn</mark> sinh <mark>học</mark> &amp; &lt;safety&gt;."
    )


def test_highlight_windows_a_long_text_around_the_first_match() -> None:
    text = "word " * 100 + "navigation " + "word " * 100

    marked = str(highlight(text, ["navigation"], width=60))

    assert (marked.startswith("… "), marked.endswith(" …"), "<mark>navigation</mark>" in marked) == (True, True, True)
    assert len(marked) < 120


def test_shingles_are_word_trigrams_stable_across_processes() -> None:
    assert shingles("Peace, security and stability") == {
        stable_hash("peace security and"),
        stable_hash("security and stability"),
    }
    assert stable_hash("peace security and") == stable_hash("peace security and")
    assert shingles("Peace") == {stable_hash("peace")}
