"""Schemas of delegations, participants and their accreditation, and circulars."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from mufakat.accounts.classification import Classification
from mufakat.api.common import ErrorOut
from mufakat.api.reference.schemas import PartyOut
from mufakat.delegations.enums import ParticipantRole, Rank
from mufakat.delegations.models import Circular


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
