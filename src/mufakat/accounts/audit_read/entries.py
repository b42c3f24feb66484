"""Audit entries as people read them: names for ids, field names for people, nothing quoted of an object the
reader may not see."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mufakat.accounts.enums import SeriesRole
from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.documents.enums import DocumentStatus
from mufakat.meetings.models import Series
from mufakat.reference.models import Party

from .actions import action_label
from .labels import RESOLVERS, Resolved, is_guarded, model_of, person_name, type_label

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
    def action_label(self) -> str:
        """The action in words ("Silence procedure concluded"); the code stays in `event.action`."""
        return action_label(self.event.action)

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
    return formats.date_format(moment.astimezone(tz), "DATETIME_FORMAT")


# Snapshot keys services write by hand whose values are codes of a set of choices: shown as the choice's label.
SNAPSHOT_CHOICES: dict[str, dict[Any, Any]] = {"document_status": dict(DocumentStatus.choices)}


def _value(model_field: Any, value: Any, tz: tzinfo, name: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, str) and (when := _when(value, tz)) is not None:
        return when
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if model_field is not None and getattr(model_field, "choices", None):
        choices = dict(model_field.flatchoices)
    else:
        choices = SNAPSHOT_CHOICES.get(name, {})
    if choices and not isinstance(value, list | dict):
        return str(choices.get(value, value))
    if isinstance(value, str):
        return value or "“”"
    return json.dumps(value, ensure_ascii=False)


# Snapshot keys services write by hand, with no model field of that name to take a label from.
SNAPSHOT_LABELS = {
    "accepted": gettext_lazy("accepted"),
    "acknowledged_conflicts": gettext_lazy("acknowledged conflicts"),
    "agenda_item": gettext_lazy("agenda item"),
    "changes": gettext_lazy("changes"),
    "document": gettext_lazy("document"),
    "document_status": gettext_lazy("document status"),
    "into": gettext_lazy("into"),
    "lapsed": gettext_lazy("lapsed"),
    "meeting": gettext_lazy("meeting"),
    "merged": gettext_lazy("merged"),
    "number": gettext_lazy("number"),
    "paragraph_uid": gettext_lazy("paragraph"),
    "parties": gettext_lazy("parties"),
    "party": gettext_lazy("party"),
    "procedure": gettext_lazy("procedure"),
    "reason": gettext_lazy("reason"),
    "recorded_for": gettext_lazy("recorded for"),
    "reports_frozen": gettext_lazy("reports frozen"),
    "revision": gettext_lazy("revision"),
    "scheduled": gettext_lazy("scheduled"),
    "source": gettext_lazy("source"),
    "unscheduled": gettext_lazy("unscheduled"),
    "version": gettext_lazy("version"),
}


def _field_label(model_field: Any, name: str) -> str:
    verbose = getattr(model_field, "verbose_name", "")
    if str(verbose) == name.replace("_", " "):
        verbose = ""  # Django's default from the field's name, untranslated ("version"): take ours instead
    label = str(verbose or SNAPSHOT_LABELS.get(name) or name.replace("_", " "))
    return label[:1].upper() + label[1:]


def _shower(names: _Names, related: str | None, model_field: Any, tz: tzinfo, name: str) -> Callable[[Any], str]:
    if related is not None:
        return lambda value: names.shown(related, value)
    return lambda value: _value(model_field, value, tz, name)


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
        model = model_of(event.object_type)
        for name, (before, after, _created) in _snapshot_fields(event).items():
            related = None if (event.object_type, name) in RAW_KEYS else _related_label(_field(model, name))
            if related:
                names.want(related, before)
                names.want(related, after)
    names.resolve()
    tz = series.venue.tzinfo

    party_names = {party.code: party.name for party in Party.objects.filter(code__in=party_codes)}
    # "system": the deadline job, acting as nobody in particular (documents.services.common).
    role_labels = {value: str(label) for value, label in SeriesRole.choices} | {"system": _("system")}
    entries = []
    for event in events:
        model = model_of(event.object_type)
        resolved = names.get(event.object_type, event.object_id)
        guarded = is_guarded(event.object_type)
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
                shown = _shower(names, related, model_field, tz, field_name)
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
                person=(person_name(event.actor) if event.actor is not None else event.actor_username),
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
