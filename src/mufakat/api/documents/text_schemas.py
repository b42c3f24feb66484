"""Response schemas of a document's text: bracketed (with its options), clean, and two drafts compared."""

from __future__ import annotations

from ninja import Field
from pydantic import BaseModel

# Texts under negotiation are large (a 300-paragraph draft with 2,000 proposals is ~10,000 nested
# objects): their output schemas are plain pydantic models, validated in pydantic-core, without
# ninja's per-object Django-attribute resolution, which these dataclass-built values do not need.


class OptionOut(BaseModel):
    label: str = Field(description="A, B, ... ('' when the bracket holds a single proposal).")
    text: str = Field(description="The option's text, nested brackets written out.")
    parties: list[str] = Field(
        description="Proposer first, then supporters; for the chair's compromise, the proposers and supporters "
        "of the proposals it merged, then its own supporters."
    )
    proposal_ids: list[int]
    deleted: bool
    compromise: bool = Field(description="The chair's compromise, merging other proposals.")
    tag: str = Field(
        description="The parentheses after the option as printed, without them: 'VN, ID', 'KH: delete', "
        "\"Chair's compromise: VN, PH\", \"Chair's compromise to delete: VN, PH\"; '' for the original text."
    )


class BracketOut(BaseModel):
    kind: str = Field(description="insert, delete or options.")
    options: list[OptionOut]


class PieceOut(BaseModel):
    text: str | None = Field(description="Agreed text; null for a bracket.")
    bracket: BracketOut | None


class BracketedParagraphOut(BaseModel):
    uid: str = Field(description="`new-<proposal id>` for a proposed new paragraph.")
    number: str = Field(description="'12', '12 bis' for a proposed paragraph, '' for headings.")
    kind: str
    status: str = Field(description="agreed, ad_ref or bracketed.")
    text: str = Field(description="Bracketed text as printed: [Option A: … / Option B: … (VN)].")
    pieces: list[PieceOut]
    proposal_ids: list[int]


class BracketedOut(BaseModel):
    document_id: int
    version_id: int
    version_number: int
    bracketed_paragraphs: int
    paragraphs: list[BracketedParagraphOut]


class CleanParagraphOut(BaseModel):
    uid: str
    number: str
    kind: str
    text: str


class CleanOut(BaseModel):
    document_id: int
    version_id: int
    version_number: int
    paragraphs: list[CleanParagraphOut]


class ComparePieceOut(BaseModel):
    op: str = Field(description="equal, insert or delete.")
    text: str


class CompareRowOut(BaseModel):
    uid: str
    kind: str
    change: str = Field(description="added, removed, changed or unchanged.")
    old_number: str
    new_number: str
    renumbered: bool
    pieces: list[ComparePieceOut]


class CompareOut(BaseModel):
    document_id: int
    from_number: int
    to_number: int
    summary: dict[str, int] = Field(description="Rows by change.")
    rows: list[CompareRowOut]
