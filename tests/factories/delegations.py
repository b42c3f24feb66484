from __future__ import annotations

from datetime import date
from typing import Any

from mufakat.accounts.rules import SeriesViewer
from mufakat.delegations.enums import ParticipantRole, Rank
from mufakat.delegations.models import Circular, Delegation, Participant
from mufakat.delegations.services import circular_create, participant_create
from mufakat.meetings.models import Series
from mufakat.meetings.services import series_upsert
from mufakat.reference.models import Framework, Party


def delegation_of(*, party_code: str, series_code: str = "amm-57") -> Delegation:
    return Delegation.objects.select_related("party", "series").get(series__code=series_code, party__code=party_code)


def participant_fields(**overrides: Any) -> dict[str, Any]:
    """Valid participant_create keyword arguments; override what the test is about."""
    fields: dict[str, Any] = {
        "name_en": "Tran Thi Thu (test)",
        "name_vi": "Trần Thị Thu (thử)",
        "title_en": "Deputy Director-General, ASEAN Department",
        "title_vi": "Phó Vụ trưởng Vụ ASEAN",
        "rank": Rank.DIRECTOR,
        "role": ParticipantRole.ADVISER,
    }
    fields.update(overrides)
    return fields


def participant_register(*, actor: SeriesViewer, party_code: str, **overrides: Any) -> Participant:
    """A participant registered through participant_create in the actor's series, pending accreditation."""
    delegation = Delegation.objects.get(series__pk=actor.series_id or 0, party__code=party_code)
    return participant_create(actor=actor, delegation_id=delegation.pk, **participant_fields(**overrides))


def circular_issue(
    *,
    actor: SeriesViewer,
    reference: str,
    classification: str,
    restricted_to_code: str | None = None,
    confidential_to_codes: tuple[str, ...] = (),
    title_en: str | None = None,
) -> Circular:
    """A circular issued through circular_create in the actor's series."""
    return circular_create(
        actor=actor,
        series=Series.objects.get(pk=actor.series_id or 0),
        reference=reference,
        title_en=title_en or f"Circular {reference}",
        body_en=f"Text of {reference}.",
        classification=classification,
        restricted_to=Framework.objects.get(code=restricted_to_code) if restricted_to_code else None,
        confidential_to=list(Party.objects.filter(code__in=confidential_to_codes)),
    )


def delegation_in_amm_58(*, party_code: str) -> Delegation:
    """A delegation to a crafted AMM-58 (Kuala Lumpur 2025 in reality; the AMM-57 venue here), a series in
    which the AMM-57 personas hold no role."""
    amm_57 = Series.objects.select_related("venue").get(code="amm-57")
    amm_58 = series_upsert(
        code="amm-58",
        title_en="58th ASEAN Foreign Ministers' Meeting",
        title_vi="Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 58",
        chair=Party.objects.get(code="MY"),
        venue=amm_57.venue,
        start_date=date(2025, 7, 8),
        end_date=date(2025, 7, 11),
    )
    return Delegation.objects.create(series=amm_58, party=Party.objects.get(code=party_code))
