"""A document's journey: consultation rounds, the SOM's recommendation to the Leaders across series, the
timeline, the registers it appears in, the SOM's list before a summit, and the refusals."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import ValidationFailed
from mufakat.documents.enums import JourneyAction
from mufakat.documents.models import JourneyStep, OutcomeDocument
from mufakat.documents.selectors import document_journey, documents_for_meeting, meeting_journey_documents
from mufakat.documents.services import journey_step_record
from mufakat.meetings.models import Body, Meeting, Series
from mufakat.meetings.services import consultation_record

BIOSAFETY = "ASEAN Leaders' Declaration on Strengthening Regional Biosafety and Biosecurity"
DRAFT = "ASEAN Leaders' Statement on Regional Health Emergency Preparedness (illustrative)"


def _system(series: Series) -> SeriesViewer:
    return SeriesViewer.system(series.pk, purpose="test")


def _anonymous(series: Series) -> SeriesViewer:
    return SeriesViewer(
        user=None, series_id=series.pk, roles=frozenset(), party_ids=frozenset(), focal_party_ids=frozenset()
    )


def test_journey_biosafety_timeline_is_exactly_its_steps(journey_demo: Series) -> None:
    document = OutcomeDocument.objects.get(title_en=BIOSAFETY)

    steps = document_journey(viewer=_system(journey_demo), document=document)

    assert [(s.where, s.on, s.end, s.place, s.action, s.version_number) for s in steps] == [
        (
            "1st Consultation Meeting on the Draft ASEAN Leaders' Declaration on Biosafety and Biosecurity",
            date(2023, 11, 21),
            date(2023, 11, 21),
            "Online",
            "discussed",
            1,
        ),
        (
            "2nd Consultation Meeting on the Draft ASEAN Leaders' Declaration on Biosafety and Biosecurity",
            date(2024, 3, 12),
            date(2024, 3, 13),
            "Online",
            "discussed",
            2,
        ),
        (
            "3rd Consultation Meeting on the Draft ASEAN Leaders' Declaration on Biosafety and Biosecurity",
            date(2024, 6, 4),
            date(2024, 6, 5),
            "Vientiane Province",
            "finalised",
            3,
        ),
        ("ASEAN Senior Officials' Meeting", date(2024, 10, 8), date(2024, 10, 8), "Vientiane", "recommended", None),
        ("44th ASEAN Summit", date(2024, 10, 9), date(2024, 10, 9), "Vientiane", "adopted", None),
    ]
    assert (document.status, document.final_date, document.final_place) == ("adopted", date(2024, 10, 9), "Vientiane")


def test_journey_consultations_carry_their_ordinals_in_both_languages(journey_demo: Series) -> None:
    rounds = Meeting.objects.filter(body__code="BIOSAFETY-CONS").select_related("body").order_by("start_date")

    english = [m.ordinal_label for m in rounds]
    with translation.override("vi"):
        vietnamese = [m.title for m in rounds]

    assert english == ["1st", "2nd", "3rd"]
    assert [m.short_title for m in rounds] == [f"Biosafety Consultation-{n}" for n in (1, 2, 3)]
    assert vietnamese[2].endswith("lần thứ 3")


def test_journey_declaration_in_registers_of_consultations_and_summit(journey_demo: Series) -> None:
    meetings = list(Meeting.objects.filter(body__code__in=["BIOSAFETY-CONS", "SUMMIT"]).order_by("start_date"))

    registers = {
        m.short_title: [d.title_en for d in meeting_journey_documents(meeting=m, viewer_of=_system)] for m in meetings
    }

    assert registers["Biosafety Consultation-3"] == [BIOSAFETY]
    assert registers["Biosafety Consultation-1"] == [BIOSAFETY]
    assert registers["ASEAN Summit-44"] == [
        BIOSAFETY,
        "Chairman's Statement of the 44th and 45th ASEAN Summits",
        DRAFT,
    ]
    assert registers["ASEAN Summit-45"] == []


def test_journey_som_list_of_documents_for_the_44th_summit(journey_demo: Series) -> None:
    summit = Meeting.objects.get(body__code="SUMMIT", ordinal=44)

    rows = documents_for_meeting(meeting=summit, viewer_of=_system)

    assert [
        (r.document.title_en, r.document.status, r.last_step.action if r.last_step else None, r.steps) for r in rows
    ] == [
        (BIOSAFETY, "adopted", "adopted", 5),
        ("Chairman's Statement of the 44th and 45th ASEAN Summits", "planned", None, 0),
        (DRAFT, "planned", "discussed", 1),
    ]


@pytest.mark.parametrize("code", ["JP", "US", "CN"])
def test_journey_partner_sees_nothing_of_the_asean_only_draft_at_any_step(journey_demo: Series, code: str) -> None:
    from mufakat.reference.models import Party

    party = Party.objects.get(code=code)
    partner = SeriesViewer(
        user=None,
        series_id=journey_demo.pk,
        roles=frozenset({"delegate"}),
        party_ids=frozenset({party.pk}),
        focal_party_ids=frozenset(),
    )
    som = Meeting.objects.get(series=journey_demo, body__code="SOM")
    summit = Meeting.objects.get(body__code="SUMMIT", ordinal=44)
    consultation = Meeting.objects.get(body__code="BIOSAFETY-CONS", ordinal=3)

    seen = [
        [d.title_en for d in meeting_journey_documents(meeting=m, viewer_of=lambda s: partner)]
        for m in (som, summit, consultation)
    ]
    listed = [r.document.title_en for r in documents_for_meeting(meeting=summit, viewer_of=lambda s: partner)]

    # The adopted declaration is public since its adoption; the ASEAN-only draft appears nowhere.
    assert seen == [[BIOSAFETY], [BIOSAFETY], [BIOSAFETY]]
    assert listed == [BIOSAFETY]


def test_journey_public_sees_the_adopted_declaration_but_no_draft_numbers(journey_demo: Series) -> None:
    document = OutcomeDocument.objects.get(title_en=BIOSAFETY)
    OutcomeDocument.objects.filter(pk=document.pk).update(classification="public")
    document.refresh_from_db()

    steps = document_journey(viewer=_anonymous(journey_demo), document=document)

    assert [s.version_number for s in steps] == [None, None, 3, None, None]


def _draft(series: Series) -> OutcomeDocument:
    return OutcomeDocument.objects.get(title_en=DRAFT)


def test_journey_step_out_of_date_order_refused(journey_demo: Series) -> None:
    consultation = Meeting.objects.get(body__code="BIOSAFETY-CONS", ordinal=3)

    with pytest.raises(ValidationFailed) as refused:
        journey_step_record(
            actor=_system(journey_demo), document=_draft(journey_demo), meeting=consultation, action="discussed"
        )

    assert (refused.value.field, refused.value.record) == (
        "on",
        f"document #{_draft(journey_demo).pk} ({DRAFT}), step 2",
    )
    assert "before the previous step (2024-10-08)" in refused.value.message
    assert JourneyStep.objects.filter(document=_draft(journey_demo)).count() == 1


def test_journey_consultation_adopting_refused(journey_demo: Series) -> None:
    consultation = Meeting.objects.get(body__code="BIOSAFETY-CONS", ordinal=3)
    other = OutcomeDocument.objects.get(title_en="Chairman's Statement of the 44th and 45th ASEAN Summits")

    with pytest.raises(ValidationFailed) as refused:
        journey_step_record(actor=_system(journey_demo), document=other, meeting=consultation, action="adopted")

    assert refused.value.field == "action"
    assert refused.value.message.startswith("Biosafety Consultation-3 (Working level) cannot adopt")
    assert refused.value.record.endswith("step 1")


def test_journey_recommended_to_a_meeting_already_held_refused(journey_demo: Series) -> None:
    som = Meeting.objects.get(series=journey_demo, body__code="SOM")
    amm = Meeting.objects.get(body__code="AMM", ordinal=57)

    with pytest.raises(ValidationFailed) as refused:
        journey_step_record(
            actor=_system(journey_demo),
            document=_draft(journey_demo),
            meeting=som,
            action=JourneyAction.RECOMMENDED,
            recommended_to=amm,
        )

    assert refused.value.field == "recommended_to"
    assert "AMM-57 already took place (2024-07-25)" in refused.value.message


def test_journey_recommendation_to_the_summit_across_series_rolls_back_when_not_cleared(journey_demo: Series) -> None:
    som = Meeting.objects.get(series=journey_demo, body__code="SOM")
    summit = Meeting.objects.get(body__code="SUMMIT", ordinal=44)
    draft = _draft(journey_demo)

    with pytest.raises(ValidationFailed) as refused:
        journey_step_record(
            actor=_system(journey_demo), document=draft, meeting=som, action="recommended", recommended_to=summit
        )

    assert refused.value.field == "status"
    assert JourneyStep.objects.filter(document=draft).count() == 1
    assert OutcomeDocument.objects.get(pk=draft.pk).recommendation_id is None


def test_journey_consultation_numbered_twice_refused(journey_demo: Series) -> None:
    body = Body.objects.get(code="BIOSAFETY-CONS")
    before = Meeting.objects.filter(body=body).count()

    with pytest.raises(ValidationFailed) as refused:
        consultation_record(body=body, number=3, start_date=date(2024, 8, 1), end_date=date(2024, 8, 1), online=True)

    assert (refused.value.field, refused.value.record) == ("number", "3rd Biosafety Consultation")
    assert refused.value.message == (
        "3rd is already the number of the consultation of 2024-06-04; a consultation is numbered once."
    )
    assert Meeting.objects.filter(body=body).count() == before


def test_journey_consultation_number_contradicting_dates_refused(journey_demo: Series) -> None:
    body = Body.objects.get(code="BIOSAFETY-CONS")

    with pytest.raises(ValidationFailed) as refused:
        consultation_record(body=body, number=5, start_date=date(2024, 8, 1), end_date=date(2024, 8, 1), online=True)

    assert refused.value.field == "number"
    assert refused.value.message == "its dates make it the 4th, not the 5th: check the dates or the number."


def test_journey_ministers_meeting_is_not_a_consultation(journey_demo: Series) -> None:
    with pytest.raises(ValidationFailed) as refused:
        consultation_record(
            body=Body.objects.get(code="AHMM"), number=1, start_date=date(2024, 8, 1), end_date=date(2024, 8, 1)
        )

    assert refused.value.field == "body"


def test_demo_trilateral_on_the_sidelines_of_the_56th_amm(demo: object) -> None:
    meeting = Meeting.objects.select_related("venue", "body__framework").get(body__code="JP-KR-US-FMM")

    assert (meeting.start_date, meeting.venue.city_en if meeting.venue else "", meeting.body.framework.code) == (
        date(2023, 7, 14),
        "Jakarta",
        "JP-KR-US",
    )
    assert "56th AMM" in meeting.note


def test_journey_declaration_recommended_by_the_som_to_the_leaders_and_adopted(journey_demo: Series) -> None:
    from mufakat.meetings.models import Recommendation

    document = OutcomeDocument.objects.get(title_en=BIOSAFETY)

    recommendation = Recommendation.objects.select_related("from_meeting", "to_meeting").get(document=document)

    assert (
        recommendation.from_meeting.short_title,
        recommendation.to_meeting.short_title,
        recommendation.status,
        document.recommendation_id,
    ) == ("SOM", "ASEAN Summit-44", "adopted", recommendation.pk)


def test_journey_sectoral_som_outside_any_series_recommends_to_the_summit(journey_demo: Series) -> None:
    """Across series: the SOMHD, meeting in no series, recommends a cleared text to the 44th Summit."""
    from mufakat.demo.documents_negotiation import agree_all
    from mufakat.documents.services import ParagraphInput, document_create, document_version_circulate
    from mufakat.meetings.services import meeting_upsert

    actor = _system(journey_demo)
    summit = Meeting.objects.get(body__code="SUMMIT", ordinal=44)
    somhd = meeting_upsert(body=Body.objects.get(code="SOMHD"), start_date=date(2024, 9, 2), end_date=date(2024, 9, 3))
    document = document_create(actor=actor, meeting=summit, kind="declaration", title_en="Health declaration")
    document_version_circulate(
        actor=actor, document=document, paragraphs=[ParagraphInput(text="We resolve.")], based_on_version_id=None
    )
    document.refresh_from_db()
    agree_all(actor, document)
    document.refresh_from_db()

    step = journey_step_record(
        actor=actor, document=document, meeting=somhd, action="recommended", recommended_to=summit
    )

    document.refresh_from_db()
    assert step.recommendation is not None
    assert (step.recommendation.from_meeting_id, step.recommendation.to_meeting_id) == (somhd.pk, summit.pk)
    assert document.status == "recommended"


def test_journey_intersessional_procedure_step(journey_demo: Series) -> None:
    draft = _draft(journey_demo)

    step = journey_step_record(
        actor=_system(journey_demo),
        document=draft,
        procedure_en="Ad referendum consultation of the SOMHD leaders by e-mail",
        on=date(2024, 10, 8),
        action="discussed",
    )
    steps = document_journey(viewer=_system(journey_demo), document=draft)

    assert (step.meeting_id, steps[-1].where, steps[-1].place, steps[-1].on) == (
        None,
        "Ad referendum consultation of the SOMHD leaders by e-mail",
        "",
        date(2024, 10, 8),
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({}, "meeting", "a step is either a meeting or an intersessional procedure: name exactly one."),
        ({"procedure_en": "By e-mail"}, "on", "give the date of the intersessional procedure."),
        ({"som": True, "action": "recommended"}, "recommended_to", "name the meeting it is recommended to."),
        ({"som": True, "action": "approved"}, "action", None),
        (
            {"som": True, "on": date(2024, 10, 9)},
            "on",
            "SOM met from 2024-10-08 to 2024-10-08; the step's date lies outside.",
        ),
    ],
)
def test_journey_step_refusals_name_the_field(
    journey_demo: Series, changes: dict[str, object], field: str, message: str | None
) -> None:
    som = Meeting.objects.get(series=journey_demo, body__code="SOM")
    draft = _draft(journey_demo)
    arguments: dict[str, object] = {"action": changes.get("action", "discussed")}
    if changes.get("som"):
        arguments["meeting"] = som
    for key in ("procedure_en", "on"):
        if key in changes:
            arguments[key] = changes[key]

    with pytest.raises(ValidationFailed) as refused:
        journey_step_record(actor=_system(journey_demo), document=draft, **arguments)  # type: ignore[arg-type]

    assert refused.value.field == field
    if message is not None:
        assert refused.value.message == message
    assert refused.value.record == f"document #{draft.pk} ({DRAFT}), step 2"
