"""Response schemas of the reference data: parties, frameworks and their members, chairs."""

from __future__ import annotations

from datetime import date

from ninja import Field, Schema


class PartyOut(Schema):
    code: str
    kind: str
    name_en: str
    name_vi: str


class MemberOut(Schema):
    party: PartyOut
    role: str
    via: str


class FrameworkOut(Schema):
    code: str
    kind: str
    abbreviation: str
    name_en: str
    name_vi: str
    established: date | None
    includes: list[str]


class FrameworkMembersOut(Schema):
    framework: FrameworkOut
    on: date
    count: int = Field(description="All parties on the date, every role together (the length of `members`).")
    counts: dict[str, int] = Field(
        description='Parties per role, e.g. {"member": 10, "observer": 1}; roles nobody holds are left out. '
        "Quote these, not `count`, in a headline."
    )
    members: list[MemberOut]


class MembershipOut(Schema):
    party: PartyOut
    role: str
    valid_from: date | None
    valid_to: date | None
    source_note: str


class ChairOut(Schema):
    year: int
    party: PartyOut
    recorded: bool
