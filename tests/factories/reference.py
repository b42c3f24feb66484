from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from mufakat.reference.enums import FrameworkKind, MembershipRole, PartyKind
from mufakat.reference.models import ChairYear, Framework, Membership, Party


def party_create(*, code: str, name_en: str | None = None, name_vi: str = "", kind: str = PartyKind.STATE) -> Party:
    return Party.objects.create(
        code=code,
        kind=kind,
        name_en=name_en or f"Party {code}",
        name_vi=name_vi or f"Bên {code}",
        source_note="test factory",
    )


def party_get(code: str) -> Party:
    return Party.objects.get(code=code)


def framework_create(
    *,
    code: str,
    kind: str = FrameworkKind.ASSOCIATION,
    includes: Iterable[Framework] = (),
    name_en: str | None = None,
) -> Framework:
    framework = Framework.objects.create(
        code=code,
        kind=kind,
        name_en=name_en or f"Framework {code}",
        name_vi=f"Khuôn khổ {code}",
        abbreviation=code,
        source_note="test factory",
    )
    framework.includes.set(list(includes))
    return framework


def membership_create(
    *,
    framework: Framework,
    party: Party,
    role: str = MembershipRole.MEMBER,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> Membership:
    return Membership.objects.create(
        framework=framework,
        party=party,
        role=role,
        valid_from=valid_from,
        valid_to=valid_to,
        source_note="test factory",
    )


def chair_year_create(*, year: int, party: Party) -> ChairYear:
    return ChairYear.objects.create(year=year, party=party, source_note="test factory")
