"""Writes to plans: create, edit, and record a revision of the outline (as adopted, as amended by a meeting)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.accounts.audit import AuditTrail, audit_record, snapshot
from mufakat.accounts.classification import Classification, validate_classification
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import ValidationFailed
from mufakat.core.versioning import check_fresh, versioned_update
from mufakat.meetings.models import Meeting
from mufakat.plans.enums import PlanStatus
from mufakat.plans.models import Plan, PlanLine, PlanRevision
from mufakat.plans.revisions import outline_changes
from mufakat.plans.selectors import outline_snapshot
from mufakat.reference.models import Framework, Party

from .common import check_meeting_framework, locked_plan, require_manager

PLAN_FIELDS = [
    "title_en",
    "title_vi",
    "framework",
    "start_year",
    "end_year",
    "adopted_at_meeting",
    "adopted_by_document",
    "status",
    "classification",
    "restricted_to",
]
PLAN_AUDIT_FIELDS = [*PLAN_FIELDS, "confidential_to", "version"]
EDITABLE = frozenset(
    {
        "title_en",
        "title_vi",
        "start_year",
        "end_year",
        "adopted_at_meeting",
        "adopted_by_document",
        "status",
        "classification",
        "restricted_to",
        "confidential_to",
    }
)
FIRST_YEAR, LAST_YEAR = 1967, 2200


def _validate_plan(values: dict[str, Any], *, record: str) -> None:
    if not (values.get("title_en") or "").strip():
        raise ValidationFailed(_("is empty; give the plan's English title."), field="title_en", record=record)
    for name, limit in (("title_en", 300), ("title_vi", 400)):
        if len(values.get(name) or "") > limit:
            raise ValidationFailed(
                _("is longer than %(limit)s characters.") % {"limit": limit}, field=name, record=record
            )
    start, end = values["start_year"], values["end_year"]
    for name, year in (("start_year", start), ("end_year", end)):
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValidationFailed(_("%(year)s is not a plausible year.") % {"year": year}, field=name, record=record)
    if end < start:
        raise ValidationFailed(
            _("%(end)s is before the first year %(start)s.") % {"end": end, "start": start},
            field="end_year",
            record=record,
        )
    if end - start > 30:
        raise ValidationFailed(
            _("%(start)s–%(end)s is longer than 30 years.") % {"start": start, "end": end},
            field="end_year",
            record=record,
        )
    if values.get("status", PlanStatus.ACTIVE) not in PlanStatus.values:
        raise ValidationFailed(
            _("%(value)r is not one of %(values)s.")
            % {"value": values["status"], "values": ", ".join(PlanStatus.values)},
            field="status",
            record=record,
        )
    validate_classification(
        classification=values["classification"],
        restricted_to=values.get("restricted_to"),
        confidential_to=values.get("confidential_to") or [],
        record=record,
    )
    meeting: Meeting | None = values.get("adopted_at_meeting")
    document = values.get("adopted_by_document")
    if document is not None and meeting is not None and document.meeting_id != meeting.pk:
        raise ValidationFailed(
            _("“%(document)s” is in the register of another meeting than %(meeting)s.")
            % {"document": document.title_en, "meeting": meeting.short_title},
            field="adopted_by_document",
            record=record,
        )


@transaction.atomic
def plan_create(
    *,
    actor: SeriesViewer,
    title_en: str,
    framework: Framework,
    start_year: int,
    end_year: int,
    title_vi: str = "",
    classification: str = Classification.RESTRICTED,
    restricted_to: Framework | None = None,
    confidential_to: list[Party] | None = None,
    adopted_at_meeting: Meeting | None = None,
    adopted_by_document: Any = None,
) -> Plan:
    """A new plan without an outline (import one, or add lines). A restricted plan without `restricted_to`
    is restricted to its own framework."""
    require_manager(actor)
    record = f"plan {title_en.strip()[:60]!r}"
    if classification == Classification.RESTRICTED and restricted_to is None:
        restricted_to = framework
    values: dict[str, Any] = {
        "title_en": title_en.strip(),
        "title_vi": title_vi.strip(),
        "framework": framework,
        "start_year": start_year,
        "end_year": end_year,
        "classification": classification,
        "restricted_to": restricted_to if classification == Classification.RESTRICTED else None,
        "adopted_at_meeting": adopted_at_meeting,
        "adopted_by_document": adopted_by_document,
    }
    _validate_plan({**values, "confidential_to": confidential_to}, record=record)
    plan = Plan.objects.create(**values)
    if classification == Classification.CONFIDENTIAL:
        plan.confidential_to.set(confidential_to or [])
    audit_record(viewer=actor, action="plan.create", obj=plan, after=snapshot(plan, PLAN_AUDIT_FIELDS))
    return plan


@transaction.atomic
def plan_update(*, actor: SeriesViewer, plan_id: int, expected_version: int, **changes: Any) -> Plan:
    """Change the plan's title, period, status, classification or adoption; refused when the period would
    leave a line's target year outside it."""
    require_manager(actor)
    plan = locked_plan(plan_id)
    record = f"plan {plan.pk}"
    check_fresh(plan, expected_version=expected_version, record=record)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValidationFailed(
            _("is not a field of a plan one can change; use %(values)s.") % {"values": ", ".join(sorted(EDITABLE))},
            field=sorted(unknown)[0],
            record=record,
        )
    values = {name: getattr(plan, name) for name in PLAN_FIELDS}
    values["confidential_to"] = list(plan.confidential_to.all())
    values.update({key: (value.strip() if isinstance(value, str) else value) for key, value in changes.items()})
    if values["classification"] == Classification.RESTRICTED and values.get("restricted_to") is None:
        values["restricted_to"] = plan.framework
    if values["classification"] != Classification.RESTRICTED:
        values["restricted_to"] = None
    _validate_plan(values, record=record)
    outside = (
        PlanLine.objects.filter(plan=plan, target_year__isnull=False)
        .exclude(target_year__range=(values["start_year"], values["end_year"]))
        .order_by("sort_key")
        .first()
    )
    if outside is not None:
        raise ValidationFailed(
            _("line %(number)s targets %(target_year)s, outside %(value)s–%(value2)s; change its target year first.")
            % {
                "number": outside.number,
                "target_year": outside.target_year,
                "value": values["start_year"],
                "value2": values["end_year"],
            },
            field="end_year" if outside.target_year and outside.target_year > values["end_year"] else "start_year",
            record=record,
        )
    confidential_to = values["confidential_to"] if values["classification"] == Classification.CONFIDENTIAL else []
    return versioned_update(
        plan,
        expected_version=expected_version,
        record=record,
        changes={name: values[name] for name in PLAN_FIELDS},
        apply=lambda changed: changed.confidential_to.set(confidential_to),
        audit=AuditTrail(actor, "plan.update", PLAN_AUDIT_FIELDS),
    )


@transaction.atomic
def plan_revision_record(
    *,
    actor: SeriesViewer,
    plan_id: int,
    meeting: Meeting | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> PlanRevision:
    """Record the outline as it now stands as the plan's next revision: revision 1 as adopted, later ones as
    amended (by `meeting`, e.g. the review that amended it), with the changes against the revision before.
    Refused when the outline is empty, or when nothing changed since the last revision."""
    require_manager(actor)
    plan = locked_plan(plan_id)
    record = f"plan {plan.pk}"
    check_fresh(plan, expected_version=expected_version, record=record)
    lines = outline_snapshot(plan=plan)
    if not lines:
        raise ValidationFailed(_("has no lines yet; import or add the outline first."), field="lines", record=record)
    previous = PlanRevision.objects.filter(plan=plan).order_by("-number").first()
    changes = outline_changes(previous.lines if previous else [], lines)
    if previous is not None and not changes:
        raise ValidationFailed(
            _("nothing changed in the outline since revision %(number)s.") % {"number": previous.number},
            field="lines",
            record=record,
        )
    if meeting is not None and meeting.pk != plan.adopted_at_meeting_id:
        check_meeting_framework(plan, meeting, field="meeting", record=record)
    number = (PlanRevision.objects.filter(plan=plan).aggregate(n=Max("number"))["n"] or 0) + 1
    revision = PlanRevision.objects.create(
        plan=plan,
        number=number,
        meeting=meeting,
        note=note.strip(),
        recorded_at=timezone.now(),
        recorded_by=actor.user if actor.is_authenticated else None,
        changelog=changes if previous is not None else [],
        lines=lines,
    )
    versioned_update(
        plan, expected_version=expected_version, record=record, changes={"revision": number}, update_fields=["revision"]
    )
    audit_record(
        viewer=actor,
        action="plan.revision_record",
        obj=plan,
        after={"revision": number, "meeting": meeting.pk if meeting else None, "changes": len(changes)},
    )
    return revision
