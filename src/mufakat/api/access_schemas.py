"""Request and response schemas for accounts, delegations, participants, circulars and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema

from mufakat.accounts.classification import Classification
from mufakat.delegations.enums import ParticipantRole, Rank
from mufakat.delegations.models import Circular
from mufakat.meetings.enums import AdditionKind

from .schemas import ErrorOut, PartyOut

# Accounts ---------------------------------------------------------------------------------------


class RoleOut(Schema):
    series: str
    role: str
    party: str | None


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[RoleOut]


class TokenIn(Schema):
    name: str = Field(max_length=80, description="What the token is for, e.g. the script that uses it.")
    expires_in_days: int = Field(90, ge=1, le=366)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    active: bool


class TokenCreatedOut(TokenOut):
    token: str = Field(description="The token itself, shown this once; only a digest is stored.")


class AuditChangeOut(Schema):
    field: str = Field(description="The field as the snapshot names it, e.g. lead_party.")
    label: str = Field(description="The field's name for people, in the request's language.")
    before: str | None = Field(description="The value before, ids shown as names; null for a creation.")
    after: str


class AuditEventOut(Schema):
    at: datetime
    actor: str = Field(description="Username.")
    actor_name: str = Field(description="The person's full name, else the username.")
    actor_role: str
    actor_party: str = Field(description="Party codes, comma-separated.")
    actor_party_names: str
    action: str
    object_type: str
    object_id: str
    object_repr: str = Field(description="The object as recorded at the time; empty when the reader may not see it.")
    object_label: str = Field(
        description="e.g. 'Outcome document: Joint Communiqué of the 57th AMM'; only the kind and id when the "
        "reader may not see the object."
    )
    object_url: str | None = Field(description="The object's page, when the reader may see it.")
    withheld: bool = Field(description="The object is hidden from the reader: before, after and changes are empty.")
    changes: list[AuditChangeOut]
    before: dict[str, Any] | None = Field(description="The snapshot as recorded (foreign keys as ids).")
    after: dict[str, Any] | None
    request_id: str


# Delegations ------------------------------------------------------------------------------------


class DelegationOut(Schema):
    party: PartyOut
    quota: int | None = Field(description="Shown to the secretariats only.")
    registered: int | None = Field(description="Participants not withdrawn; secretariats only.")
    accredited: int | None = Field(description="Secretariats only.")
    pending: int | None = Field(description="Submitted, awaiting accreditation; secretariats only.")
    version: int


class DelegationIn(Schema):
    party: str = Field(max_length=12, description="Party code, e.g. VN or EU.")
    quota: int = Field(10, ge=1, le=1000)


class DelegationQuotaIn(Schema):
    quota: int = Field(ge=1, le=1000)
    version: int = Field(ge=1, description="The version you read; a stale one is refused with 409.")


class DelegationConflictOut(ErrorOut):
    current: DelegationOut


class ParticipantIn(Schema):
    name_en: str = Field(max_length=160, description="As in the passport, in Latin script.")
    name_vi: str = Field("", max_length=160)
    title_en: str = Field("", max_length=240)
    title_vi: str = Field("", max_length=240)
    rank: Rank
    role: ParticipantRole
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)


class ParticipantPatchIn(Schema):
    """Only the fields sent are changed (null leaves a field as it is). A change sends an accredited or
    returned participant back for accreditation."""

    version: int = Field(ge=1, description="The version you read; a stale one is refused with 409.")
    name_en: str | None = Field(None, max_length=160)
    name_vi: str | None = Field(None, max_length=160)
    title_en: str | None = Field(None, max_length=240)
    title_vi: str | None = Field(None, max_length=240)
    rank: Rank | None = None
    role: ParticipantRole | None = None
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)


class VersionIn(Schema):
    version: int = Field(ge=1, description="The version you read; a stale one is refused with 409.")


class AccreditationIn(Schema):
    version: int = Field(ge=1, description="The version you read; a stale one is refused with 409.")
    decision: Literal["accredit", "return"]
    reason: str = Field("", max_length=2000, description="Required when returning: what the focal point must fix.")


class ParticipantOut(Schema):
    id: int
    party: str
    name_en: str
    name_vi: str
    title_en: str
    title_vi: str
    rank: str
    role: str
    email: str
    phone: str
    accreditation: str
    returned_reason: str
    version: int
    created_at: datetime


class ParticipantConflictOut(ErrorOut):
    current: ParticipantOut


# Circulars --------------------------------------------------------------------------------------


class CircularOut(Schema):
    id: int
    reference: str
    title_en: str
    title_vi: str
    body_en: str
    body_vi: str
    classification: str
    restricted_to: str | None = Field(description="Framework code, for restricted circulars.")
    confidential_to: list[str] = Field(description="Party codes, for confidential circulars.")
    issued_at: datetime

    @staticmethod
    def resolve_restricted_to(obj: Circular) -> str | None:
        return obj.restricted_to.code if obj.restricted_to is not None else None

    @staticmethod
    def resolve_confidential_to(obj: Circular) -> list[str]:
        return sorted(party.code for party in obj.confidential_to.all())


class CircularIn(Schema):
    reference: str = Field(max_length=40, description="Unique in the series, e.g. AMM-57/LOG/02.")
    title_en: str = Field(max_length=240)
    title_vi: str = Field("", max_length=300)
    body_en: str
    body_vi: str = ""
    classification: Classification
    restricted_to: str | None = Field(None, max_length=40, description="Framework code, for restricted circulars.")
    confidential_to: list[str] = Field(
        default_factory=list, max_length=50, description="Party codes, for confidential circulars."
    )


# Attendance -------------------------------------------------------------------------------------


class AttendanceAdditionIn(Schema):
    party: str = Field(max_length=12, description="Party code, e.g. TL.")
    kind: AdditionKind
    note: str = Field("", max_length=240)


class AttendanceAdditionOut(Schema):
    id: int
    meeting_id: int
    party: PartyOut
    kind: str
    note: str
