"""The editor's text ↔ paragraphs, and which edited paragraph continues which old one (pure, no database)."""

from __future__ import annotations

from mufakat.documents.drafting import Block, OldParagraph, blocks_to_text, occurrences, pair_paragraphs, text_to_blocks

OLD = [
    OldParagraph("h", "heading", "Introduction"),
    OldParagraph("a", "paragraph", "We met in Vientiane on 25 July 2024."),
    OldParagraph("b", "paragraph", "We welcomed the progress of the Chairmanship."),
    OldParagraph("c", "paragraph", "We looked forward to the 44th and 45th ASEAN Summits."),
]


def test_text_to_blocks_splits_on_blank_lines_and_reads_headings() -> None:
    text = "# Introduction\n\nWe met\nin Vientiane.\n \n\n#not a heading\r\n\r\nLast."

    assert text_to_blocks(text) == [
        Block("heading", "Introduction"),
        Block("paragraph", "We met in Vientiane."),
        Block("paragraph", "#not a heading"),
        Block("paragraph", "Last."),
    ]


def test_blocks_to_text_round_trips() -> None:
    assert text_to_blocks(blocks_to_text(OLD)) == [Block(p.kind, p.text) for p in OLD]


def test_pair_paragraphs_rewritten_beyond_recognition_is_a_new_paragraph() -> None:
    new = [
        Block("heading", "Intro"),
        Block("paragraph", "Entirely new words."),
        *[Block(p.kind, p.text) for p in OLD[2:]],
    ]

    assert pair_paragraphs(OLD, new) == ["h", None, "b", "c"]


def test_pair_paragraphs_inserted_paragraph_is_new_and_others_keep_identity() -> None:
    new = [
        Block("heading", "Introduction"),
        Block("paragraph", "We met in Vientiane on 25 July 2024."),
        Block("paragraph", "We condemned the attacks on civilians."),
        Block("paragraph", "We welcomed the good progress of the Chairmanship."),
        Block("paragraph", "We looked forward to the 44th and 45th ASEAN Summits."),
    ]

    assert pair_paragraphs(OLD, new) == ["h", "a", None, "b", "c"]


def test_pair_paragraphs_removed_paragraph_leaves_the_rest_paired() -> None:
    new = [
        Block("heading", "Introduction"),
        Block("paragraph", "We looked forward to the 44th and 45th ASEAN Summits, thanks."),
    ]

    assert pair_paragraphs(OLD, new) == ["h", "c"]


def test_pair_paragraphs_first_draft_has_nothing_to_pair() -> None:
    assert pair_paragraphs([], [Block("paragraph", "Text.")]) == [None]


def test_occurrences_finds_every_start() -> None:
    assert occurrences("the cat and the hat", "the") == [0, 12]
    assert occurrences("the cat", "dog") == []
    assert occurrences("the cat", "") == []
