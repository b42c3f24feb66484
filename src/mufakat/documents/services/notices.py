"""Who is told what about a document, under its classification: each notice goes only to those whose document
selectors would show the document (a partner never hears of an ASEAN-only draft, not even its title). Called by
the document services inside the transaction of their change, so a change that rolls back tells no one."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from django.db.models import QuerySet
from django.urls import reverse

from mufakat.accounts.enums import PARTY_ROLES, SeriesRole
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.text import Text, gettext_noop
from mufakat.documents.enums import FINAL_STATUSES, DocumentStatus, ParagraphKind, ProposalKind, ProposalStatus, Stance
from mufakat.documents.models import (
    DocumentVersion,
    OutcomeDocument,
    Paragraph,
    Proposal,
    ProposalReaction,
    SilenceProcedure,
)
from mufakat.documents.rules import document_visible_q
from mufakat.meetings.models import Series
from mufakat.notifications.phrases import local_date
from mufakat.notifications.selectors import series_viewers, who_may_see
from mufakat.notifications.services import Recipient, notify
from mufakat.notifications.text import localized_of
from mufakat.reference.selectors import MembershipIndex

from .common import consensus_parties

SECRETARIAT_ROLES = {SeriesRole.CHAIR_SECRETARIAT, SeriesRole.ASEAN_SECRETARIAT}


def document_link(document: OutcomeDocument, page: str = "document-detail", anchor: str = "") -> str:
    series = document.meeting.series
    if series is None:
        return ""
    path = reverse(f"web:{page}", kwargs={"code": series.code, "document_id": document.pk})
    return f"{path}#{anchor}" if anchor else path


def viewers_of(
    document: OutcomeDocument, *, roles: Iterable[str] | None = None, party_ids: Iterable[int] | None = None
) -> list[SeriesViewer]:
    """The users of the series (with one of `roles`, for one of `party_ids`) whom the document's selectors
    would show it to."""
    series = document.meeting.series
    if series is None:
        return []
    viewers = series_viewers(series_id=series.pk, roles=roles, party_ids=party_ids)
    return who_may_see(viewers, document, lambda v: document_visible_q(v, series_start=series.start_date))


# Which notices about documents a reader may still be shown (notifications.visibility): those about the documents
# the register's selector shows them, and about those documents' drafts, proposals and silence procedures.


def documents_visible_to(*, viewer: SeriesViewer, series: Series, index: MembershipIndex) -> QuerySet[OutcomeDocument]:
    visible = document_visible_q(viewer, series_start=series.start_date, index=index)
    return OutcomeDocument.objects.filter(meeting__series=series).filter(visible)


def versions_visible_to(*, viewer: SeriesViewer, series: Series, index: MembershipIndex) -> QuerySet[DocumentVersion]:
    documents = documents_visible_to(viewer=viewer, series=series, index=index)
    return DocumentVersion.objects.filter(document__in=documents.values("pk"))


def proposals_visible_to(*, viewer: SeriesViewer, series: Series, index: MembershipIndex) -> QuerySet[Proposal]:
    documents = documents_visible_to(viewer=viewer, series=series, index=index)
    return Proposal.objects.filter(document__in=documents.values("pk"))


def silence_procedures_visible_to(
    *, viewer: SeriesViewer, series: Series, index: MembershipIndex
) -> QuerySet[SilenceProcedure]:
    documents = documents_visible_to(viewer=viewer, series=series, index=index)
    return SilenceProcedure.objects.filter(version__document__in=documents.values("pk"))


def parties_that_may_see(document: OutcomeDocument, party_ids: Iterable[int]) -> set[int]:
    """Of these parties, those whose delegates may see the document (for recipients without an account, such as
    heads of delegation, who have no viewer of their own)."""
    series = document.meeting.series
    if series is None:
        return set()
    stand_ins = [
        SeriesViewer(
            user=None,
            series_id=series.pk,
            roles=frozenset({SeriesRole.DELEGATE}),
            party_ids=frozenset({party_id}),
            focal_party_ids=frozenset(),
        )
        for party_id in sorted(set(party_ids))
    ]
    visible = who_may_see(stand_ins, document, lambda v: document_visible_q(v, series_start=series.start_date))
    return {next(iter(viewer.party_ids)) for viewer in visible}


def recipients(viewers: Iterable[SeriesViewer], *, actor: SeriesViewer | None = None) -> list[Recipient]:
    """Each viewer once, named for their party (none for the secretariats); never the actor who did it."""
    actor_id = actor.user.pk if actor is not None and actor.is_authenticated else None
    return [
        Recipient(user=viewer.user, party_id=min(viewer.party_ids) if viewer.party_ids else None)
        for viewer in viewers
        if viewer.user.pk != actor_id
    ]


def _party_users(document: OutcomeDocument, party_ids: Iterable[int]) -> list[SeriesViewer]:
    wanted = set(party_ids)
    if not wanted:
        return []
    return viewers_of(document, roles=PARTY_ROLES, party_ids=wanted)


def _title(document: OutcomeDocument) -> dict[str, object]:
    return {"title": localized_of(document, "title")}


def _series_id(document: OutcomeDocument) -> int | None:
    return document.meeting.series_id


# Drafts -------------------------------------------------------------------------------------------------------


def notify_circulated(*, actor: SeriesViewer, document: OutcomeDocument, version: DocumentVersion) -> None:
    """A new draft: everyone in the series who may see it (delegations, observers where the classification lets
    them see drafts, the secretariats), but not whoever circulated it."""
    told = recipients(viewers_of(document), actor=actor)
    values = _title(document) | {"number": version.number}
    notify(
        kind="document.circulated",
        recipients=told,
        subject=Text(gettext_noop("Draft %(number)s of %(title)s circulated"), values),
        body=Text(
            gettext_noop("Draft %(number)s of “%(title)s” has been circulated. Note: %(note)s")
            if version.note
            else gettext_noop("Draft %(number)s of “%(title)s” has been circulated."),
            values | {"note": version.note},
        ),
        series_id=_series_id(document),
        link=document_link(document),
        about=version,
    )


def _paragraph_number(version_id: int, uid: uuid.UUID) -> int | None:
    """The paragraph's number as printed (headings carry none), not its position."""
    position = Paragraph.objects.filter(version_id=version_id, uid=uid).values_list("position", flat=True).first()
    if position is None:
        return None
    return Paragraph.objects.filter(version_id=version_id, kind=ParagraphKind.PARAGRAPH, position__lte=position).count()


def paragraph_parties(document: OutcomeDocument, paragraph_uid: uuid.UUID) -> set[int]:
    """The parties whose text the paragraph carries or who backed it: those who proposed it (a new paragraph) or
    a change to it that is open or was accepted, and those who supported such a proposal."""
    proposals = Proposal.objects.filter(document=document, status__in=[ProposalStatus.OPEN, ProposalStatus.ACCEPTED])
    on_paragraph = proposals.filter(paragraph_uid=paragraph_uid).exclude(
        kind=ProposalKind.NEW_PARAGRAPH
    ) | proposals.filter(new_uid=paragraph_uid)
    proposers = set(on_paragraph.values_list("party_id", flat=True))
    supporters = set(
        ProposalReaction.objects.filter(proposal__in=on_paragraph, stance=Stance.SUPPORT).values_list(
            "party_id", flat=True
        )
    )
    return proposers | supporters


def notify_proposal_on_paragraph(*, actor: SeriesViewer, proposal: Proposal) -> None:
    """A proposal on a paragraph other parties proposed or supported: those parties' users are told."""
    if proposal.kind == ProposalKind.NEW_PARAGRAPH or proposal.paragraph_uid is None:
        return
    document = proposal.document
    parties = paragraph_parties(document, proposal.paragraph_uid) - {proposal.party_id}
    told = recipients(_party_users(document, parties), actor=actor)
    if not told:
        return
    number = _paragraph_number(proposal.version_id, proposal.paragraph_uid)
    values = _title(document) | {
        "party": proposal.party.code,
        "number": number or "",
        "kind": ProposalKind(proposal.kind).label,
        "text": proposal.text,
    }
    notify(
        kind="document.proposal_on_my_paragraph",
        recipients=told,
        subject=Text(gettext_noop("%(party)s proposes a change to paragraph %(number)s of %(title)s"), values),
        body=Text(
            gettext_noop(
                "%(party)s proposed a change (%(kind)s) to paragraph %(number)s of “%(title)s”, a paragraph your "
                "delegation proposed or supported. Proposed text: “%(text)s”"
            ),
            values,
        ),
        series_id=_series_id(document),
        link=document_link(document, anchor=f"p-{proposal.paragraph_uid}"),
        about=proposal,
    )


DECISION_SUBJECTS: dict[str, str] = {
    ProposalStatus.ACCEPTED: gettext_noop("Your proposal #%(id)s on %(title)s was accepted"),
    ProposalStatus.REJECTED: gettext_noop("Your proposal #%(id)s on %(title)s was rejected"),
    ProposalStatus.MERGED: gettext_noop("Your proposal #%(id)s on %(title)s was merged into a compromise"),
    ProposalStatus.WITHDRAWN: gettext_noop("Your proposal #%(id)s on %(title)s was withdrawn by the chair"),
    ProposalStatus.LAPSED: gettext_noop("Your proposal #%(id)s on %(title)s lapsed"),
}
DECISION_BODIES: dict[str, str] = {
    ProposalStatus.ACCEPTED: gettext_noop(
        "The chair accepted proposal #%(id)s of %(party)s on “%(title)s”: it is part of draft %(number)s."
    ),
    ProposalStatus.REJECTED: gettext_noop(
        "The chair rejected proposal #%(id)s of %(party)s on “%(title)s”. Reason: %(note)s"
    ),
    ProposalStatus.MERGED: gettext_noop(
        "The chair merged proposal #%(id)s of %(party)s on “%(title)s” into the compromise proposal #%(into)s."
    ),
    ProposalStatus.WITHDRAWN: gettext_noop(
        "The chair withdrew proposal #%(id)s of %(party)s on “%(title)s” for your delegation. %(note)s"
    ),
    ProposalStatus.LAPSED: gettext_noop(
        "Proposal #%(id)s of %(party)s on “%(title)s” lapsed with draft %(number)s: %(note)s"
    ),
}


def notify_proposals_decided(*, actor: SeriesViewer, proposals: Sequence[Proposal], number: int | None = None) -> None:
    """What became of these proposals: told to the proposing party's users and to those of the parties that
    supported them (one notice per proposal; a supporter is told too, since its backing was decided on)."""
    for proposal in proposals:
        document = proposal.document
        supporters = set(
            ProposalReaction.objects.filter(proposal=proposal, stance=Stance.SUPPORT).values_list("party_id", flat=True)
        )
        told = recipients(_party_users(document, {proposal.party_id} | supporters), actor=actor)
        if not told:
            continue
        values = _title(document) | {
            "id": proposal.pk,
            "party": proposal.party.code,
            "note": proposal.resolution_note,
            "number": number or "",
            "into": proposal.merged_into_id or "",
        }
        anchor = f"p-{proposal.paragraph_uid}" if proposal.paragraph_uid else ""
        notify(
            kind="document.proposal_decided",
            recipients=told,
            subject=Text(DECISION_SUBJECTS[proposal.status], values),
            body=Text(DECISION_BODIES[proposal.status], values),
            series_id=_series_id(document),
            link=document_link(document, anchor=anchor),
            about=proposal,
        )


def positions_request_key(version: DocumentVersion) -> str:
    """The key of the one request for positions a draft gets (see services.clearance.positions_request)."""
    return f"positions:{version.pk}"


def notify_positions_requested(*, actor: SeriesViewer, document: OutcomeDocument, party_ids: Iterable[int]) -> None:
    """The chair asks these parties for their position on the current draft: their focal points and delegates.
    Raised under the draft's key even when no one is there to tell, so the request is on record and never
    repeated."""
    version = document.current_version
    if version is None:
        return
    told = recipients(
        viewers_of(document, roles={SeriesRole.FOCAL_POINT, SeriesRole.DELEGATE}, party_ids=party_ids), actor=actor
    )
    values = _title(document) | {"number": version.number}
    notify(
        kind="document.positions_requested",
        recipients=told,
        subject=Text(gettext_noop("Your position on draft %(number)s of %(title)s is requested"), values),
        body=Text(
            gettext_noop(
                "The chair asks your delegation to state its position on draft %(number)s of “%(title)s”: agree, "
                "agree ad referendum, reserve or object."
            ),
            values,
        ),
        series_id=_series_id(document),
        link=document_link(document, "document-board", "take-position"),
        about=version,
        key=positions_request_key(version),
    )


def notify_decided(*, actor: SeriesViewer, document: OutcomeDocument) -> None:
    """The meeting's decision: `document.adopted` to those who negotiated it (the consensus parties' users and
    the secretariats), `document.published` to everyone else in the series the final text is now shown to (a
    public text: the whole series; a classified one: only whom its classification allows)."""
    if document.status not in FINAL_STATUSES:
        return
    everyone = viewers_of(document)
    negotiators = {entry.party.pk for entry in consensus_parties(document)}
    adopted = [v for v in everyone if v.is_secretariat or v.party_ids & negotiators]
    published = [v for v in everyone if v not in adopted]
    values = _title(document) | {
        "status": DocumentStatus(document.status).label,
        "meeting": document.meeting.short_title,
        "place": document.final_place,
        "date": local_date(document.final_date) if document.final_date else "",
    }
    link = document_link(document, "document-final")
    notify(
        kind="document.adopted",
        recipients=recipients(adopted, actor=actor),
        subject=Text(gettext_noop("%(title)s: %(status)s"), values),
        body=Text(
            gettext_noop("“%(title)s” was decided by %(meeting)s (%(status)s) in %(place)s on %(date)s."), values
        ),
        series_id=_series_id(document),
        link=link,
        about=document,
    )
    if published:
        notify(
            kind="document.published",
            recipients=recipients(published, actor=actor),
            subject=Text(gettext_noop("Published: %(title)s"), values),
            body=Text(
                gettext_noop("The final text of “%(title)s” (%(status)s by %(meeting)s on %(date)s) is published."),
                values,
            ),
            series_id=_series_id(document),
            link=link,
            about=document,
        )
