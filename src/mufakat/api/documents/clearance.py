"""Positions on the current draft and the silence procedure."""

# No `from __future__ import annotations`: @paginate re-reads the list operation's signature from its own
# module, where postponed annotations (Query, DocumentStatus) would not resolve.
from datetime import datetime
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Status

from mufakat.accounts.rules import SeriesViewer
from mufakat.api.auth import PUBLIC, SIGNED_IN
from mufakat.api.common import DbInt, errors, party_from_body
from mufakat.api.documents.schemas import (
    BoardOut,
    BoardRowOut,
    NotifiedOut,
    PositionIn,
    PositionOut,
    PositionsRequestIn,
    PositionsRequestOut,
    SilenceBreakIn,
    SilenceBreakOut,
    SilenceCancelIn,
    SilenceIn,
    SilenceOut,
)
from mufakat.core.errors import NotFound, PermissionDenied, ValidationFailed
from mufakat.documents import selectors, services
from mufakat.documents.models import OutcomeDocument, SilenceProcedure
from mufakat.meetings.models import Series

from .common import (
    DOCUMENT,
    consensus_summary,
    documents_router,
    drafts,
    found,
)

# Positions ---------------------------------------------------------------------------------------


@documents_router.get(f"{DOCUMENT}/positions", response={200: BoardOut, **errors(401, 403, 404)}, auth=PUBLIC)
def positions_board(request: HttpRequest, code: str, document_id: DbInt) -> BoardOut:
    """Every party whose agreement the document needs (members and partners of the meeting's framework on
    its first day) × its position on the current version, with its position on the version before."""
    _series, viewer, document = found(request, code, document_id)
    drafts(viewer)
    board = selectors.positions_board(document=document)
    return BoardOut(
        version_id=board.version.pk if board.version else None,
        version_number=board.version.number if board.version else None,
        summary=consensus_summary(board),
        rows=[
            BoardRowOut(
                party=row.party_code,
                party_name=row.party_name,
                role=row.role,
                position=row.position,
                note=row.note,
                taken_at=row.taken_at,
                previous=row.previous,
                broke_silence=row.broke_silence,
            )
            for row in board.rows
        ],
    )


@documents_router.post(
    f"{DOCUMENT}/positions", response={200: PositionOut, **errors(400, 401, 403, 404, 409)}, auth=SIGNED_IN
)
def position_take(request: HttpRequest, code: str, document_id: DbInt, data: PositionIn) -> PositionOut:
    """A party states its position on the current version (agree, agree_ad_ref, reserve or object, the last
    two with a note); a later statement replaces its earlier one. A superseded `version_id` is 409; a party
    outside the document's framework is 400 naming `party`."""
    series, viewer, document = found(request, code, document_id)
    position = services.position_take(
        actor=viewer,
        document=document,
        version_id=data.version_id,
        party=party_from_body(data.party, field="party"),
        kind=data.kind.value,
        note=data.note,
    )
    status = selectors.document_get(viewer=viewer, series=series, document_id=document.pk).status
    return PositionOut(
        version_id=position.version_id,
        party=position.party.code,
        kind=position.kind,
        note=position.note,
        taken_at=position.taken_at,
        document_status=status,
    )


@documents_router.post(
    f"{DOCUMENT}/positions/requests",
    response={201: PositionsRequestOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def positions_request(
    request: HttpRequest, code: str, document_id: DbInt, data: PositionsRequestIn
) -> Status[PositionsRequestOut]:
    """Ask the parties without a position on the current draft for one (chair secretariat): their focal points
    and delegates are notified, once per draft. 400 when every party has stated one, when positions on this draft
    were already requested, when the text is cleared (or silence held on it) or when `version_id` is a version of
    another document; a superseded `version_id` is 409."""
    _series, viewer, document = found(request, code, document_id)
    parties = services.positions_request(actor=viewer, document=document, version_id=data.version_id)
    return Status(201, PositionsRequestOut(version_id=data.version_id, parties=[party.code for party in parties]))


# Silence procedure -------------------------------------------------------------------------------


def _silence_now(document: OutcomeDocument) -> SilenceOut:
    state = selectors.silence_state(document=document)
    if state is None:
        raise NotFound(
            _("no silence procedure on the current draft of %(document)s.") % {"document": document.title_en},
            field="document_id",
        )
    procedure = state.procedure
    return SilenceOut(
        id=procedure.pk,
        version_id=procedure.version_id,
        status=procedure.status,
        deadline=procedure.deadline,
        deadline_local=state.local_deadline,
        time_zone=procedure.time_zone,
        seconds_left=state.seconds_left,
        started_at=procedure.started_at,
        concluded_at=procedure.concluded_at,
        result=selectors.silence_result(procedure=procedure),
        breaks=[SilenceBreakOut(party=party, reason=reason, broken_at=when) for party, reason, when in state.breaks],
    )


def _procedure_found(
    request: HttpRequest, code: str, document_id: int, procedure_id: int
) -> tuple[Series, SeriesViewer, OutcomeDocument, SilenceProcedure]:
    """The series, the viewer, the document and one of its silence procedures, from the path."""
    series, viewer, document = found(request, code, document_id)
    return series, viewer, document, selectors.silence_procedure_get(document=document, procedure_id=procedure_id)


def _deadline(value: datetime, zone_name: str) -> datetime:
    # Checked here as well as in the service: ZoneInfo("America") is a directory, an OSError the service
    # does not expect.
    try:
        zone = ZoneInfo(zone_name)
    except (ValueError, OSError, LookupError):
        raise ValidationFailed(
            _("%(zone_name)r is not an IANA time zone (e.g. Asia/Vientiane).") % {"zone_name": zone_name},
            field="time_zone",
        ) from None
    if not 1970 <= value.year <= 2200:
        raise ValidationFailed(
            _("%(when)s is not a plausible deadline.") % {"when": value.isoformat()}, field="deadline"
        )
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


@documents_router.get(f"{DOCUMENT}/silence", response={200: SilenceOut, **errors(401, 403, 404)}, auth=PUBLIC)
def silence_get(request: HttpRequest, code: str, document_id: DbInt) -> SilenceOut:
    """The latest silence procedure on the current draft: deadline in UTC and in the announced time zone,
    seconds left, who broke silence and why, and the result once concluded."""
    _series, viewer, document = found(request, code, document_id)
    drafts(viewer)
    return _silence_now(document)


@documents_router.post(
    f"{DOCUMENT}/silence", response={201: SilenceOut, **errors(400, 401, 403, 404, 409)}, auth=SIGNED_IN
)
def silence_start(request: HttpRequest, code: str, document_id: DbInt, data: SilenceIn) -> Status[SilenceOut]:
    """Circulate the current draft (without brackets) under silence until `deadline`, announced in
    `time_zone` (chair secretariat). At the deadline the draft is cleared unless a party broke silence."""
    series, viewer, document = found(request, code, document_id)
    services.silence_start(
        actor=viewer,
        document=document,
        version_id=data.version_id,
        deadline=_deadline(data.deadline, data.time_zone),
        time_zone=data.time_zone,
    )
    return Status(201, _silence_now(selectors.document_get(viewer=viewer, series=series, document_id=document.pk)))


@documents_router.post(
    f"{DOCUMENT}/silence/{{procedure_id}}/breaks",
    response={201: SilenceOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def silence_break(
    request: HttpRequest, code: str, document_id: DbInt, procedure_id: DbInt, data: SilenceBreakIn
) -> Status[SilenceOut]:
    """A party breaks silence before the deadline, saying why; after the deadline it is 400, even if the
    deadline job has not run yet."""
    series, viewer, document, procedure = _procedure_found(request, code, document_id, procedure_id)
    services.silence_break(
        actor=viewer, procedure=procedure, party=party_from_body(data.party, field="party"), reason=data.reason
    )
    return Status(201, _silence_now(selectors.document_get(viewer=viewer, series=series, document_id=document.pk)))


@documents_router.post(
    f"{DOCUMENT}/silence/{{procedure_id}}/cancellation",
    response={200: SilenceOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def silence_cancel(
    request: HttpRequest, code: str, document_id: DbInt, procedure_id: DbInt, data: SilenceCancelIn
) -> SilenceOut:
    """Cancel a running silence procedure, saying why (chair secretariat)."""
    series, viewer, document, procedure = _procedure_found(request, code, document_id, procedure_id)
    services.silence_cancel(actor=viewer, procedure=procedure, reason=data.reason)
    return _silence_now(selectors.document_get(viewer=viewer, series=series, document_id=document.pk))


@documents_router.get(
    f"{DOCUMENT}/silence/{{procedure_id}}/notified",
    response={200: list[NotifiedOut], **errors(401, 403, 404)},
    auth=SIGNED_IN,
)
def silence_notified(request: HttpRequest, code: str, document_id: DbInt, procedure_id: DbInt) -> list[NotifiedOut]:
    """The proof that every party was told (chair secretariat and ASEAN Secretariat): each copy of each notice
    about the procedure (start, reminders, breaks, silence held) with the party, the person or address, the
    channel, when, and whether the mail server accepted the e-mail; then a row (channel `none`) for each consensus
    party no one could be told for."""
    _series, viewer, _document, procedure = _procedure_found(request, code, document_id, procedure_id)
    if not viewer.is_secretariat:
        raise PermissionDenied(_("only the secretariats see who was told."))
    return [
        NotifiedOut(
            kind=row.kind,
            party=row.party_code,
            name=row.name,
            username=row.username,
            address=row.address,
            channel=row.channel,
            told_at=row.told_at,
            email_state=row.email_state,
            emailed_at=row.emailed_at,
        )
        for row in selectors.silence_notified(procedure=procedure)
    ]
