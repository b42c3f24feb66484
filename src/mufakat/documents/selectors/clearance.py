"""Clearing a draft: the parties' positions board and the state of a silence procedure."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mufakat.core.errors import NotFound
from mufakat.documents.enums import PositionKind, SilenceStatus
from mufakat.documents.models import (
    DocumentVersion,
    OutcomeDocument,
    Position,
    SilenceBreak,
    SilenceProcedure,
)
from mufakat.documents.services.common import ConsensusParty, consensus_parties
from mufakat.documents.services.notices import positions_request_key
from mufakat.notifications.kinds import NOTICE_KINDS
from mufakat.notifications.models import EmailState, Notice
from mufakat.notifications.selectors import notifications_about
from mufakat.reference.selectors import MembershipIndex


@dataclass
class BoardRow:
    party_code: str
    party_name: str
    role: str
    position: str  # a PositionKind value, or "" when the party has not taken one
    note: str
    taken_at: datetime | None
    previous: str  # its position on the previous draft, for "how far have we come"
    broke_silence: bool


@dataclass
class Board:
    version: DocumentVersion | None
    rows: list[BoardRow]

    def count(self, kind: str) -> int:
        return sum(1 for row in self.rows if row.position == kind)

    @property
    def agreeing(self) -> int:
        return self.count(PositionKind.AGREE) + self.count(PositionKind.AGREE_AD_REF)

    @property
    def pending(self) -> int:
        return sum(1 for row in self.rows if not row.position)

    @property
    def consensus(self) -> bool:
        return bool(self.rows) and self.agreeing == len(self.rows)


def positions_board(*, document: OutcomeDocument, index: MembershipIndex | None = None) -> Board:
    """Every party whose agreement is needed × its position on the latest version (and the one before)."""
    version = document.current_version
    parties: list[ConsensusParty] = consensus_parties(document, index)
    if version is None:
        return Board(None, [BoardRow(p.party.code, p.party.name, p.role, "", "", None, "", False) for p in parties])
    positions = {p.party_id: p for p in Position.objects.filter(version=version)}
    previous = (
        dict(Position.objects.filter(version_id=version.based_on_id).values_list("party_id", "kind"))
        if version.based_on_id
        else {}
    )
    broke = set(SilenceBreak.objects.filter(procedure__version=version).values_list("party_id", flat=True))
    rows = []
    for entry in parties:
        position = positions.get(entry.party.pk)
        rows.append(
            BoardRow(
                party_code=entry.party.code,
                party_name=entry.party.name,
                role=entry.role,
                position=position.kind if position else "",
                note=position.note if position else "",
                taken_at=position.taken_at if position else None,
                previous=previous.get(entry.party.pk, ""),
                broke_silence=entry.party.pk in broke,
            )
        )
    return Board(version, rows)


@dataclass
class SilenceState:
    procedure: SilenceProcedure
    breaks: list[tuple[str, str, datetime]]  # party code, reason, when
    seconds_left: int  # 0 once the deadline has passed

    @property
    def local_deadline(self) -> datetime:
        return self.procedure.deadline.astimezone(zoneinfo.ZoneInfo(self.procedure.time_zone))


def silence_state(*, document: OutcomeDocument, now: datetime | None = None) -> SilenceState | None:
    """The latest silence procedure on the current draft, with its countdown."""
    if document.current_version is None:
        return None
    procedure = (
        SilenceProcedure.objects.filter(version=document.current_version)
        .prefetch_related("breaks__party")
        .order_by("-started_at", "-pk")
        .first()
    )
    if procedure is None:
        return None
    now = now or timezone.now()
    left = int((procedure.deadline - now).total_seconds()) if procedure.status == SilenceStatus.RUNNING else 0
    return SilenceState(
        procedure=procedure,
        breaks=[(b.party.code, b.reason, b.broken_at) for b in procedure.breaks.all()],
        seconds_left=max(0, left),
    )


def silence_result(*, procedure: SilenceProcedure) -> str:
    """What became of the procedure, in the reader's language (the stored `result` is in whichever language the
    worker or the request that concluded it ran in): silence held before the deadline, or broken by whom and
    when; for a cancelled procedure, the chair's reason as typed."""
    if procedure.status == SilenceStatus.HELD:
        return _("Silence held: no party broke silence before %(deadline)s.") % {
            "deadline": _local(procedure.deadline, procedure.time_zone)
        }
    if procedure.status == SilenceStatus.BROKEN:
        first = procedure.breaks.select_related("party").order_by("broken_at", "pk").first()
        if first is not None:
            return _("Silence broken by %(party)s on %(when)s.") % {
                "party": first.party.code,
                "when": _local(first.broken_at, procedure.time_zone),
            }
    return procedure.result


def _local(moment: datetime, zone_name: str) -> str:
    return f"{date_format(moment.astimezone(zoneinfo.ZoneInfo(zone_name)), 'DATETIME_FORMAT')} ({zone_name})"


def positions_requested_at(*, version: DocumentVersion) -> datetime | None:
    """When the chair asked the parties for their positions on this draft (once per draft), if it did."""
    return Notice.objects.filter(key=positions_request_key(version)).values_list("created_at", flat=True).first()


def silence_procedure_get(*, document: OutcomeDocument, procedure_id: int) -> SilenceProcedure:
    procedure = SilenceProcedure.objects.filter(version__document=document, pk=procedure_id).first()
    if procedure is None:
        raise NotFound(_("no silence procedure %(id)s on this document.") % {"id": procedure_id}, field="procedure_id")
    return procedure


class Channel:
    """How a recipient was told: in their inbox (an account), by e-mail, or both."""

    INBOX_AND_EMAIL = "inbox_email"
    INBOX = "inbox"
    EMAIL = "email"
    NONE = "none"  # a party with no one to tell


# gettext_lazy by its own name: makemessages (xgettext) knows no `_lazy` keyword, and under that alias these
# labels never reached the catalogue, so they stayed English on Vietnamese pages.
CHANNEL_LABELS = {
    Channel.INBOX_AND_EMAIL: gettext_lazy("inbox and e-mail"),
    Channel.INBOX: gettext_lazy("inbox only"),
    Channel.EMAIL: gettext_lazy("e-mail only"),
    Channel.NONE: gettext_lazy("no one to tell: no focal point, delegate or head of delegation with an address"),
}


@dataclass(frozen=True)
class NotifiedRow:
    """One recipient's copy of one notice about a silence procedure: the proof that a party was told."""

    kind: str
    kind_label: str
    party_code: str
    name: str
    username: str
    address: str
    channel: str
    told_at: datetime | None  # None on the row of a party with no one to tell
    email_state: str
    email_state_label: str
    emailed_at: datetime | None

    @property
    def channel_label(self) -> str:
        return str(CHANNEL_LABELS[self.channel])


def silence_notified(*, procedure: SilenceProcedure) -> list[NotifiedRow]:
    """Who was told about this procedure (its start, reminders, breaks, silence held): on behalf of which party,
    who or which address, through which channel, when, and whether the mail server accepted the e-mail; then a
    row for each consensus party no one was told for (no focal point, delegate or head of delegation with an
    address), since the proof must account for every party. For the chair secretariat and the ASEAN Secretariat
    (callers check)."""
    rows = []
    # Notice by notice, the secretariats first then party by party: the same order on every database (PostgreSQL
    # sorts a missing party last, SQLite first).
    copies = sorted(
        notifications_about(obj=procedure),
        key=lambda c: (c.notice.created_at, c.notice_id, c.party.code if c.party is not None else "", c.pk),
    )
    for copy in copies:
        mailed = copy.email_state not in (EmailState.NOT_SENT, EmailState.NO_ADDRESS, EmailState.WITHHELD)
        channel = Channel.EMAIL if copy.user is None else (Channel.INBOX_AND_EMAIL if mailed else Channel.INBOX)
        rows.append(
            NotifiedRow(
                kind=copy.notice.kind,
                kind_label=copy.notice.kind_label,
                party_code=copy.party.code if copy.party is not None else "",
                name=copy.name,
                username=copy.user.get_username() if copy.user is not None else "",
                address=copy.address,
                channel=channel,
                told_at=copy.created_at,
                email_state=copy.email_state,
                email_state_label=copy.get_email_state_display(),
                emailed_at=copy.emailed_at,
            )
        )
    told = {copy.party_id for copy in copies}
    started = NOTICE_KINDS["silence.started"]
    for entry in consensus_parties(procedure.version.document):
        if entry.party.pk in told:
            continue
        rows.append(
            NotifiedRow(
                kind="silence.started",
                kind_label=str(started),
                party_code=entry.party.code,
                name="",
                username="",
                address="",
                channel=Channel.NONE,
                told_at=None,
                email_state="",
                email_state_label="",
                emailed_at=None,
            )
        )
    return rows
