"""Schemas of the caller's account, personal API tokens and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema


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


class DeskRowOut(Schema):
    kind: str = Field(
        description="position, silence, proposal, bilateral_request, report_due, report_returned, "
        "participant_returned; the chair's: resolve, bilateral_unanswered, report_review, accreditation; "
        "next: session, bilateral."
    )
    section: str = Field(description="answer (awaits an answer), deadline (running), next (coming up).")
    what: str = Field(description="What is to be done, in the request's language.")
    subject: str
    series: str
    meeting: str
    party: str = Field(description="The party it awaits (codes, comma-separated); empty for the chair's own work.")
    due_at: datetime | None
    time_zone: str = Field(description="The zone the due time is announced in (the venue's, or the deadline's).")
    seconds_left: int | None = Field(description="Seconds until due_at (0 once it has passed); null without a due_at.")
    count: int
    url: str = Field(description="The web page where it is done.")


class DeskOut(Schema):
    now: datetime
    series: list[str]
    rows: list[DeskRowOut]
