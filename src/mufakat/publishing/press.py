"""Press releases drafted from a meeting's record: the facts in the order a press officer writes them (who
met, when, where, chaired by whom, which delegations and who led them, what was reviewed, finalised,
recommended, adopted; the theme), rendered by a template per kind of meeting, tense and language
(templates/publishing/press/<kind>.<lang>.txt after the meeting, <kind>.future.<lang>.txt for an advance
release announcing it). No language model: the same record gives the same text.

Only what the public may read goes in: documents are named only when their classification is public and
they were decided; the SOM's recommendations are named by subject (programme, agendas, list of documents)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string, select_template

from mufakat.accounts.classification import Classification
from mufakat.delegations.enums import Accreditation, ParticipantRole, Rank
from mufakat.delegations.models import Participant
from mufakat.documents.enums import FINAL_STATUSES
from mufakat.documents.models import OutcomeDocument
from mufakat.meetings.enums import AgendaStatus, BodyLevel, RecommendationSubject
from mufakat.meetings.models import Meeting, Recommendation
from mufakat.meetings.selectors import meeting_attendance, meeting_prepares
from mufakat.reference.models import Party

LANGUAGES = ("en", "vi")
PAST, FUTURE = "past", "future"
ILLUSTRATIVE = {"en": " (illustrative)", "vi": " (minh họa)"}

# How the Vietnamese press names an office before the name ("Thứ trưởng Ngoại giao Đỗ Hùng Việt").
RANK_VI: dict[str, str] = {
    Rank.MINISTER: "Bộ trưởng Ngoại giao",
    Rank.DEPUTY_MINISTER: "Thứ trưởng Ngoại giao",
    Rank.AMBASSADOR: "Đại sứ",
    Rank.DIRECTOR: "Vụ trưởng",
}
ROLE_EN: dict[str, str] = {ParticipantRole.SOM_LEADER: "ASEAN SOM Leader", ParticipantRole.HEAD: "Head of Delegation"}
ROLE_VI: dict[str, str] = {ParticipantRole.SOM_LEADER: "Trưởng SOM ASEAN", ParticipantRole.HEAD: "Trưởng đoàn"}
VERBS = {
    "adopted": ("adopted", "thông qua"),
    "noted": ("noted", "ghi nhận"),
    "endorsed": ("endorsed", "tán thành"),
    "signed": ("signed", "ký"),
    "issued": ("issued", "ra"),
}
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class Head:
    party_en: str
    party_vi: str
    name_en: str
    name_vi: str
    title_en: str
    title_vi: str
    rank: str
    role: str

    def line(self, lang: str) -> str:
        if lang == "vi":
            prefix = RANK_VI.get(self.rank, "")
            person = f"{prefix} {self.name_vi}".strip()
            if self.role == ParticipantRole.SOM_LEADER:
                return f"{person}, {ROLE_VI[self.role]} của {self.party_vi}, dẫn đầu đoàn {self.party_vi}"
            return f"{person} dẫn đầu đoàn {self.party_vi}"
        return f"{self.party_en}: {self.name_en}, {self.title_en or ROLE_EN.get(self.role, 'Head of Delegation')}"


@dataclass(frozen=True)
class Facts:
    """What a press release says, in both languages, gathered from the record."""

    kind: str
    meeting_en: str
    meeting_vi: str
    abbreviation: str
    day: date
    end_day: date
    venue_en: str
    venue_vi: str
    city_en: str
    city_vi: str
    country_en: str
    country_vi: str
    series_en: str
    series_vi: str
    theme_en: str
    theme_vi: str
    chair_party_en: str
    chair_party_vi: str
    chair_head: Head | None
    chair_year: int
    prepares_en: str
    prepares_vi: str
    agenda_adopted: bool
    heads: list[Head] = field(default_factory=list)
    # (subject phrase EN, VI) of what the meeting recommended to the meeting it prepares
    recommended: list[tuple[str, str]] = field(default_factory=list)
    # verb -> [(title EN, title VI)] of public documents decided at the meeting
    decided: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def _name(value: str, lang: str) -> str:
    return value.replace(ILLUSTRATIVE["en"], ILLUSTRATIVE[lang])


def _head_role(meeting: Meeting) -> list[str]:
    if meeting.body.level in {BodyLevel.SENIOR_OFFICIALS, BodyLevel.WORKING}:
        return [ParticipantRole.SOM_LEADER, ParticipantRole.HEAD]
    return [ParticipantRole.HEAD, ParticipantRole.SOM_LEADER]


def _heads(meeting: Meeting, parties: list[Party]) -> dict[int, Head]:
    order = _head_role(meeting)
    people = Participant.objects.filter(
        delegation__series=meeting.series,
        delegation__party__in=parties,
        role__in=order,
        accreditation=Accreditation.ACCREDITED,
    ).select_related("delegation__party")
    chosen: dict[int, Participant] = {}
    for person in sorted(people, key=lambda p: (order.index(p.role), p.pk)):
        chosen.setdefault(person.delegation.party_id, person)
    return {
        party_id: Head(
            party_en=p.delegation.party.name_en,
            party_vi=p.delegation.party.name_vi or p.delegation.party.name_en,
            name_en=p.name_en,
            name_vi=_name(p.name_vi or p.name_en, "vi"),
            title_en=p.title_en,
            title_vi=p.title_vi,
            rank=p.rank,
            role=p.role,
        )
        for party_id, p in chosen.items()
    }


def _recommended(meeting: Meeting) -> list[tuple[str, str]]:
    phrases: list[tuple[str, str]] = []
    rows = Recommendation.objects.filter(from_meeting=meeting).select_related("to_meeting__body", "release", "document")
    for row in rows.order_by("pk"):
        target = row.to_meeting
        if row.subject == RecommendationSubject.PROGRAMME:
            number = f" (version {row.release.number})" if row.release else ""
            number_vi = f" (phiên bản {row.release.number})" if row.release else ""
            phrases.append((f"the programme of the meetings{number}", f"chương trình hoạt động{number_vi}"))
        elif row.subject == RecommendationSubject.AGENDA:
            phrases.append((f"the agenda of the {target.title_en}", f"chương trình nghị sự của {target.title_vi}"))
        elif row.subject == RecommendationSubject.DOCUMENT_LIST:
            phrases.append(
                ("the list of documents to be adopted, noted or endorsed", "danh mục các văn kiện được thông qua")
            )
        elif (
            row.document is not None
            and row.document.classification == Classification.PUBLIC
            and row.document.status in FINAL_STATUSES
        ):
            phrases.append((f"the {row.document.title_en}", row.document.title_vi or row.document.title_en))
    return phrases


def _decided(meeting: Meeting) -> dict[str, list[tuple[str, str]]]:
    decided: dict[str, list[tuple[str, str]]] = {}
    documents = OutcomeDocument.objects.filter(
        meeting=meeting, classification=Classification.PUBLIC, status__in=FINAL_STATUSES
    ).order_by("position", "pk")
    for document in documents:
        decided.setdefault(document.status, []).append((document.title_en, document.title_vi or document.title_en))
    return {verb: decided[verb] for verb in VERBS if verb in decided}


def meeting_facts(meeting: Meeting) -> Facts:
    """The record of one meeting of a series, as the press release tells it."""
    series = meeting.series
    venue = meeting.effective_venue
    assert series is not None  # noqa: S101 - the services refuse a meeting without a series
    assert venue is not None  # noqa: S101 - a series has a venue
    attendance = meeting_attendance(meeting=meeting)
    parties = [member.party for member in attendance]
    heads = _heads(meeting, parties)
    chair = meeting.chair or series.chair
    prepares = meeting_prepares(meeting=meeting)
    return Facts(
        kind="officials" if meeting.body.level in {BodyLevel.SENIOR_OFFICIALS, BodyLevel.WORKING} else "ministers",
        meeting_en=meeting.title_en,
        meeting_vi=meeting.title_vi,
        abbreviation=meeting.body.abbreviation,
        day=meeting.start_date,
        end_day=meeting.end_date,
        venue_en=venue.name_en,
        venue_vi=venue.name_vi or venue.name_en,
        city_en=venue.city_en,
        city_vi=venue.city_vi or venue.city_en,
        country_en=venue.country.name_en,
        country_vi=venue.country.name_vi or venue.country.name_en,
        series_en=series.title_en,
        series_vi=series.title_vi,
        theme_en=series.theme_en,
        theme_vi=series.theme_vi or series.theme_en,
        chair_party_en=chair.name_en,
        chair_party_vi=chair.name_vi or chair.name_en,
        chair_head=heads.get(chair.pk),
        chair_year=series.start_date.year,
        prepares_en=prepares[0].title_en if prepares else "",
        prepares_vi=prepares[0].title_vi if prepares else "",
        agenda_adopted=meeting.agenda_status == AgendaStatus.ADOPTED,
        heads=[heads[p.pk] for p in parties if p.pk in heads],
        recommended=_recommended(meeting),
        decided=_decided(meeting),
    )


def _when(facts: Facts, lang: str) -> str:
    start, end = facts.day, facts.end_day
    if lang == "vi":
        if start == end:
            return f"ngày {start.day}/{start.month}/{start.year}"
        return f"từ ngày {start.day}/{start.month} đến ngày {end.day}/{end.month}/{end.year}"
    if start == end:
        return f"{start.day} {MONTHS_EN[start.month - 1]} {start.year}"
    if start.month == end.month:
        return f"{start.day}–{end.day} {MONTHS_EN[end.month - 1]} {end.year}"
    return f"{start.day} {MONTHS_EN[start.month - 1]} – {end.day} {MONTHS_EN[end.month - 1]} {end.year}"


def _series_of(items: list[str], lang: str) -> str:
    """ "a, b and c" / "a, b và c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {'và' if lang == 'vi' else 'and'} {items[-1]}"


def tense_of(*, advance_release: bool, begun: bool) -> str:
    """An advance release of a meeting that has not begun announces it (future tense); any other release
    reports it (past tense)."""
    return FUTURE if advance_release and not begun else PAST


def render_press(facts: Facts, lang: str, *, tense: str = PAST) -> tuple[str, str]:
    """(title, text) of the press release in `lang` ("en" or "vi"), in the past tense (the meeting took
    place) or the future tense (an advance release)."""
    vi = lang == "vi"
    index = 1 if vi else 0
    chair_head = facts.chair_head
    decided = [
        (VERBS[verb][index], _series_of([titles[index] for titles in documents], lang))
        for verb, documents in facts.decided.items()
    ]
    context = {
        "f": facts,
        "when": _when(facts, lang),
        "meeting": facts.meeting_vi if vi else facts.meeting_en,
        "venue": facts.venue_vi if vi else facts.venue_en,
        "city": facts.city_vi if vi else facts.city_en,
        "country": facts.country_vi if vi else facts.country_en,
        "series": facts.series_vi if vi else facts.series_en,
        "theme": facts.theme_vi if vi else facts.theme_en,
        "chair_party": facts.chair_party_vi if vi else facts.chair_party_en,
        "chair_name": ((chair_head.name_vi if vi else chair_head.name_en) if chair_head else ""),
        "chair_title": (chair_head.title_vi if vi else chair_head.title_en) if chair_head else "",
        "prepares": facts.prepares_vi if vi else facts.prepares_en,
        "heads": [head.line(lang) for head in facts.heads],
        "recommended": _series_of([phrase[index] for phrase in facts.recommended], lang),
        "decided": decided,
    }
    base = f"publishing/press/{facts.kind}"
    future = ".future" if tense == FUTURE else ""
    text = render_to_string(f"{base}{future}.{lang}.txt", context).strip() + "\n"
    # A title without a tense (the SOM "prepares" the meetings) serves both.
    title = select_template([f"{base}.title{future}.{lang}.txt", f"{base}.title.{lang}.txt"]).render(context).strip()
    # Paragraphs are separated by one blank line whatever the template's own line breaks.
    paragraphs = [" ".join(line.strip() for line in block.splitlines() if line.strip()) for block in text.split("\n\n")]
    return title, "\n\n".join(p for p in paragraphs if p) + "\n"
