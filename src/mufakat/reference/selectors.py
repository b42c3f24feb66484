"""Reads of the reference data: who belongs to a framework on a date, who chairs in a year."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext, ngettext

from .enums import MembershipRole
from .models import ChairYear, Framework, Membership, Party


@dataclass(frozen=True)
class MemberOnDate:
    party: Party
    role: str
    via: str  # code of the framework whose row grants the place (differs for included frameworks)


class MembershipIndex:
    """All memberships in memory (a few hundred rows), so a page can ask about many frameworks
    and dates without a query per meeting."""

    def __init__(self) -> None:
        self._rows: dict[int, list[Membership]] = defaultdict(list)
        for membership in Membership.objects.select_related("party", "framework"):
            self._rows[membership.framework_id].append(membership)
        self._includes: dict[int, list[int]] = defaultdict(list)
        self._codes: dict[int, str] = dict(Framework.objects.values_list("pk", "code"))
        through = Framework.includes.through
        for from_id, to_id in through.objects.values_list("from_framework_id", "to_framework_id"):
            self._includes[from_id].append(to_id)
        self._frameworks_with: dict[tuple[frozenset[int], date, frozenset[str]], list[int]] = {}
        self._places: dict[tuple[int, date], dict[int, MemberOnDate]] = {}

    def framework_ids(self) -> list[int]:
        """Every framework, by code (read with the memberships: no query)."""
        return list(self._codes)

    def frameworks_with(self, party_ids: frozenset[int], on: date, roles: frozenset[str]) -> list[int]:
        """The frameworks in which any of the parties holds one of the roles on that date. Remembered: a reader's
        filters ask it for the same parties and day for every kind of record."""
        key = (party_ids, on, roles)
        if key not in self._frameworks_with:
            self._frameworks_with[key] = [
                framework_id
                for framework_id in self.framework_ids()
                if any(
                    (member := self._places_on(framework_id, on).get(party_id)) is not None and member.role in roles
                    for party_id in party_ids
                )
            ]
        return self._frameworks_with[key]

    def members_on(self, framework_id: int, on: date, *, roles: set[str] | None = None) -> list[MemberOnDate]:
        """Parties of the framework on that date, sorted by English name.

        A framework's own rows come first; an included framework adds only its *members*
        (Japan's partner role in APT is not carried into ASEAN+1 with Korea)."""
        result = [m for m in self._places_on(framework_id, on).values() if roles is None or m.role in roles]
        return sorted(result, key=lambda m: m.party.name_en)

    def _places_on(self, framework_id: int, on: date) -> dict[int, MemberOnDate]:
        """Each party's place in the framework on that date, by party id (worked out once per framework and day:
        a page asks about the same ones many times)."""
        key = (framework_id, on)
        found = self._places.get(key)
        if found is None:
            found = {}
            self._collect(framework_id, on, found, visited=set(), members_only=False)
            self._places[key] = found
        return found

    def _collect(
        self,
        framework_id: int,
        on: date,
        found: dict[int, MemberOnDate],
        *,
        visited: set[int],
        members_only: bool,
    ) -> None:
        if framework_id in visited:
            return
        visited.add(framework_id)
        code = self._codes.get(framework_id, "?")
        for row in self._rows.get(framework_id, []):
            if members_only and row.role != MembershipRole.MEMBER:
                continue
            in_force = (row.valid_from is None or row.valid_from <= on) and (row.valid_to is None or on <= row.valid_to)
            if in_force and row.party_id not in found:
                found[row.party_id] = MemberOnDate(party=row.party, role=row.role, via=code)
        for included in self._includes.get(framework_id, []):
            self._collect(included, on, found, visited=visited, members_only=True)

    def history(self, framework_id: int) -> list[Membership]:
        """The framework's own rows, oldest first (for the 'members over time' page)."""
        rows = self._rows.get(framework_id, [])
        return sorted(rows, key=lambda m: (m.valid_from or date.min, m.party.name_en))


def members_count_by_role(members: list[MemberOnDate]) -> dict[str, int]:
    """How many members, partners and observers (in that order; roles nobody holds are left out).
    A headline says "10 members, 1 observer", never "11 parties", which would mix the roles."""
    counts = {role.value: 0 for role in MembershipRole}
    for member in members:
        counts[member.role] += 1
    return {role: count for role, count in counts.items() if count}


def members_count_text(counts: dict[str, int]) -> str:
    """ "10 members, 1 observer" in the active language."""
    phrases = {
        MembershipRole.MEMBER.value: lambda n: ngettext("%(count)d member", "%(count)d members", n),
        MembershipRole.PARTNER.value: lambda n: ngettext("%(count)d partner", "%(count)d partners", n),
        MembershipRole.OBSERVER.value: lambda n: ngettext("%(count)d observer", "%(count)d observers", n),
    }
    parts = [phrases[role](count) % {"count": count} for role, count in counts.items()]
    return ", ".join(parts) if parts else gettext("no parties")


def framework_members_on(*, framework: Framework, on: date, roles: set[str] | None = None) -> list[MemberOnDate]:
    return MembershipIndex().members_on(framework.pk, on, roles=roles)


def framework_list() -> QuerySet[Framework]:
    return Framework.objects.prefetch_related("includes").order_by("kind", "code")


def party_list() -> QuerySet[Party]:
    return Party.objects.order_by("name_en")


def party_get(*, code: str) -> Party:
    return Party.objects.get(code=code.upper())


def chair_for_year(*, year: int) -> Party | None:
    """The recorded chair of ASEAN in that year, or None when nothing is recorded."""
    row = ChairYear.objects.select_related("party").filter(year=year).first()
    return row.party if row else None


@dataclass(frozen=True)
class ChairSuggestion:
    year: int
    party: Party
    recorded: bool


def chair_rotation(*, first_year: int, last_year: int) -> list[ChairSuggestion]:
    """Chairs from first_year to last_year: recorded years as recorded; other years suggested by the
    Charter's rule (Art. 31: alphabetical by English name), continuing from the previous year's chair.

    Years before the earliest recorded year have no basis and are left out."""
    recorded = {row.year: row.party for row in ChairYear.objects.select_related("party")}
    if not recorded:
        return []
    asean = Framework.objects.filter(code="ASEAN").first()
    index = MembershipIndex() if asean else None
    start = min(recorded)
    suggestions: list[ChairSuggestion] = []
    previous: Party | None = None
    for year in range(start, last_year + 1):
        if year in recorded:
            party, is_recorded = recorded[year], True
        else:
            assert previous is not None  # noqa: S101 - the loop starts at a recorded year
            members = (
                [m.party for m in index.members_on(asean.pk, date(year, 1, 1), roles={MembershipRole.MEMBER})]
                if index and asean
                else []
            )
            party, is_recorded = _next_alphabetically(previous, members), False
        if year >= first_year:
            suggestions.append(ChairSuggestion(year=year, party=party, recorded=is_recorded))
        previous = party
    return suggestions


def _next_alphabetically(previous: Party, members: list[Party]) -> Party:
    ordered = sorted(members, key=lambda p: p.name_en)
    for party in ordered:
        if party.name_en > previous.name_en:
            return party
    return ordered[0] if ordered else previous
