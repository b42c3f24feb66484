"""Exact bracketed and clean renderings of crafted negotiations (pure module, no database)."""

from __future__ import annotations

from mufakat.documents.brackets import OpenProposal, ParagraphText, apply_proposals, as_text, bracketed, clean

TEXT = "The Ministers strongly welcomed the progress."


def _span(words: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def _proposal(pid: int, kind: str, words: str | None, new: str, parties: tuple[str, ...], *, at: int | None = None):
    if words is None:
        start = end = at if at is not None else len(TEXT)
    else:
        start, end = _span(words)
        if kind == "insert":
            start = end
    return OpenProposal(pid, kind, "p1", start, end, new, parties)


PARAGRAPHS = [ParagraphText("p1", "paragraph", TEXT)]


def _render(*proposals: OpenProposal) -> str:
    return as_text(bracketed(PARAGRAPHS, proposals))


def test_bracketed_without_proposals_is_the_text() -> None:
    assert _render() == "1. The Ministers strongly welcomed the progress."


def test_bracketed_insertion_names_the_proposer_and_supporters() -> None:
    assert _render(_proposal(1, "insert", "progress", " made", ("VN", "ID"))) == (
        "1. The Ministers strongly welcomed the progress[ made (VN, ID)]."
    )


def test_bracketed_deletion() -> None:
    assert _render(_proposal(1, "delete", "strongly ", "", ("PH",))) == (
        "1. The Ministers [strongly  (PH: delete)]welcomed the progress."
    )


def test_bracketed_replacement_is_two_options() -> None:
    assert _render(_proposal(1, "replace", "strongly", "warmly", ("SG",))) == (
        "1. The Ministers [Option A: strongly / Option B: warmly (SG)] welcomed the progress."
    )


def test_bracketed_alternatives_on_one_span_and_identical_ones_merged() -> None:
    rendered = _render(
        _proposal(1, "replace", "strongly", "warmly", ("SG",)),
        _proposal(2, "replace", "strongly", "cautiously", ("KH",)),
        _proposal(3, "replace", "strongly", "warmly", ("MY",)),
        _proposal(4, "delete", "strongly", "", ("TH",)),
    )
    assert rendered == (
        "1. The Ministers [Option A: strongly / Option B: warmly (SG, MY) / Option C: cautiously (KH) / "
        "Option D: — (TH: delete)] welcomed the progress."
    )


def test_bracketed_nested_proposal_inside_a_deletion() -> None:
    rendered = _render(
        _proposal(1, "delete", "strongly welcomed the progress", "", ("PH",)),
        _proposal(2, "replace", "strongly", "warmly", ("VN",)),
    )
    assert rendered == (
        "1. The Ministers [[Option A: strongly / Option B: warmly (VN)] welcomed the progress (PH: delete)]."
    )


def test_bracketed_crossing_spans_become_alternatives_over_their_union() -> None:
    rendered = _render(
        _proposal(1, "replace", "Ministers strongly", "Leaders", ("MY",)),
        _proposal(2, "replace", "strongly welcomed", "noted", ("LA",)),
    )
    assert rendered == (
        "1. The [Option A: Ministers strongly welcomed / Option B: Leaders welcomed (MY) / "
        "Option C: Ministers noted (LA)] the progress."
    )


def test_bracketed_insertions_at_the_same_point_are_options_without_original() -> None:
    rendered = _render(
        _proposal(1, "insert", "progress", " made", ("VN",)),
        _proposal(2, "insert", "progress", " achieved", ("JP",)),
    )
    assert (
        rendered == "1. The Ministers strongly welcomed the progress[Option A:  made (VN) / Option B:  achieved (JP)]."
    )


def test_bracketed_insertion_on_the_edge_of_a_span_is_a_neighbour_not_nested() -> None:
    _start, end = _span("strongly")
    rendered = _render(
        _proposal(1, "replace", "strongly", "warmly", ("SG",)),
        OpenProposal(2, "insert", "p1", end, end, " and sincerely", ("VN",)),
    )
    assert rendered == (
        "1. The Ministers [Option A: strongly / Option B: warmly (SG)][ and sincerely (VN)] welcomed the progress."
    )


def test_bracketed_new_paragraphs_follow_their_anchor_with_latin_numbers() -> None:
    paragraphs = [
        ParagraphText("h", "heading", "Introduction"),
        ParagraphText("p1", "paragraph", "First."),
        ParagraphText("p2", "paragraph", "Second."),
    ]
    proposals = [
        OpenProposal(5, "new_paragraph", "p1", 0, 0, "New one.", ("JP",)),
        OpenProposal(6, "new_paragraph", "p1", 0, 0, "New two.", ("KR", "CN")),
        OpenProposal(7, "new_paragraph", None, 0, 0, "Preamble.", ("US",)),
    ]
    rendered = bracketed(paragraphs, proposals)
    assert as_text(rendered) == (
        "0 bis. [Preamble. (US)]\nIntroduction\n1. First.\n1 bis. [New one. (JP)]\n"
        "1 ter. [New two. (KR, CN)]\n2. Second."
    )
    assert [p.status for p in rendered] == ["bracketed", "agreed", "agreed", "bracketed", "bracketed", "agreed"]


def test_clean_keeps_only_agreed_text() -> None:
    paragraphs = [
        ParagraphText("p1", "paragraph", TEXT),
        ParagraphText("p2", "paragraph", "Fully agreed."),
        ParagraphText("p3", "paragraph", "Disputed entirely."),
    ]
    proposals = [
        OpenProposal(1, "replace", "p1", *_span("strongly "), "warmly ", ("SG",)),
        OpenProposal(2, "delete", "p3", 0, len("Disputed entirely."), "", ("KH",)),
        OpenProposal(3, "new_paragraph", "p2", 0, 0, "Proposed.", ("JP",)),
    ]
    assert as_text(clean(paragraphs, proposals)) == "1. The Ministers welcomed the progress.\n2. Fully agreed."


def test_ad_ref_paragraph_is_agreed_ad_ref_not_bracketed() -> None:
    rendered = bracketed([ParagraphText("p1", "paragraph", TEXT, ad_ref=True)], [])
    assert [p.status for p in rendered] == ["ad_ref"]


def test_html_escapes_the_text_and_marks_brackets() -> None:
    paragraphs = [ParagraphText("p1", "paragraph", "A <b> & B.")]
    rendered = bracketed(paragraphs, [OpenProposal(9, "insert", "p1", 1, 1, " <i>", ("VN",))])
    assert rendered[0].html() == (
        'A<span class="bracket" data-proposals="9">[<ins> &lt;i&gt;</ins> <span class="parties">(VN)</span>]</span>'
        " &lt;b&gt; &amp; B."
    )


def test_apply_proposals_applies_from_the_end() -> None:
    proposals = [
        _proposal(1, "replace", "strongly", "warmly", ("SG",)),
        _proposal(2, "insert", "progress", " made", ("VN",)),
        _proposal(3, "delete", "The ", "", ("PH",)),
    ]
    assert apply_proposals(TEXT, proposals) == "Ministers warmly welcomed the progress made."


def _compromise(pid: int, kind: str, words: str | None, new: str, parties: tuple[str, ...]) -> OpenProposal:
    plain = _proposal(pid, kind, words, new, parties)
    return OpenProposal(pid, kind, "p1", plain.start, plain.end, new, parties, compromise=True)


def test_bracketed_compromise_names_the_chair_and_every_party_it_carries() -> None:
    replacement = _compromise(1, "replace", "strongly", "warmly", ("VN", "ID", "PH"))
    assert _render(replacement) == (
        "1. The Ministers [Option A: strongly / Option B: warmly (Chair's compromise: VN, ID, PH)] welcomed the "
        "progress."
    )
    assert bracketed(PARAGRAPHS, [replacement])[0].html() == (
        'The Ministers <span class="bracket" data-proposals="1">[<span class="option">Option A: strongly</span> / '
        '<span class="option">Option B: warmly <span class="parties compromise">(Chair&#x27;s compromise: VN, ID, '
        "PH)</span></span>]</span> welcomed the progress."
    )


def test_bracketed_compromise_insertion_deletion_and_alternative() -> None:
    assert _render(_compromise(1, "insert", "progress", " made", ("VN", "PH"))) == (
        "1. The Ministers strongly welcomed the progress[ made (Chair's compromise: VN, PH)]."
    )
    deletion = _compromise(1, "delete", "strongly ", "", ("VN", "PH"))
    assert _render(deletion) == (
        "1. The Ministers [strongly  (Chair's compromise to delete: VN, PH)]welcomed the progress."
    )
    assert bracketed(PARAGRAPHS, [deletion])[0].html() == (
        'The Ministers <span class="bracket" data-proposals="1">[<del>strongly </del> <span class="parties '
        'compromise">(Chair&#x27;s compromise to delete: VN, PH)</span>]</span>welcomed the progress.'
    )
    assert _render(
        _compromise(1, "replace", "strongly", "warmly", ("VN", "PH")),
        _proposal(2, "delete", "strongly", "", ("KH",)),
    ) == (
        "1. The Ministers [Option A: strongly / Option B: warmly (Chair's compromise: VN, PH) / Option C: — "
        "(KH: delete)] welcomed the progress."
    )


def test_bracketed_compromise_every_carrier_objecting_still_says_whose_it_is() -> None:
    assert _render(_compromise(1, "replace", "strongly", "warmly", ())) == (
        "1. The Ministers [Option A: strongly / Option B: warmly (Chair's compromise)] welcomed the progress."
    )
