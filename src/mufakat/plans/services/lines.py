"""Writes to a plan's outline: import it whole (CSV or Word), add a line with the next stable number, edit a
line, discontinue or reinstate one. Numbers never change once given: a new line takes the number after the
highest one among its siblings (discontinued lines included), so 2.1.3 stays 2.1.3 for the life of the plan."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from mufakat.accounts.audit import AuditTrail, audit_record, snapshot
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import NotFound, ValidationFailed
from mufakat.core.locking import lock_then_read
from mufakat.core.versioning import check_fresh, versioned_update
from mufakat.plans.enums import KIND_BY_DEPTH, LineKind
from mufakat.plans.membership import framework_members, framework_participants
from mufakat.plans.models import Plan, PlanLine
from mufakat.plans.outline import OutlineEntry, outline_check, outline_from_csv, outline_from_docx
from mufakat.reference.models import Party
from mufakat.reference.selectors import MembershipIndex

from .common import locked_plan, require_manager, sort_key

LINE_TEXT_FIELDS = ["title_en", "title_vi", "text_en", "text_vi", "indicator_en", "indicator_vi"]
LINE_FIELDS = [*LINE_TEXT_FIELDS, "target_year", "lead", "responsible"]
LINE_AUDIT_FIELDS = ["number", *LINE_TEXT_FIELDS, "target_year", "discontinued", "version"]
LINE_SNAPSHOT_FIELDS = [*LINE_AUDIT_FIELDS, "lead_parties", "responsible_parties"]
_LIMITS = {
    "title_en": 500,
    "title_vi": 600,
    "text_en": 8000,
    "text_vi": 8000,
    "indicator_en": 2000,
    "indicator_vi": 2000,
}


def _clean(values: dict[str, Any], *, plan: Plan, participants: dict[str, Party], record: str) -> dict[str, Any]:
    cleaned: dict[str, Any] = {
        key: (value.strip() if isinstance(value, str) else value) for key, value in values.items()
    }
    if "title_en" in cleaned and not cleaned["title_en"]:
        raise ValidationFailed(_("is empty; give the line's English title."), field="title_en", record=record)
    for name, limit in _LIMITS.items():
        if len(cleaned.get(name) or "") > limit:
            raise ValidationFailed(
                _("is longer than %(limit)s characters.") % {"limit": limit}, field=name, record=record
            )
    year = cleaned.get("target_year")
    if year is not None and not plan.start_year <= year <= plan.end_year:
        raise ValidationFailed(
            _("%(year)s is outside the plan's period %(start_year)s–%(end_year)s.")
            % {"year": year, "start_year": plan.start_year, "end_year": plan.end_year},
            field="target_year",
            record=record,
        )
    responsible: list[Party] | None = cleaned.get("responsible")
    if responsible is not None:
        outside = [party.code for party in responsible if party.code not in participants]
        if outside:
            raise ValidationFailed(
                _("%(values)s does not take part in %(framework)s, so cannot be responsible for a line.")
                % {"values": ", ".join(outside), "framework": plan.framework},
                field="responsible",
                record=record,
            )
        if not responsible:
            raise ValidationFailed(
                _("names no party; every action line needs at least one responsible party."),
                field="responsible",
                record=record,
            )
    return cleaned


def _line_snapshot(line: PlanLine) -> dict[str, Any]:
    return snapshot(line, LINE_SNAPSHOT_FIELDS)


@transaction.atomic
def line_add(
    *,
    actor: SeriesViewer,
    plan_id: int,
    title_en: str,
    parent_id: int | None = None,
    title_vi: str = "",
    text_en: str = "",
    text_vi: str = "",
    lead: list[Party] | None = None,
    responsible: list[Party] | None = None,
    target_year: int | None = None,
    indicator_en: str = "",
    indicator_vi: str = "",
) -> PlanLine:
    """Add an area (no parent), a measure (under an area) or an action line (under a measure), numbered
    after the highest number among its siblings. Responsible parties default to every member of the plan's
    framework."""
    require_manager(actor)
    plan = locked_plan(plan_id)
    parent = None
    if parent_id is not None:
        parent = PlanLine.objects.filter(plan=plan, pk=parent_id).first()
        if parent is None:
            raise ValidationFailed(
                _("plan %(pk)s has no line with id %(parent_id)s.") % {"pk": plan.pk, "parent_id": parent_id},
                field="parent_id",
            )
    parent_number = tuple(int(part) for part in parent.number.split(".")) if parent else ()
    record = f"new line under {parent.number}" if parent else "new area"
    if len(parent_number) >= 3:
        raise ValidationFailed(
            _("%(value)s is an action line; lines go under an area or a measure.")
            % {"value": parent.number if parent else ""},
            field="parent_id",
            record=record,
        )
    if parent is not None and parent.discontinued:
        raise ValidationFailed(
            _("%(number)s is discontinued; reinstate it before adding lines under it.") % {"number": parent.number},
            field="parent_id",
            record=record,
        )
    participants = framework_participants(plan)
    cleaned = _clean(
        {
            "title_en": title_en,
            "title_vi": title_vi,
            "text_en": text_en,
            "text_vi": text_vi,
            "indicator_en": indicator_en,
            "indicator_vi": indicator_vi,
            "target_year": target_year,
            "responsible": responsible,
        },
        plan=plan,
        participants=participants,
        record=record,
    )
    last = PlanLine.objects.filter(plan=plan, parent=parent).aggregate(n=Max("segment"))["n"] or 0
    number = (*parent_number, last + 1)
    line = PlanLine.objects.create(
        plan=plan,
        parent=parent,
        kind=KIND_BY_DEPTH[len(number)],
        segment=last + 1,
        number=".".join(str(segment) for segment in number),
        sort_key=sort_key(number),
        **{name: cleaned[name] for name in (*LINE_TEXT_FIELDS, "target_year")},
    )
    line.lead_parties.set(lead or [])
    line.responsible_parties.set(responsible if responsible is not None else framework_members(plan))
    audit_record(viewer=actor, action="plan.line_add", obj=line, after=_line_snapshot(line))
    return line


def _locked_line(line_id: int) -> PlanLine:
    line = lock_then_read(
        PlanLine.objects.select_related("plan", "plan__framework", "plan__adopted_at_meeting", "parent"), pk=line_id
    )
    if line is None:
        raise NotFound(_("no plan line with id %(line_id)s.") % {"line_id": line_id}, field="line_id")
    return line


@transaction.atomic
def line_update(*, actor: SeriesViewer, line_id: int, expected_version: int, **changes: Any) -> PlanLine:
    """Edit a line's titles, texts, indicator, target year, lead or responsible parties (not its number)."""
    require_manager(actor)
    line = _locked_line(line_id)
    record = f"line {line.number}"
    check_fresh(line, expected_version=expected_version, record=record)
    unknown = set(changes) - set(LINE_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("is not a field of a line one can change; use %(values)s.") % {"values": ", ".join(LINE_FIELDS)},
            field=sorted(unknown)[0],
            record=record,
        )
    cleaned = _clean(changes, plan=line.plan, participants=framework_participants(line.plan), record=record)

    def set_parties(changed: PlanLine) -> None:
        if "lead" in cleaned:
            changed.lead_parties.set(cleaned["lead"] or [])
        if "responsible" in cleaned:
            changed.responsible_parties.set(cleaned["responsible"])

    return versioned_update(
        line,
        expected_version=expected_version,
        record=record,
        changes={name: cleaned[name] for name in (*LINE_TEXT_FIELDS, "target_year") if name in cleaned},
        apply=set_parties,
        audit=AuditTrail(actor, "plan.line_update", LINE_SNAPSHOT_FIELDS),
    )


@transaction.atomic
def line_set_discontinued(*, actor: SeriesViewer, line_id: int, discontinued: bool, expected_version: int) -> PlanLine:
    """Discontinue a line (with every line under it) or reinstate it. Its number stays taken either way;
    a discontinued action line is no longer reported on."""
    require_manager(actor)
    line = _locked_line(line_id)
    record = f"line {line.number}"
    check_fresh(line, expected_version=expected_version, record=record)
    if line.discontinued == discontinued:
        state = "discontinued" if discontinued else "in force"
        raise ValidationFailed(_("is already %(state)s.") % {"state": state}, field="discontinued", record=record)
    if not discontinued and line.parent is not None and line.parent.discontinued:
        raise ValidationFailed(
            _("its parent %(number)s is discontinued; reinstate the parent first.") % {"number": line.parent.number},
            field="discontinued",
            record=record,
        )
    if discontinued:
        # Every line under it, in one statement; each gets a new version, so an edit made before is refused.
        PlanLine.objects.filter(plan=line.plan, number__startswith=f"{line.number}.").update(
            discontinued=True, version=F("version") + 1
        )
    return versioned_update(
        line,
        expected_version=expected_version,
        record=record,
        changes={"discontinued": discontinued},
        update_fields=["discontinued"],
        audit=AuditTrail(
            actor, "plan.line_discontinue" if discontinued else "plan.line_reinstate", LINE_SNAPSHOT_FIELDS
        ),
    )


# Importing a whole outline -----------------------------------------------------------------------


@transaction.atomic
def plan_outline_import(
    *, actor: SeriesViewer, plan_id: int, entries: list[OutlineEntry], source: str = "file"
) -> list[PlanLine]:
    """Create the plan's outline from checked entries: all lines or none. Only into a plan without lines —
    after that, lines are added one by one so their numbers stay stable."""
    require_manager(actor)
    plan = locked_plan(plan_id)
    existing = PlanLine.objects.filter(plan=plan).count()
    if existing:
        raise ValidationFailed(
            _("already has an outline of %(existing)s lines; add lines one by one instead. Nothing was imported.")
            % {"existing": existing},
            field="file",
            record=f"plan {plan.pk}",
        )
    index = MembershipIndex()
    participants = framework_participants(plan, index=index)
    known = dict(Party.objects.values_list("code", "pk"))
    checked = outline_check(
        entries,
        known_parties=set(known),
        participants=set(participants),
        framework=str(plan.framework),
        first_year=plan.start_year,
        last_year=plan.end_year,
    )
    members = [party.pk for party in framework_members(plan, index=index)]
    created: dict[tuple[int, ...], PlanLine] = {}
    for depth in (1, 2, 3):
        level = [entry for entry in checked if len(entry.number) == depth]
        lines = PlanLine.objects.bulk_create(
            [
                PlanLine(
                    plan=plan,
                    parent=created[entry.number[:-1]] if depth > 1 else None,
                    kind=KIND_BY_DEPTH[depth],
                    segment=entry.number[-1],
                    number=entry.label,
                    sort_key=sort_key(entry.number),
                    title_en=entry.title_en,
                    title_vi=entry.title_vi,
                    text_en=entry.text_en,
                    text_vi=entry.text_vi,
                    target_year=entry.target_year,
                    indicator_en=entry.indicator_en,
                    indicator_vi=entry.indicator_vi,
                )
                for entry in level
            ]
        )
        created.update({entry.number: line for entry, line in zip(level, lines, strict=True)})
    lead_through = PlanLine.lead_parties.through
    responsible_through = PlanLine.responsible_parties.through
    lead_rows: list[Any] = []
    responsible_rows: list[Any] = []
    for entry in checked:
        line = created[entry.number]
        lead_rows.extend(lead_through(planline_id=line.pk, party_id=known[code]) for code in dict.fromkeys(entry.lead))
        party_ids = [known[code] for code in dict.fromkeys(entry.responsible)] if entry.responsible else members
        responsible_rows.extend(responsible_through(planline_id=line.pk, party_id=pk) for pk in party_ids)
    lead_through.objects.bulk_create(lead_rows)
    responsible_through.objects.bulk_create(responsible_rows)
    counts = {kind: sum(1 for line in created.values() if line.kind == kind) for kind in LineKind.values}
    audit_record(viewer=actor, action="plan.outline_import", obj=plan, after={"source": source, **counts})
    return sorted(created.values(), key=lambda line: line.sort_key)


def plan_outline_import_csv(*, actor: SeriesViewer, plan_id: int, text: str) -> list[PlanLine]:
    return plan_outline_import(actor=actor, plan_id=plan_id, entries=outline_from_csv(text), source="csv")


def plan_outline_import_docx(*, actor: SeriesViewer, plan_id: int, data: bytes) -> list[PlanLine]:
    return plan_outline_import(actor=actor, plan_id=plan_id, entries=outline_from_docx(data), source="docx")
