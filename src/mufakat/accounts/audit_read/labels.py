"""Names for the objects an audit entry mentions, looked up for the reader through each object's own access
check, one query per kind of object: an object the reader may not see gets no name."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from mufakat.accounts.classification import classified_visible_q
from mufakat.accounts.enums import SeriesRole
from mufakat.accounts.rules import SeriesViewer
from mufakat.bilaterals.models import BilateralRequest
from mufakat.bilaterals.rules import can_view_all_bilaterals
from mufakat.delegations.models import Participant
from mufakat.documents.selectors import document_list
from mufakat.meetings.models import Recommendation, Series
from mufakat.reference.models import Party

# Labels -----------------------------------------------------------------------------------------------------


def model_of(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def type_label(object_type: str) -> str:
    """'Outcome document' for documents.outcomedocument, in the active language."""
    model = model_of(object_type)
    if model is None:
        return object_type
    name = str(model._meta.verbose_name)
    return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class Resolved:
    label: str
    url: str | None = None


# A resolver takes the reader, the series and ids of one model, and returns the label (and page) of each
# object the reader may see; ids it leaves out are hidden from the reader or no longer exist.
Resolver = Callable[[SeriesViewer, Series, list[str]], dict[str, Resolved]]


def _ints(ids: Iterable[str]) -> list[int]:
    return [int(value) for value in ids if str(value).isdigit()]


def _plain(
    model_label: str,
    label: Callable[[Any], str],
    url: Callable[[Any, Series], str | None] | None = None,
    related: Sequence[str] = (),
) -> Resolver:
    """Objects nobody is kept from seeing within the series (parties, meetings, rooms, sessions)."""

    def resolve(viewer: SeriesViewer, series: Series, ids: list[str]) -> dict[str, Resolved]:
        model = apps.get_model(model_label)
        objects = model._default_manager.select_related(*related).filter(pk__in=_ints(ids))
        return {str(obj.pk): Resolved(label(obj), url(obj, series) if url else None) for obj in objects}

    return resolve


def _visible_documents(viewer: SeriesViewer, series: Series) -> QuerySet[Any]:
    return document_list(viewer=viewer, series=series)


def _document_url(document_id: int, series: Series) -> str:
    return reverse("web:document-detail", args=[series.code, document_id])


def _documents(viewer: SeriesViewer, series: Series, ids: list[str]) -> dict[str, Resolved]:
    documents = _visible_documents(viewer, series).filter(pk__in=_ints(ids))
    return {str(d.pk): Resolved(d.title, _document_url(d.pk, series)) for d in documents}


def _of_document(
    model_label: str, path: str, label: Callable[[Any, Any], str], related: Sequence[str] = ()
) -> Resolver:
    """Objects of a document (versions, proposals, positions, silence procedures): seen with the document."""

    def resolve(viewer: SeriesViewer, series: Series, ids: list[str]) -> dict[str, Resolved]:
        model = apps.get_model(model_label)
        visible = _visible_documents(viewer, series).values("pk")
        objects = model._default_manager.select_related(path, *related).filter(
            pk__in=_ints(ids), **{f"{path}__in": visible}
        )
        result = {}
        for obj in objects:
            document = obj
            for step in path.split("__"):
                document = getattr(document, step)
            result[str(obj.pk)] = Resolved(label(obj, document), _document_url(document.pk, series))
        return result

    return resolve


def _recommendations(viewer: SeriesViewer, series: Series, ids: list[str]) -> dict[str, Resolved]:

    visible = _visible_documents(viewer, series).values("pk")
    objects = Recommendation.objects.select_related("to_meeting__body", "document").filter(
        Q(document__isnull=True) | Q(document__in=visible), pk__in=_ints(ids)
    )
    return {
        str(r.pk): Resolved(
            _("%(subject)s to %(meeting)s") % {"subject": r.get_subject_display(), "meeting": r.to_meeting.short_title}
            + (f": {r.document.title}" if r.document is not None else ""),
            reverse("web:meeting-detail", args=[r.from_meeting_id]) + f"#recommendation-{r.pk}",
        )
        for r in objects
    }


def _classified(model_label: str, label: Callable[[Any], str], url: Callable[[Any, Series], str]) -> Resolver:
    def resolve(viewer: SeriesViewer, series: Series, ids: list[str]) -> dict[str, Resolved]:
        model: Any = apps.get_model(model_label)
        objects = model._default_manager.filter(
            classified_visible_q(model, viewer, series.start_date), pk__in=_ints(ids)
        )
        return {str(obj.pk): Resolved(label(obj), url(obj, series)) for obj in objects}

    return resolve


def _participants(viewer: SeriesViewer, series: Series, ids: list[str]) -> dict[str, Resolved]:

    objects = Participant.objects.select_related("delegation__party").filter(
        pk__in=_ints(ids), delegation__series=series
    )
    if not viewer.is_secretariat:
        objects = objects.filter(delegation__party_id__in=viewer.party_ids)
    return {
        str(p.pk): Resolved(
            f"{p.name_en} ({p.delegation.party.code})",
            reverse("web:delegation-detail", args=[series.code, p.delegation.party.code]),
        )
        for p in objects
    }


def _bilateral_requests(viewer: SeriesViewer, series: Series, ids: list[str]) -> dict[str, Resolved]:

    objects = BilateralRequest.objects.select_related("requester").prefetch_related("counterparts")
    objects = objects.filter(pk__in=_ints(ids), series=series)
    if not can_view_all_bilaterals(viewer, series.pk):
        # Who meets whom is the parties' business: only the requests a reader's party takes part in.
        objects = objects.filter(Q(requester_id__in=viewer.party_ids) | Q(counterparts__in=viewer.party_ids)).distinct()
    url = reverse("web:bilateral-requests", args=[series.code])
    return {
        str(r.pk): Resolved(
            _("%(requester)s with %(counterparts)s")
            % {"requester": r.requester.name, "counterparts": ", ".join(p.name for p in r.counterparts.all())},
            url,
        )
        for r in objects
    }


def _parties(viewer: SeriesViewer, series: Series, ids: list[str]) -> dict[str, Resolved]:
    """Parties by id, or by code where a snapshot wrote codes (a bilateral request's counterparts)."""

    codes = [value for value in ids if not value.isdigit()]
    result = {}
    for party in Party.objects.filter(Q(pk__in=_ints(ids)) | Q(code__in=codes)):
        resolved = Resolved(f"{party.name} ({party.code})")
        result[str(party.pk)] = result[party.code] = resolved
    return result


def _role(assignment: Any) -> str:
    labels = dict(SeriesRole.choices)
    party = f" ({assignment.party.code})" if assignment.party else ""
    return f"{assignment.user.username}: {labels.get(assignment.role, assignment.role)}{party}"


def person_name(user: Any) -> str:
    return str(user.get_full_name() or user.username)


RESOLVERS: dict[str, Resolver] = {
    "reference.party": _parties,
    "reference.framework": _plain("reference.framework", lambda f: f.name),
    "accounts.user": _plain("accounts.user", person_name),
    "accounts.roleassignment": _plain("accounts.roleassignment", _role, related=["user", "party"]),
    "meetings.meeting": _plain(
        "meetings.meeting",
        lambda m: m.title,
        lambda m, _s: reverse("web:meeting-detail", args=[m.pk]),
        related=["body"],
    ),
    "meetings.series": _plain("meetings.series", lambda s: s.title),
    "meetings.room": _plain("meetings.room", lambda r: r.name),
    "meetings.venue": _plain("meetings.venue", lambda v: v.name),
    "meetings.session": _plain(
        "meetings.session",
        lambda s: f"{s.title} ({s.meeting.short_title})",
        lambda s, _s: reverse("web:meeting-detail", args=[s.meeting_id]),
        related=["meeting__body"],
    ),
    "meetings.agendaitem": _plain(
        "meetings.agendaitem",
        lambda i: f"{i.title} ({i.meeting.short_title})",
        lambda i, _s: reverse("web:meeting-detail", args=[i.meeting_id]) + "#agenda",
        related=["meeting__body"],
    ),
    "meetings.programmerelease": _plain(
        "meetings.programmerelease",
        lambda r: _("Programme v%(number)d") % {"number": r.number},
        lambda r, s: reverse("web:release-detail", args=[s.code, r.number]),
    ),
    "meetings.recommendation": _recommendations,
    "delegations.delegation": _plain(
        "delegations.delegation",
        lambda d: d.party.name,
        lambda d, s: reverse("web:delegation-detail", args=[s.code, d.party.code]),
        related=["party"],
    ),
    "delegations.participant": _participants,
    "delegations.circular": _classified(
        "delegations.circular",
        lambda c: f"{c.reference} {c.title}",
        lambda c, s: reverse("web:circular-detail", args=[s.code, c.pk]),
    ),
    "documents.outcomedocument": _documents,
    "documents.documentversion": _of_document(
        "documents.documentversion",
        "document",
        lambda v, d: _("Draft %(number)d of the %(title)s") % {"number": v.number, "title": d.title},
    ),
    "documents.proposal": _of_document(
        "documents.proposal",
        "document",
        lambda p, d: (
            _("%(kind)s #%(id)d on the %(title)s") % {"kind": p.get_kind_display(), "id": p.pk, "title": d.title}
        ),
    ),
    "documents.proposalreaction": _of_document(
        "documents.proposalreaction",
        "proposal__document",
        lambda r, d: (
            _("%(party)s: %(stance)s on proposal #%(id)d to the %(title)s")
            % {"party": r.party.name, "stance": r.get_stance_display(), "id": r.proposal_id, "title": d.title}
        ),
        related=["party"],
    ),
    "documents.position": _of_document(
        "documents.position",
        "version__document",
        lambda p, d: (
            _("%(party)s: %(kind)s on draft %(number)d of the %(title)s")
            % {"party": p.party.name, "kind": p.get_kind_display(), "number": p.version.number, "title": d.title}
        ),
        related=["party"],
    ),
    "documents.silenceprocedure": _of_document(
        "documents.silenceprocedure",
        "version__document",
        lambda p, d: _("on draft %(number)d of the %(title)s") % {"number": p.version.number, "title": d.title},
    ),
    "plans.plan": _classified(
        "plans.plan",
        lambda p: p.title,
        lambda p, s: reverse("web:plan-detail", args=[s.code, p.pk]),
    ),
    "bilaterals.bilateralrequest": _bilateral_requests,
}

# Kinds whose entries quote something a reader may be kept from: without a resolver saying the reader may see
# the object, such an entry shows neither the object's name nor its changes.
GUARDED_APPS = {"documents", "plans", "bilaterals"}
GUARDED_TYPES = {"delegations.circular", "delegations.participant", "meetings.recommendation"}


def is_guarded(object_type: str) -> bool:
    return object_type in GUARDED_TYPES or object_type.split(".", maxsplit=1)[0] in GUARDED_APPS
