"""Bodies and their year-only history, loaded from the bodies file; ordinals derived from that history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mufakat.core.errors import ValidationFailed, require_choice
from mufakat.meetings.enums import BodyLevel, DatePrecision, MeetingStatus
from mufakat.meetings.models import Body, Meeting
from mufakat.reference.models import Framework
from mufakat.reference.services import LoadReport, read_toml
from mufakat.search.indexing import index_meetings


def default_bodies_file() -> Path:
    return Path(str(resources.files("mufakat.meetings") / "data" / "bodies.toml"))


@dataclass(frozen=True)
class _BodyRow:
    code: str
    values: dict[str, Any]
    framework: str
    prepares: str | None
    history: list[int]


def _parse_bodies(data: dict[str, Any], path: Path) -> list[_BodyRow]:
    if not data.get("version"):
        raise ValidationFailed(_("is missing or empty."), field="version", record=str(path))
    rows: list[_BodyRow] = []
    codes: set[str] = set()
    frameworks = set(Framework.objects.values_list("code", flat=True))
    for index, entry in enumerate(data.get("bodies", [])):
        code = entry.get("code")
        if not code:
            raise ValidationFailed(_("is missing or empty."), field="code", record=f"bodies[{index}]")
        record = f"body {code}"
        if code in codes:
            raise ValidationFailed(_("code %(code)r appears twice.") % {"code": code}, field="code", record=record)
        codes.add(code)
        for key in ("abbreviation", "name_en", "name_vi", "framework", "level", "source"):
            if not entry.get(key):
                raise ValidationFailed(_("is missing or empty."), field=key, record=record)
        if entry["framework"] not in frameworks:
            raise ValidationFailed(
                _("unknown framework code %(value)r.") % {"value": entry["framework"]}, field="framework", record=record
            )
        require_choice(entry["level"], BodyLevel.values, field="level", record=record)
        history = entry.get("history", [])
        if not all(isinstance(year, int) for year in history) or history != sorted(set(history)):
            raise ValidationFailed(
                _("must be a list of distinct years in ascending order."), field="history", record=record
            )
        rows.append(
            _BodyRow(
                code=code,
                values={
                    "abbreviation": entry["abbreviation"],
                    "name_en": entry["name_en"],
                    "name_vi": entry["name_vi"],
                    "level": entry["level"],
                    "numbered": bool(entry.get("numbered", True)),
                    "prior_meetings_unrecorded": int(entry.get("prior_meetings_unrecorded", 0)),
                    "source_note": entry["source"],
                },
                framework=entry["framework"],
                prepares=entry.get("prepares"),
                history=history,
            )
        )
    for row in rows:
        if row.prepares and row.prepares not in codes:
            raise ValidationFailed(
                _("unknown body code %(prepares)r.") % {"prepares": row.prepares},
                field="prepares",
                record=f"body {row.code}",
            )
    return rows


@transaction.atomic
def bodies_load(*, report: LoadReport, path: Path | None = None) -> LoadReport:
    """Load bodies and their year-only history; idempotent. Call after the reference data."""
    path = path or default_bodies_file()
    rows = _parse_bodies(read_toml(path), path)
    frameworks = {f.code: f for f in Framework.objects.all()}
    bodies: dict[str, Body] = {}
    for row in rows:
        values = {**row.values, "framework": frameworks[row.framework]}
        body = Body.objects.filter(code=row.code).first()
        if body is None:
            body = Body.objects.create(code=row.code, **values)
            report.count("bodies", created=True)
        elif any(getattr(body, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(body, key, value)
            body.save()
            report.count("bodies", created=False)
        bodies[row.code] = body
    for row in rows:
        body = bodies[row.code]
        prepares = bodies[row.prepares] if row.prepares else None
        if body.prepares_id != (prepares.pk if prepares else None):
            body.prepares = prepares
            body.save(update_fields=["prepares"])
        years_present = {d.year for d in Meeting.objects.filter(body=body).values_list("start_date", flat=True)}
        new = [
            Meeting(
                body=body,
                start_date=date(year, 1, 1),
                end_date=date(year, 1, 1),
                date_precision=DatePrecision.YEAR,
                status=MeetingStatus.HELD,
            )
            for year in row.history
            if year not in years_present
        ]
        if new:
            Meeting.objects.bulk_create(new)
            report.created["historic meetings"] += len(new)
        body_renumber(body=body)
    return report


def body_renumber(*, body: Body) -> None:
    """Derive the ordinals of a body's meetings from its history: earlier meetings, in date order,
    after the ones held before the records start. Cancelled meetings take no number."""
    meetings = list(Meeting.objects.filter(body=body).order_by("start_date", "pk"))
    changed = []
    number = body.prior_meetings_unrecorded
    for meeting in meetings:
        if not body.numbered or meeting.status == MeetingStatus.CANCELLED:
            wanted = None
        else:
            number += 1
            wanted = number
        if meeting.ordinal != wanted:
            meeting.ordinal = wanted
            changed.append(meeting)
    if changed:
        Meeting.objects.bulk_update(changed, ["ordinal"])
    # Titles carry the ordinal ("57th ..."): the search index follows (bulk writes send no save signal).
    index_meetings(m.pk for m in meetings)
