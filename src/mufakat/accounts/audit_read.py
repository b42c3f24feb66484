"""Reading the audit log of a series: filters (object, party, person, action, day), and entries shown with
names instead of ids, each object labelled and linked when the reader may see it.

An audit entry quotes its object (`object_repr`, and titles or names in its before/after snapshot), so it
follows the object's classification: every label is looked up through the object's own access-checked
selector for this reader, and an entry about an object the reader may not see (a restricted draft, a
confidential circular, another party's bilateral request) shows neither its title nor its changes. Ids are
resolved to names in one query per kind of object on the page, whatever the number of entries."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from mufakat.bilaterals.models import BilateralRequest
from mufakat.bilaterals.rules import can_view_all_bilaterals
from mufakat.core.classification import classified_visible_q
from mufakat.core.errors import ValidationFailed
from mufakat.delegations.models import Participant
from mufakat.documents.selectors import document_list
from mufakat.meetings.models import Recommendation, Series
from mufakat.reference.models import Party

from .enums import SeriesRole
from .models import AuditEvent, User
from .rules import SeriesViewer, can_view_audit, require

# Filters ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    """What the reader narrows the log to; empty fields do not filter."""

    object_type: str = ""
    object_id: str = ""
    party: str = ""
    person: str = ""
    action: str = ""
    day: date | None = None

    def as_query(self) -> dict[str, str]:
        """The non-empty filters as query parameters, for links that keep them (pages, CSV)."""
        values = {
            "object_type": self.object_type,
            "object_id": self.object_id,
            "party": self.party,
            "person": self.person,
            "action": self.action,
            "day": self.day.isoformat() if self.day else "",
        }
        return {name: value for name, value in values.items() if value}


def audit_filter_parse(data: Mapping[str, Any]) -> AuditFilter:
    """Read the filters from a query string; a malformed value is refused naming its parameter."""

    def text(name: str, limit: int) -> str:
        value = str(data.get(name) or "").strip()
        if len(value) > limit:
            raise ValidationFailed(
                _("is longer than %(limit)d characters.") % {"limit": limit}, field=name, record=_("audit filter")
            )
        return value

    raw_day = text("day", 10)
    day = None
    if raw_day:
        try:
            day = date.fromisoformat(raw_day)
        except ValueError:
            raise ValidationFailed(
                _("%(value)r is not a day; write it as YYYY-MM-DD, e.g. 2024-07-25.") % {"value": raw_day},
                field="day",
                record=_("audit filter"),
            ) from None
    return AuditFilter(
        object_type=text("object_type", 60),
        object_id=text("object_id", 40),
        party=text("party", 12).upper(),
        person=text("person", 150),
        action=text("action", 60),
        day=day,
    )


def audit_events(*, viewer: SeriesViewer, series: Series, filters: AuditFilter | None = None) -> QuerySet[AuditEvent]:
    """The series' entries this reader may read, newest first, narrowed by the filters. The day is the
    series' venue's calendar day."""
    require(
        can_view_audit(viewer) and viewer.series_id == series.pk,
        _("the audit log of a series is for its chair secretariat."),
    )
    events = AuditEvent.objects.filter(series=series).select_related("actor").order_by("-at", "-pk")
    filters = filters or AuditFilter()
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        events = events.filter(object_id=filters.object_id)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.person:
        events = events.filter(actor_username=filters.person)
    if filters.party:
        # actor_party holds the actor's party codes joined by commas ("VN" or "LA,VN").
        code = filters.party
        events = events.filter(
            Q(actor_party=code)
            | Q(actor_party__startswith=f"{code},")
            | Q(actor_party__endswith=f",{code}")
            | Q(actor_party__contains=f",{code},")
        )
    if filters.day:
        tz = series.venue.tzinfo
        start = datetime.combine(filters.day, time.min, tzinfo=tz)
        events = events.filter(at__gte=start, at__lt=start + timedelta(days=1))
    return events


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class AuditChoices:
    """The values the filters can take in this series' log, for the filter form."""

    object_types: list[Choice]
    actions: list[Choice]
    parties: list[Choice]
    people: list[Choice]


def audit_choices(*, viewer: SeriesViewer, series: Series) -> AuditChoices:
    events = audit_events(viewer=viewer, series=series).order_by()
    types = sorted(set(events.values_list("object_type", flat=True)))
    actions = sorted(set(events.values_list("action", flat=True)))
    codes = sorted(
        {code for joined in events.values_list("actor_party", flat=True) for code in joined.split(",") if code}
    )
    usernames = sorted(set(events.exclude(actor_username="").values_list("actor_username", flat=True)))

    names = {party.code: party.name for party in Party.objects.filter(code__in=codes)}
    full = {
        user.username: user.get_full_name() or user.username for user in User.objects.filter(username__in=usernames)
    }
    return AuditChoices(
        object_types=sorted(
            (Choice(value, type_label(value)) for value in types), key=lambda choice: choice.label.casefold()
        ),
        actions=[Choice(value, value) for value in actions],
        parties=[Choice(code, f"{names.get(code, code)} ({code})") for code in codes],
        people=[Choice(username, full.get(username, username)) for username in usernames],
    )


# Labels -----------------------------------------------------------------------------------------------------


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def type_label(object_type: str) -> str:
    """'Outcome document' for documents.outcomedocument, in the active language."""
    model = _model(object_type)
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


def _person(user: Any) -> str:
    return str(user.get_full_name() or user.username)


RESOLVERS: dict[str, Resolver] = {
    "reference.party": _parties,
    "reference.framework": _plain("reference.framework", lambda f: f.name),
    "accounts.user": _plain("accounts.user", _person),
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


def _guarded(object_type: str) -> bool:
    return object_type in GUARDED_TYPES or object_type.split(".", maxsplit=1)[0] in GUARDED_APPS


# Entries ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ObjectRef:
    type: str
    type_label: str
    id: str
    name: str
    url: str | None
    visible: bool

    @property
    def label(self) -> str:
        return f"{self.type_label}: {self.name}" if self.name else f"{self.type_label} #{self.id}"


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str
    created: bool


@dataclass(frozen=True)
class AuditEntry:
    event: AuditEvent
    person: str
    roles: str
    parties: str
    object: ObjectRef
    changes: list[FieldChange] = field(default_factory=list)
    withheld: bool = False

    @property
    def before(self) -> dict[str, Any] | None:
        return None if self.withheld else self.event.before

    @property
    def after(self) -> dict[str, Any] | None:
        return None if self.withheld else self.event.after


def _snapshot_fields(event: AuditEvent) -> dict[str, tuple[Any, Any, bool]]:
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    return {
        name: (before.get(name), after.get(name), name not in before)
        for name in sorted({*before, *after})
        if before.get(name) != after.get(name) or name not in before
    }


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


# Snapshot keys a service wrote by hand that carry something else than the field of that name (silence.start
# writes the draft's number under "version", not the version's id): shown as written.
RAW_KEYS = {("documents.silenceprocedure", "version")}


def _related_label(model_field: Any) -> str | None:
    if model_field is not None and (model_field.many_to_one or model_field.many_to_many) and model_field.related_model:
        return str(model_field.related_model._meta.label_lower)
    return None


class _Names:
    """Every (model, id) an entry page mentions, resolved for the reader in one query per model."""

    def __init__(self, viewer: SeriesViewer, series: Series) -> None:
        self.viewer, self.series = viewer, series
        self.wanted: dict[str, set[str]] = defaultdict(set)
        self.found: dict[str, dict[str, Resolved]] = {}

    def want(self, model_label: str, value: Any) -> None:
        for item in value if isinstance(value, list) else [value]:
            if item is not None and item != "":
                self.wanted[model_label].add(str(item))

    def resolve(self) -> None:
        for model_label, ids in self.wanted.items():
            resolver = RESOLVERS.get(model_label)
            self.found[model_label] = resolver(self.viewer, self.series, sorted(ids)) if resolver else {}

    def get(self, model_label: str, value: Any) -> Resolved | None:
        return self.found.get(model_label, {}).get(str(value))

    def shown(self, model_label: str, value: Any) -> str:
        if isinstance(value, list):
            return ", ".join(self.shown(model_label, item) for item in value) or "—"
        if value is None or value == "":
            return "—"
        resolved = self.get(model_label, value)
        if resolved is not None:
            return resolved.label
        return f"{type_label(model_label)} #{value}"


def _when(value: str, tz: tzinfo) -> str | None:
    """An ISO time from a snapshot, in the venue's time zone as the page shows times; None if it is not one."""
    if len(value) < 16 or value[10:11] != "T":
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def _value(model_field: Any, value: Any, tz: tzinfo) -> str:
    if value is None:
        return "—"
    if isinstance(value, str) and (when := _when(value, tz)) is not None:
        return when
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    choices = dict(model_field.flatchoices) if model_field is not None and getattr(model_field, "choices", None) else {}
    if choices and not isinstance(value, list | dict):
        return str(choices.get(value, value))
    if isinstance(value, str):
        return value or "“”"
    return json.dumps(value, ensure_ascii=False)


def _field_label(model_field: Any, name: str) -> str:
    label = str(getattr(model_field, "verbose_name", "") or name.replace("_", " "))
    return label[:1].upper() + label[1:]


def _shower(names: _Names, related: str | None, model_field: Any, tz: tzinfo) -> Callable[[Any], str]:
    if related is not None:
        return lambda value: names.shown(related, value)
    return lambda value: _value(model_field, value, tz)


def audit_entries(*, viewer: SeriesViewer, series: Series, events: Iterable[AuditEvent]) -> list[AuditEntry]:
    """The entries as their reader sees them: names for ids, human labels and links for objects the reader
    may see, nothing quoted of objects the reader may not. One query per kind of object mentioned, plus one
    for the parties' names."""
    events = list(events)
    names = _Names(viewer, series)
    party_codes: set[str] = set()
    for event in events:
        names.want(event.object_type, event.object_id)
        party_codes.update(code for code in event.actor_party.split(",") if code)
        model = _model(event.object_type)
        for name, (before, after, _created) in _snapshot_fields(event).items():
            related = None if (event.object_type, name) in RAW_KEYS else _related_label(_field(model, name))
            if related:
                names.want(related, before)
                names.want(related, after)
    names.resolve()
    tz = series.venue.tzinfo

    party_names = {party.code: party.name for party in Party.objects.filter(code__in=party_codes)}
    role_labels = {value: str(label) for value, label in SeriesRole.choices}
    entries = []
    for event in events:
        model = _model(event.object_type)
        resolved = names.get(event.object_type, event.object_id)
        guarded = _guarded(event.object_type)
        # Kinds without a resolver of their own (a delegation's presence, a plan's line) are shown as recorded to
        # the chair secretariat, who sees everything in its series, and withheld from anyone else.
        unresolved_for_chair = event.object_type not in RESOLVERS and viewer.is_chair and viewer.series_id == series.pk
        withheld = guarded and resolved is None and not unresolved_for_chair
        name = resolved.label if resolved else ("" if withheld else event.object_repr)
        changes = []
        if not withheld:
            for field_name, (before, after, created) in _snapshot_fields(event).items():
                if created and after in (None, "", []):
                    continue  # a new object's empty fields say nothing
                raw = (event.object_type, field_name) in RAW_KEYS
                model_field = None if raw else _field(model, field_name)
                related = _related_label(model_field)
                shown = _shower(names, related, model_field, tz)
                changes.append(
                    FieldChange(
                        field=field_name,
                        label=_field_label(model_field, field_name),
                        before="" if created else shown(before),
                        after=shown(after),
                        created=created,
                    )
                )
        entries.append(
            AuditEntry(
                event=event,
                person=(_person(event.actor) if event.actor is not None else event.actor_username),
                roles=", ".join(role_labels.get(role, role) for role in event.actor_role.split(",") if role),
                parties=", ".join(party_names.get(code, code) for code in event.actor_party.split(",") if code),
                object=ObjectRef(
                    type=event.object_type,
                    type_label=type_label(event.object_type),
                    id=event.object_id,
                    name=name,
                    url=resolved.url if resolved else None,
                    visible=resolved is not None,
                ),
                changes=changes,
                withheld=withheld,
            )
        )
    return entries
