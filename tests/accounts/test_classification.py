"""Classification of confidential objects: public, restricted to a framework's members and partners on
the object's date, confidential to named parties; the secretariats see everything in their series."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Q

from mufakat.accounts.classification import (
    Classification,
    classified_visible_q,
    frameworks_of_parties,
    validate_classification,
)
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import ValidationFailed
from mufakat.delegations.models import Circular
from mufakat.meetings.models import Series
from mufakat.reference.models import Framework, Party
from mufakat.reference.selectors import MembershipIndex
from tests.factories.delegations import circular_issue

AMM_57_OPENS = date(2024, 7, 23)
# Frameworks whose rows include ASEAN's members (ASEAN+1 relations, development and sectoral partners).
INCLUDING_ASEAN = [
    *("ASEAN-AU", "ASEAN-CA", "ASEAN-CN", "ASEAN-DevP", "ASEAN-EU", "ASEAN-GB", "ASEAN-IN", "ASEAN-JP"),
    *("ASEAN-KR", "ASEAN-NZ", "ASEAN-RU", "ASEAN-SDP", "ASEAN-US"),
]


def _codes(framework_ids: list[int]) -> list[str]:
    return sorted(Framework.objects.filter(pk__in=framework_ids).values_list("code", flat=True))


def _party_ids(*codes: str) -> frozenset[int]:
    return frozenset(Party.objects.filter(code__in=codes).values_list("pk", flat=True))


def _visible(viewer: SeriesViewer, on: date = AMM_57_OPENS) -> list[str]:
    circulars = Circular.objects.filter(classified_visible_q(Circular, viewer, on)).order_by("reference")
    return list(circulars.values_list("reference", flat=True))


@pytest.mark.parametrize(
    ("classification", "framework_code", "party_codes", "refusal"),
    [
        (
            "restricted",
            None,
            ("VN",),
            ("restricted_to", "a restricted object needs the framework it is restricted to."),
        ),
        ("confidential", "ASEAN", (), ("confidential_to", "a confidential object needs at least one party.")),
        ("internal", None, (), ("classification", "'internal' is not one of public, restricted, confidential.")),
        ("", None, (), ("classification", "'' is not one of public, restricted, confidential.")),
    ],
)
def test_validate_classification_incomplete_refused(
    reference_data: object,
    classification: str,
    framework_code: str | None,
    party_codes: tuple[str, ...],
    refusal: tuple[str, str],
) -> None:
    framework = Framework.objects.get(code=framework_code) if framework_code else None

    with pytest.raises(ValidationFailed) as error:
        validate_classification(
            classification=classification,
            restricted_to=framework,
            confidential_to=list(Party.objects.filter(code__in=party_codes)),
            record="circular 'AMM-57/X/01'",
        )

    assert (error.value.field, error.value.message, error.value.record) == (*refusal, "circular 'AMM-57/X/01'")


@pytest.mark.parametrize(
    ("classification", "framework_code", "party_codes"),
    [
        ("public", None, ()),
        ("public", "ASEAN", ("VN",)),
        ("restricted", "ASEAN", ()),
        ("confidential", None, ("VN", "LA")),
    ],
)
def test_validate_classification_complete_accepted(
    reference_data: object, classification: str, framework_code: str | None, party_codes: tuple[str, ...]
) -> None:
    framework = Framework.objects.get(code=framework_code) if framework_code else None

    try:
        validate_classification(
            classification=classification,
            restricted_to=framework,
            confidential_to=list(Party.objects.filter(code__in=party_codes)),
            record="circular",
        )
        refusal = None
    except ValidationFailed as error:
        refusal = error.field

    assert refusal is None


@pytest.mark.parametrize(
    ("party_codes", "on", "frameworks"),
    [
        (("JP",), AMM_57_OPENS, ["APT", "ARF", "ASEAN-JP", "EAS", "JP-KR-US", "MEKONG-JP"]),
        # An ASEAN observer in 2024: observers see nothing restricted to ASEAN; an ARF participant since 2005.
        (("TL",), AMM_57_OPENS, ["ARF"]),
        # The 11th member from 26 October 2025: ASEAN and every framework that includes ASEAN's members.
        (
            ("TL",),
            date(2025, 10, 26),
            ["APT", "ARF", "ASEAN", *INCLUDING_ASEAN, "SEANWFZ"],
        ),
        (("BR",), AMM_57_OPENS, ["ASEAN-SDP"]),
        ((), AMM_57_OPENS, []),
    ],
)
def test_frameworks_of_parties_members_and_partners_on_the_date(
    reference_data: object, party_codes: tuple[str, ...], on: date, frameworks: list[str]
) -> None:
    framework_ids = frameworks_of_parties(_party_ids(*party_codes), on)

    assert _codes(framework_ids) == frameworks


def test_frameworks_of_parties_viet_nam_in_every_asean_framework(reference_data: object) -> None:
    framework_ids = frameworks_of_parties(_party_ids("VN"), AMM_57_OPENS, MembershipIndex())

    # Every framework but the Japan-ROK-U.S. trilateral, which is no ASEAN framework.
    assert set(_codes(framework_ids)) == set(Framework.objects.exclude(code="JP-KR-US").values_list("code", flat=True))


def test_classified_visible_q_secretariat_sees_everything(asean_secretariat: SeriesViewer) -> None:
    assert classified_visible_q(Circular, asean_secretariat, AMM_57_OPENS) == Q()
    assert _visible(asean_secretariat) == ["AMM-57/ASEAN/01", "AMM-57/CONF/01", "AMM-57/LOG/01"]


def test_classified_visible_q_public_only_for_anonymous_and_outsider(
    anonymous: SeriesViewer, outsider: SeriesViewer
) -> None:
    assert classified_visible_q(Circular, anonymous, AMM_57_OPENS) == Q(classification="public")
    assert (_visible(anonymous), _visible(outsider)) == (["AMM-57/LOG/01"], ["AMM-57/LOG/01"])


def test_classified_visible_q_by_party_and_framework(
    chair_secretariat: SeriesViewer,
    member_delegate: SeriesViewer,
    partner_delegate: SeriesViewer,
    observer: SeriesViewer,
) -> None:
    circular_issue(actor=chair_secretariat, reference="ARF/01", classification="restricted", restricted_to_code="ARF")
    circular_issue(
        actor=chair_secretariat, reference="JP-TL/01", classification="confidential", confidential_to_codes=("JP", "TL")
    )

    seen = {viewer.party_codes[0]: _visible(viewer) for viewer in (member_delegate, partner_delegate, observer)}

    assert seen == {
        "VN": ["AMM-57/ASEAN/01", "AMM-57/CONF/01", "AMM-57/LOG/01", "ARF/01"],
        "JP": ["AMM-57/LOG/01", "ARF/01", "JP-TL/01"],
        "TL": ["AMM-57/LOG/01", "ARF/01", "JP-TL/01"],
    }


def test_classified_visible_q_restricted_follows_the_date(observer: SeriesViewer) -> None:
    """Timor-Leste sees ASEAN-only objects of a series held after its accession, not before."""
    assert (_visible(observer, AMM_57_OPENS), _visible(observer, date(2025, 10, 26))) == (
        ["AMM-57/LOG/01"],
        ["AMM-57/ASEAN/01", "AMM-57/LOG/01"],
    )


def test_classified_restricted_without_framework_reaches_nobody_but_the_secretariats(
    amm_57: Series, member_delegate: SeriesViewer, chair_secretariat: SeriesViewer
) -> None:
    Circular.objects.create(series=amm_57, reference="AMM-57/RAW/01", title_en="Unvalidated", body_en="Text.")

    assert ("AMM-57/RAW/01" in _visible(member_delegate), "AMM-57/RAW/01" in _visible(chair_secretariat)) == (
        False,
        True,
    )
    assert Circular.objects.get(reference="AMM-57/RAW/01").classification == Classification.RESTRICTED


@pytest.mark.parametrize(
    ("reference", "label"),
    [
        ("AMM-57/LOG/01", "Public"),
        ("AMM-57/ASEAN/01", "Restricted: ASEAN"),
        ("AMM-57/CONF/01", "Confidential to named parties"),
    ],
)
def test_classification_label_names_the_framework(amm_57: Series, reference: str, label: str) -> None:
    circular = Circular.objects.get(reference=reference)

    assert circular.classification_label() == label
