"""Request and response schemas for outcome documents: the register, versions and their paragraphs, the
bracketed and clean text, comparisons, proposals, ad ref marks, positions, silence procedures, adoption."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from ninja import Field, Schema

from mufakat.accounts.classification import Classification
from mufakat.api.common import DbInt, Text
from mufakat.documents.enums import Disposition, DocumentKind, ParagraphKind, PositionKind, ProposalKind, Stance

# A party code as the body names it (VN, JP, EU...).
PartyCode = Annotated[str, Field(min_length=1, max_length=12, pattern=r"^[^\x00]*$", description="Party code.")]
Note = Annotated[str, Field(max_length=500, pattern=r"^[^\x00]*$")]
# A form field's default must sit in its Field: ninja reads form parameters from the annotation alone.
FormNote = Annotated[str, Field("", max_length=2000, pattern=r"^[^\x00]*$")]
Version = Annotated[
    int,
    Field(ge=1, le=2_147_483_647, description="The document's `version` you read; a stale one is refused with 409."),
]
VersionId = Annotated[
    int,
    Field(
        ge=1,
        le=2_147_483_647,
        description="The id of the draft you worked on; a superseded one is refused with 409 and `current.version_id`.",
    ),
]

# The register ------------------------------------------------------------------------------------


class VersionSummaryOut(Schema):
    id: int
    number: int
    circulated_at: datetime
    origin: str = Field(description="drafted, imported (from Word), resolved (proposals accepted) or final.")
    note: str


class DocumentOut(Schema):
    id: int
    meeting_id: int
    meeting: str = Field(description="The meeting's short title, e.g. AMM-57.")
    position: int = Field(description="Place in the meeting's register.")
    kind: str
    title_en: str
    title_vi: str
    lead_party: str | None = Field(description="Party code.")
    lead_body: str | None = Field(None, description="Code of the body that leads the document, e.g. SOMHD.")
    disposition: str = Field(description="What the meeting is to do with it: adopt, note, endorse, sign or issue.")
    status: str
    classification: str
    restricted_to: str | None = Field(description="Framework code, for restricted documents.")
    confidential_to: list[str] = Field(description="Party codes, for confidential documents.")
    version: int = Field(description="Send it back when changing the entry; a stale one is refused with 409.")
    current_version: VersionSummaryOut | None
    decided_at: datetime | None
    final_place: str
    final_date: date | None

    @staticmethod
    def resolve_meeting(obj: Any) -> str:
        return str(obj.meeting.short_title)

    @staticmethod
    def resolve_lead_party(obj: Any) -> str | None:
        return obj.lead_party.code if obj.lead_party is not None else None

    @staticmethod
    def resolve_lead_body(obj: Any) -> str | None:
        return obj.lead_body.code if obj.lead_body is not None else None

    @staticmethod
    def resolve_restricted_to(obj: Any) -> str | None:
        return obj.restricted_to.code if obj.restricted_to is not None else None

    @staticmethod
    def resolve_confidential_to(obj: Any) -> list[str]:
        return sorted(party.code for party in obj.confidential_to.all())


class ConsensusOut(Schema):
    needed: int = Field(description="Parties whose agreement the document needs (framework members on the date).")
    agreeing: int = Field(description="Agree or agree ad referendum on the current version.")
    reserving: int
    objecting: int
    pending: int = Field(description="No position yet on the current version.")
    consensus: bool


class DocumentDetailOut(DocumentOut):
    open_proposals: int | None = Field(description="Open proposals on the current version; null for the public.")
    consensus_summary: ConsensusOut | None = Field(description="Positions on the current version; null for the public.")


class DocumentIn(Schema):
    meeting_id: DbInt
    kind: DocumentKind
    title_en: Text = Field(max_length=300)
    title_vi: Text = Field("", max_length=400)
    lead_party: PartyCode | None = None
    lead_body: Text | None = Field(None, max_length=32, description="Code of the body that leads it, e.g. SOMHD.")
    disposition: Disposition = Disposition.ADOPT
    classification: Classification = Field(
        Classification.RESTRICTED, description="Restricted documents default to the meeting's framework."
    )
    restricted_to: Text | None = Field(None, max_length=40, description="Framework code, for restricted documents.")
    confidential_to: list[PartyCode] = Field(
        default_factory=list, max_length=50, description="Party codes, for confidential documents."
    )


class DocumentPatchIn(Schema):
    """Only the fields sent are changed; `lead_party` and `restricted_to` may be sent as null to clear them."""

    version: Version
    kind: DocumentKind | None = None
    title_en: Text | None = Field(None, max_length=300)
    title_vi: Text | None = Field(None, max_length=400)
    lead_party: PartyCode | None = None
    disposition: Disposition | None = None
    classification: Classification | None = None
    restricted_to: Text | None = Field(None, max_length=40)
    confidential_to: list[PartyCode] | None = Field(None, max_length=50)


class DocumentWithdrawIn(Schema):
    version: Version
    reason: Text = Field(min_length=1, max_length=2000)


class RecommendIn(Schema):
    version: Version
    from_meeting_id: DbInt = Field(description="The preparing meeting (the SOM) of the same series.")


class DecideIn(Schema):
    version: Version
    place: Text = Field("", max_length=120, description="Defaults to the venue's city.")
    on: date | None = Field(None, description="Within the meeting's dates; defaults to its last day.")


# Versions ----------------------------------------------------------------------------------------


class ParagraphOut(Schema):
    uid: str = Field(description="The paragraph's identity across versions.")
    number: str = Field(description="As printed: numbered paragraphs count from 1; headings carry none.")
    kind: str
    text: str
    ad_ref: bool = Field(description="Agreed ad referendum (capitals to confirm).")


class VersionOut(VersionSummaryOut):
    document_id: int
    based_on_id: int | None
    paragraphs: list[ParagraphOut]


class ParagraphIn(Schema):
    text: Text = Field(min_length=1, max_length=20_000)
    kind: ParagraphKind = ParagraphKind.PARAGRAPH
    uid: uuid.UUID | None = Field(None, description="The paragraph of the current version this one continues.")


class CirculateIn(Schema):
    paragraphs: list[ParagraphIn] = Field(min_length=1, max_length=2000)
    based_on_version_id: DbInt | None = Field(
        description="The version you edited (null for the first draft); another draft circulated meanwhile is 409."
    )
    note: Text = Field("", max_length=2000)


# Proposals ---------------------------------------------------------------------------------------


class ProposalOut(Schema):
    id: int
    version_id: int
    party: str
    kind: str
    paragraph_uid: str | None = Field(description="The paragraph changed, or the one a new paragraph follows.")
    start: int | None
    end: int | None
    text: str
    justification: str
    status: str
    supporters: list[str]
    objectors: list[str]
    carried: list[str] | None = Field(
        None,
        description="Only for the chair's compromise (proposals merged into one): the proposers and supporters "
        'of the proposals it merged, which its bracket names after "Chair\'s compromise:".',
    )
    created_at: datetime
    resolution_note: str = Field(description="Why it lapsed, or the chair's note on resolving it.")


class ProposalIn(Schema):
    version_id: VersionId
    party: PartyCode
    kind: ProposalKind
    paragraph_uid: uuid.UUID | None = Field(
        None, description="The paragraph to change; for a new paragraph the one it follows (null: at the top)."
    )
    start: int | None = Field(None, ge=0, le=2_147_483_647, description="Character offset in the paragraph.")
    end: int | None = Field(None, ge=0, le=2_147_483_647, description="Exclusive; equal to start for an insertion.")
    text: Text = Field("", max_length=5000)
    justification: Note = ""


class ReactionIn(Schema):
    party: PartyCode
    stance: Stance
    note: Note = ""


class ResolveIn(Schema):
    note: Note = ""


class MergeIn(Schema):
    proposal_ids: list[DbInt] = Field(min_length=2, max_length=100)
    text: Text = Field("", max_length=5000, description="The compromise; empty to delete the words.")
    party: PartyCode = Field(description="In whose name the compromise stands (usually the chair).")
    justification: Note = ""


class AcceptIn(Schema):
    version_id: VersionId
    proposal_ids: list[DbInt] = Field(min_length=1, max_length=1000)
    note: Text = Field("", max_length=2000)


class AdRefIn(Schema):
    version_id: VersionId
    paragraph_uid: uuid.UUID
    parties: list[PartyCode] = Field(default_factory=list, max_length=50, description="Still to confirm.")
    note: Note = ""


class AdRefConfirmIn(Schema):
    version_id: VersionId
    paragraph_uid: uuid.UUID


class AdRefOut(Schema):
    version_id: int
    paragraph_uid: str
    ad_ref: bool
    parties: list[str]
    document_status: str


# Positions and silence ---------------------------------------------------------------------------


class BoardRowOut(Schema):
    party: str
    party_name: str
    role: str = Field(description="member or partner.")
    position: str = Field(description="agree, agree_ad_ref, reserve, object, or '' when none yet.")
    note: str
    taken_at: datetime | None
    previous: str = Field(description="Its position on the version before.")
    broke_silence: bool


class BoardOut(Schema):
    version_id: int | None
    version_number: int | None
    summary: ConsensusOut
    rows: list[BoardRowOut]


class PositionIn(Schema):
    version_id: VersionId
    party: PartyCode
    kind: PositionKind
    note: Note = Field("", description="Required for a reservation or an objection.")


class PositionOut(Schema):
    version_id: int
    party: str
    kind: str
    note: str
    taken_at: datetime
    document_status: str


class SilenceBreakOut(Schema):
    party: str
    reason: str
    broken_at: datetime


class SilenceOut(Schema):
    id: int
    version_id: int
    status: str = Field(description="running, held, broken or cancelled.")
    deadline: datetime = Field(description="UTC.")
    deadline_local: datetime = Field(description="In the announced time zone.")
    time_zone: str
    seconds_left: int = Field(description="0 once the deadline has passed or the procedure ended.")
    started_at: datetime
    concluded_at: datetime | None
    result: str
    breaks: list[SilenceBreakOut]


class SilenceIn(Schema):
    version_id: VersionId
    deadline: datetime = Field(
        description="With a UTC offset (2024-07-25T18:00:00+07:00); without one it is read in `time_zone`."
    )
    time_zone: str = Field(
        max_length=64, pattern=r"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*$", description="IANA, e.g. Asia/Vientiane."
    )


class SilenceBreakIn(Schema):
    party: PartyCode
    reason: Text = Field(min_length=1, max_length=2000)


class SilenceCancelIn(Schema):
    reason: Text = Field(min_length=1, max_length=500)


class NotifiedOut(Schema):
    kind: str = Field(description="silence.started, silence.reminder, silence.broken or silence.held.")
    party: str = Field(description="The party on whose behalf the recipient was told ('' for a secretariat).")
    name: str
    username: str = Field(description="'' for a head of delegation told by e-mail only.")
    address: str = Field(description="The e-mail address written to ('' when the user has none).")
    channel: str = Field(
        description="inbox_email, inbox or email; none on the row of a consensus party no one could be told for "
        "(no focal point, delegate or head of delegation with an address)."
    )
    told_at: datetime | None = Field(description="null on the row of a party no one could be told for.")
    email_state: str = Field(
        description="queued, digest, sending, sent (accepted by the mail server), retrying, failed, not_sent "
        "(inbox only), no_address or withheld (the recipient may no longer see it); '' on the row of a party no one "
        "could be told for."
    )
    emailed_at: datetime | None


class PositionsRequestIn(Schema):
    version_id: VersionId


class PositionsRequestOut(Schema):
    version_id: int
    parties: list[str] = Field(description="The parties asked: those without a position on the current draft.")
