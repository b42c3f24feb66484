"""Save hooks for the records whose text is written in many places (meetings, sessions, circulars, plans and
their lines, participants, register entries, proposals, ad ref marks): the index follows in the same
transaction. Paragraphs are written in bulk by one service (documents.services.versions), which calls
`index_version` itself; status updates written with .update() call `index_document_head`."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from mufakat.delegations.models import Circular, Participant
from mufakat.documents.models import AdRefMark, OutcomeDocument, Proposal
from mufakat.meetings.models import Meeting, Session
from mufakat.plans.models import Plan, PlanLine

from . import indexing
from .enums import Kind


def connect() -> None:
    def saved(handler: Any) -> Any:
        def receiver(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
            if not raw:  # fixtures loading raw rows: reindex afterwards
                handler(instance)

        return receiver

    handlers: list[tuple[type, Any, str]] = [
        (Meeting, indexing.index_meeting, Kind.MEETING),
        (Session, indexing.index_session, Kind.SESSION),
        (Circular, indexing.index_circular, Kind.CIRCULAR),
        (Participant, indexing.index_participant, Kind.PARTICIPANT),
        (Plan, indexing.index_plan, Kind.PLAN),
        (PlanLine, lambda line: indexing.index_plan(line.plan), Kind.LINE),
        (OutcomeDocument, lambda document: indexing.index_document_head(document.pk), Kind.DOCUMENT),
        (Proposal, indexing.index_proposal, Kind.PROPOSAL),
        (AdRefMark, lambda mark: indexing.index_document_head(mark.version.document_id), ""),
    ]
    for model, handler, kind in handlers:
        post_save.connect(saved(handler), sender=model, weak=False, dispatch_uid=f"search-{model.__name__}")
        if kind:
            post_delete.connect(
                lambda sender, instance, kind=kind, **kwargs: indexing.unindex(kind, instance.pk),
                sender=model,
                weak=False,
                dispatch_uid=f"search-delete-{model.__name__}",
            )
