"""Writes to the reference data: the shipped data file loader and membership edits."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mufakat.core.errors import ValidationFailed, require_choice

from .enums import FrameworkKind, MembershipRole, PartyKind
from .models import ChairYear, Framework, Membership, Party, ReferenceDataLoad
from .validators import Period, validate_no_overlap, validate_period


@dataclass
class LoadReport:
    version: str
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    removed: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def count(self, kind: str, *, created: bool, changed: bool = True) -> None:
        if created:
            self.created[kind] += 1
        elif changed:
            self.updated[kind] += 1

    def summary(self) -> str:
        kinds = sorted(set(self.created) | set(self.updated) | set(self.removed))
        parts = [
            f"{kind}: {self.created.get(kind, 0)} new, {self.updated.get(kind, 0)} updated"
            + (f", {self.removed[kind]} removed" if self.removed.get(kind) else "")
            for kind in kinds
        ]
        return f"reference data {self.version}: " + ("; ".join(parts) if parts else "nothing changed")


def default_reference_file() -> Path:
    return Path(str(resources.files("mufakat.reference") / "data" / "reference.toml"))


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise ValidationFailed(_("file %(path)s does not exist.") % {"path": path}, record=str(path)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ValidationFailed(_("is not valid TOML: %(exc)s") % {"exc": exc}, record=str(path)) from exc


def _require(entry: dict[str, Any], key: str, *, record: str, kind: type = str) -> Any:
    value = entry.get(key)
    if value is None or (kind is str and not str(value).strip()):
        raise ValidationFailed(_("is missing or empty."), field=key, record=record)
    if not isinstance(value, kind):
        raise ValidationFailed(
            _("must be a %(name)s, got %(value)r.") % {"name": kind.__name__, "value": value}, field=key, record=record
        )
    return value


def _choice(entry: dict[str, Any], key: str, choices: list[str], *, record: str) -> str:
    value = _require(entry, key, record=record)
    require_choice(value, choices, field=key, record=record)
    return str(value)


def _optional_date(entry: dict[str, Any], key: str, *, record: str) -> date | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, date):
        raise ValidationFailed(
            _("must be a date (YYYY-MM-DD), got %(value)r.") % {"value": value}, field=key, record=record
        )
    return value


@dataclass(frozen=True)
class _MembershipRow:
    party: str
    role: str
    period: Period
    source: str


@dataclass
class _FrameworkRow:
    code: str
    values: dict[str, Any]
    includes: list[str]
    members: list[_MembershipRow]


def _parse_parties(data: dict[str, Any]) -> list[dict[str, Any]]:
    codes: set[str] = set()
    parties: list[dict[str, Any]] = []
    for index, entry in enumerate(data.get("parties", [])):
        code = _require(entry, "code", record=f"parties[{index}]")
        record = f"party {code}"
        if code in codes:
            raise ValidationFailed(_("code %(code)r appears twice.") % {"code": code}, field="code", record=record)
        codes.add(code)
        parties.append(
            {
                "code": code,
                "kind": _choice(entry, "kind", PartyKind.values, record=record),
                "name_en": _require(entry, "name_en", record=record),
                "name_vi": _require(entry, "name_vi", record=record),
                "source_note": _require(entry, "source", record=record),
            }
        )
    return parties


def _known_party(entry: dict[str, Any], party_codes: set[str], *, record: str) -> str:
    party = _require(entry, "party", record=record)
    if party not in party_codes:
        raise ValidationFailed(_("unknown party code %(party)r.") % {"party": party}, field="party", record=record)
    return str(party)


def _parse_members(entries: list[dict[str, Any]], party_codes: set[str], *, record: str) -> list[_MembershipRow]:
    members = []
    for index, member in enumerate(entries):
        m_record = f"{record} members[{index}]"
        party = _known_party(member, party_codes, record=m_record)
        period = Period(_optional_date(member, "from", record=m_record), _optional_date(member, "to", record=m_record))
        validate_period(period, record=m_record)
        members.append(
            _MembershipRow(
                party=party,
                role=_choice(member, "role", MembershipRole.values, record=m_record),
                period=period,
                source=_require(member, "source", record=m_record),
            )
        )
    return members


def _parse_frameworks(data: dict[str, Any], party_names: dict[str, str]) -> list[_FrameworkRow]:
    party_codes = set(party_names)
    frameworks: list[_FrameworkRow] = []
    for index, entry in enumerate(data.get("frameworks", [])):
        code = _require(entry, "code", record=f"frameworks[{index}]")
        record = f"framework {code}"
        frameworks.append(
            _FrameworkRow(
                code=code,
                values={
                    "kind": _choice(entry, "kind", FrameworkKind.values, record=record),
                    "name_en": _require(entry, "name_en", record=record),
                    "name_vi": _require(entry, "name_vi", record=record),
                    "abbreviation": entry.get("abbreviation", ""),
                    "established": _optional_date(entry, "established", record=record),
                    "source_note": _require(entry, "source", record=record),
                },
                includes=list(entry.get("includes", [])),
                members=_parse_members(entry.get("members", []), party_codes, record=record),
            )
        )
    for index, entry in enumerate(data.get("dialogue_partners", [])):
        record = f"dialogue_partners[{index}]"
        party = _known_party(entry, party_codes, record=record)
        start = _optional_date(entry, "from", record=record)
        source = _require(entry, "source", record=record)
        frameworks.append(
            _FrameworkRow(
                code=f"ASEAN-{party}",
                values={
                    "kind": FrameworkKind.PLUS_ONE,
                    "name_en": f"ASEAN-{party_names[party]} Dialogue Relations",
                    "name_vi": _require(entry, "name_vi", record=record),
                    "abbreviation": f"ASEAN-{party}",
                    "established": start,
                    "source_note": source,
                },
                includes=["ASEAN"],
                members=[
                    _MembershipRow(party=party, role=MembershipRole.PARTNER, period=Period(start, None), source=source)
                ],
            )
        )
    _check_frameworks(frameworks)
    return frameworks


def _check_frameworks(frameworks: list[_FrameworkRow]) -> None:
    codes = [f.code for f in frameworks]
    for framework in frameworks:
        record = f"framework {framework.code}"
        if codes.count(framework.code) > 1:
            raise ValidationFailed(
                _("code %(framework)r appears twice.") % {"framework": framework.code}, field="code", record=record
            )
        for included in framework.includes:
            if included not in codes:
                raise ValidationFailed(
                    _("unknown framework code %(included)r.") % {"included": included}, field="includes", record=record
                )
        by_party: dict[str, list[tuple[str, Period]]] = defaultdict(list)
        for member in framework.members:
            by_party[member.party].append((member.role, member.period))
        for party, periods in by_party.items():
            validate_no_overlap(periods, record=f"{record} member {party}")


def _parse_chair_years(data: dict[str, Any], party_codes: set[str]) -> list[dict[str, Any]]:
    chair_years: list[dict[str, Any]] = []
    seen: set[int] = set()
    for index, entry in enumerate(data.get("chair_years", [])):
        year = _require(entry, "year", record=f"chair_years[{index}]", kind=int)
        record = f"chair year {year}"
        if year in seen:
            raise ValidationFailed(_("year %(year)s appears twice.") % {"year": year}, field="year", record=record)
        seen.add(year)
        chair_years.append(
            {
                "year": year,
                "party": _known_party(entry, party_codes, record=record),
                "note": entry.get("note", ""),
                "source_note": _require(entry, "source", record=record),
            }
        )
    return chair_years


def _parse(
    data: dict[str, Any], path: Path
) -> tuple[str, list[dict[str, Any]], list[_FrameworkRow], list[dict[str, Any]]]:
    """Validate the whole file before anything is written; errors name the record and field."""
    version = _require(data, "version", record=str(path))
    parties = _parse_parties(data)
    party_names = {p["code"]: p["name_en"] for p in parties}
    frameworks = _parse_frameworks(data, party_names)
    chair_years = _parse_chair_years(data, set(party_names))
    return version, parties, frameworks, chair_years


def _upsert(model: Any, lookup: dict[str, Any], values: dict[str, Any], report: LoadReport, kind: str) -> Any:
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.count(kind, created=True)
        return obj
    changed = any(getattr(obj, key) != value for key, value in values.items())
    if changed:
        for key, value in values.items():
            setattr(obj, key, value)
        obj.save()
        report.count(kind, created=False)
    return obj


@transaction.atomic
def reference_data_load(*, path: Path | None = None) -> LoadReport:
    """Load the shipped reference data file (or another one) in one transaction; idempotent.

    Everything is validated before the first write; a bad record aborts the whole load.
    """
    path = path or default_reference_file()
    version, parties, frameworks, chair_years = _parse(read_toml(path), path)
    report = LoadReport(version=version)

    party_by_code = {}
    for values in parties:
        code = values.pop("code")
        party_by_code[code] = _upsert(Party, {"code": code}, values, report, "parties")

    framework_by_code = {}
    for row in frameworks:
        framework_by_code[row.code] = _upsert(Framework, {"code": row.code}, row.values, report, "frameworks")

    for row in frameworks:
        framework = framework_by_code[row.code]
        wanted_includes = {framework_by_code[code].pk for code in row.includes}
        current_includes = set(framework.includes.values_list("pk", flat=True))
        if current_includes != wanted_includes:
            framework.includes.set(wanted_includes)
            if current_includes:
                report.count("frameworks", created=False)
        kept: list[int] = []
        for member in row.members:
            membership = _upsert(
                Membership,
                {
                    "framework": framework,
                    "party": party_by_code[member.party],
                    "valid_from": member.period.start,
                },
                {
                    "role": member.role,
                    "valid_to": member.period.end,
                    "source_note": member.source,
                    "from_data_file": True,
                },
                report,
                "memberships",
            )
            kept.append(membership.pk)
        stale = Membership.objects.filter(framework=framework, from_data_file=True).exclude(pk__in=kept)
        removed, _by_model = stale.delete()
        if removed:
            report.removed["memberships"] += removed
        membership_check_overlaps(framework=framework)

    for values in chair_years:
        year = values.pop("year")
        values["party"] = party_by_code[values["party"]]
        _upsert(ChairYear, {"year": year}, values, report, "chair years")

    ReferenceDataLoad.objects.create(
        version=version,
        counts={
            "created": dict(report.created),
            "updated": dict(report.updated),
            "removed": dict(report.removed),
        },
    )
    return report


def membership_check_overlaps(*, framework: Framework) -> None:
    """Refuse overlapping validity of one party in one framework, across file and hand-entered rows."""
    by_party: dict[str, list[tuple[str, Period]]] = defaultdict(list)
    for membership in Membership.objects.filter(framework=framework).select_related("party").order_by("valid_from"):
        by_party[membership.party.code].append(
            (f"{membership.role} row #{membership.pk}", Period(membership.valid_from, membership.valid_to))
        )
    for party, periods in by_party.items():
        validate_no_overlap(periods, record=f"framework {framework.code} member {party}")


def membership_validate(
    *,
    framework: Framework,
    party: Party,
    valid_from: date | None,
    valid_to: date | None,
    exclude_pk: int | None = None,
) -> None:
    """Refuse a period that ends before it starts or overlaps the party's other rows in the framework."""
    record = f"framework {framework.code} member {party.code}"
    period = Period(valid_from, valid_to)
    validate_period(period, record=record)
    others = Membership.objects.filter(framework=framework, party=party)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    validate_no_overlap(
        [(f"{m.role} row #{m.pk}", Period(m.valid_from, m.valid_to)) for m in others] + [("this row", period)],
        record=record,
    )


@transaction.atomic
def membership_save(*, membership: Membership) -> Membership:
    """Create or change a membership row entered by hand, refusing overlaps with the party's other rows."""
    # Lock the framework row so two officers cannot each add an overlapping period at once.
    Framework.objects.select_for_update().filter(pk=membership.framework_id).first()
    membership_validate(
        framework=membership.framework,
        party=membership.party,
        valid_from=membership.valid_from,
        valid_to=membership.valid_to,
        exclude_pk=membership.pk,
    )
    membership.save()
    return membership
