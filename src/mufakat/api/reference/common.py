"""The reference router and the shapes its operations and other packages share."""

from __future__ import annotations

from ninja import Router

from mufakat.api.reference.schemas import FrameworkOut, MemberOut, PartyOut
from mufakat.reference.models import Framework, Party
from mufakat.reference.selectors import MemberOnDate

reference_router = Router(tags=["reference"])


def party_out(party: Party) -> PartyOut:
    return PartyOut(code=party.code, kind=party.kind, name_en=party.name_en, name_vi=party.name_vi)


def member_out(member: MemberOnDate) -> MemberOut:
    return MemberOut(party=party_out(member.party), role=member.role, via=member.via)


def framework_out(framework: Framework) -> FrameworkOut:
    return FrameworkOut(
        code=framework.code,
        kind=framework.kind,
        abbreviation=framework.abbreviation,
        name_en=framework.name_en,
        name_vi=framework.name_vi,
        established=framework.established,
        includes=[f.code for f in framework.includes.all()],
    )
