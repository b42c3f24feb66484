"""The compiled progress report a meeting reviews: pure Python on dataclasses, no ORM (selectors load the
facts, services store the result).

The unit counted is the *expected report*: one per action line (not discontinued) and responsible party.
Each is completed, ongoing, not started or discontinued as the party reported it for the period under
review (submitted or frozen reports only; drafts and returned reports do not count), or unreported.

- Roll-ups per area, per party and overall: how many expected reports fall in each status, their shares, and
  the mean progress of the reports that are not "discontinued" (None when there are none).
- Changes since the last review: every expected report whose status differs from the same party's report on
  the same line for the period before (None: no report then, or now).
- Overdue lines: action lines whose target year is before the year of the review and which some responsible
  party has not reported completed (a party that reported the line discontinued is not waiting on it).
- Unreported lines: action lines with the responsible parties that sent no report for the period."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

COMPLETED, ONGOING, NOT_STARTED, DISCONTINUED = "completed", "ongoing", "not_started", "discontinued"
UNREPORTED = "unreported"
STATUSES = (COMPLETED, ONGOING, NOT_STARTED, DISCONTINUED, UNREPORTED)
AREA, MEASURE, ACTION = "area", "measure", "action"


@dataclass(frozen=True)
class LineFacts:
    id: int
    number: str
    sort_key: str
    kind: str
    title: str
    parent_id: int | None
    target_year: int | None = None
    discontinued: bool = False
    responsible: tuple[int, ...] = ()


@dataclass(frozen=True)
class PartyFacts:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class ReportFacts:
    line_id: int
    party_id: int
    status: str
    progress: int


# (line id, party id) → (status, progress): plain tuples, as the database returns them, because a review of
# 500 lines × 11 parties reads 11,000 of them and objects per row would cost more than the compiling.
ReportMap = Mapping[tuple[int, int], tuple[str, int]]


def report_map(reports: Iterable[ReportFacts]) -> dict[tuple[int, int], tuple[str, int]]:
    return {(r.line_id, r.party_id): (r.status, r.progress) for r in reports}


@dataclass(frozen=True)
class ReviewInput:
    review_year: int
    lines: Sequence[LineFacts]
    parties: Mapping[int, PartyFacts]
    reports: ReportMap
    previous: ReportMap | None = None


@dataclass(frozen=True)
class RollUp:
    key: str
    label: str
    expected: int = 0
    completed: int = 0
    ongoing: int = 0
    not_started: int = 0
    discontinued: int = 0
    unreported: int = 0
    mean_progress: float | None = None

    def share(self, status: str) -> float:
        """The fraction (0–1) of expected reports in that status."""
        return getattr(self, status) / self.expected if self.expected else 0.0

    @property
    def reported(self) -> int:
        return self.expected - self.unreported

    @property
    def shares(self) -> dict[str, float]:
        return {status: self.share(status) for status in STATUSES}


@dataclass(slots=True)
class StatusChange:
    """Not frozen: a review of 500 lines × 11 parties may list thousands of these, and a frozen dataclass
    costs several times as much to create."""

    number: str
    title: str
    party: str
    party_name: str
    before: str | None
    after: str | None
    before_progress: int | None
    after_progress: int | None


@dataclass(frozen=True)
class OverdueLine:
    number: str
    title: str
    target_year: int
    parties: tuple[str, ...]


@dataclass(frozen=True)
class UnreportedLine:
    number: str
    title: str
    parties: tuple[str, ...]


@dataclass(frozen=True)
class CompiledReview:
    review_year: int
    action_lines: int
    overall: RollUp
    by_area: tuple[RollUp, ...]
    by_party: tuple[RollUp, ...]
    changes: tuple[StatusChange, ...] = ()
    overdue: tuple[OverdueLine, ...] = ()
    unreported: tuple[UnreportedLine, ...] = ()
    has_previous: bool = False
    party_names: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe, for PlanReview.figures; `compiled_from_dict` reads it back."""
        return asdict(self)


def compiled_from_dict(data: Mapping[str, Any]) -> CompiledReview:
    return CompiledReview(
        review_year=data["review_year"],
        action_lines=data["action_lines"],
        overall=RollUp(**data["overall"]),
        by_area=tuple(RollUp(**row) for row in data["by_area"]),
        by_party=tuple(RollUp(**row) for row in data["by_party"]),
        changes=tuple(StatusChange(**row) for row in data["changes"]),
        overdue=tuple(OverdueLine(**{**row, "parties": tuple(row["parties"])}) for row in data["overdue"]),
        unreported=tuple(UnreportedLine(**{**row, "parties": tuple(row["parties"])}) for row in data["unreported"]),
        has_previous=data["has_previous"],
        party_names=dict(data.get("party_names", {})),
    )


# A bucket of expected reports: counts per status (in STATUSES order), then the sum and the number of the
# progress values (of reports that are not "discontinued"). Roll-ups add up buckets, not reports.
_SLOT = {status: index for index, status in enumerate(STATUSES)}
_SUM, _COUNT = len(STATUSES), len(STATUSES) + 1


def _bucket() -> list[int]:
    return [0] * (len(STATUSES) + 2)


def _roll_up(key: str, label: str, buckets: Iterable[list[int]]) -> RollUp:
    total = _bucket()
    for bucket in buckets:
        for index, value in enumerate(bucket):
            total[index] += value
    mean = round(total[_SUM] / total[_COUNT], 1) if total[_COUNT] else None
    counts = {status: total[_SLOT[status]] for status in STATUSES}
    return RollUp(key=key, label=label, expected=sum(counts.values()), mean_progress=mean, **counts)


def _areas(lines: Sequence[LineFacts]) -> dict[int, LineFacts]:
    """The area each line belongs to (an area belongs to itself)."""
    by_id = {line.id: line for line in lines}
    area_of: dict[int, LineFacts] = {}
    for line in lines:
        top = line
        seen = 0
        while top.parent_id is not None and top.parent_id in by_id and seen < 10:
            top = by_id[top.parent_id]
            seen += 1
        area_of[line.id] = top
    return area_of


class _Compiler:
    """One pass over the expected reports, filling buckets per (area, party) and the line lists."""

    def __init__(self, data: ReviewInput) -> None:
        self.data = data
        self.label = {pid: party.name for pid, party in data.parties.items()}
        self.code = {pid: party.code for pid, party in data.parties.items()}
        self.buckets: dict[tuple[int, int], list[int]] = {}
        self.changes: list[StatusChange] = []
        self.overdue: list[OverdueLine] = []
        self.unreported: list[UnreportedLine] = []
        self.action_lines = 0

    def line(self, line: LineFacts, area_id: int) -> None:
        self.action_lines += 1
        missing: list[str] = []
        not_done: list[str] = []
        current, previous = self.data.reports, self.data.previous
        for party_id in sorted(set(line.responsible), key=lambda pid: (self.label.get(pid, ""), pid)):
            key = (line.id, party_id)
            report = current.get(key)
            bucket = self.buckets.get((area_id, party_id))
            if bucket is None:
                bucket = self.buckets[(area_id, party_id)] = _bucket()
            code = self.code.get(party_id, str(party_id))
            status, progress = report if report is not None else (None, None)
            if status is None:
                bucket[_SLOT[UNREPORTED]] += 1
                missing.append(code)
                not_done.append(code)
            else:
                bucket[_SLOT[status]] += 1
                if status != DISCONTINUED:
                    bucket[_SUM] += progress or 0
                    bucket[_COUNT] += 1
                    if status != COMPLETED:
                        not_done.append(code)
            if previous is not None:
                before = previous.get(key)
                if (before[0] if before else None) != status:
                    self.changes.append(
                        StatusChange(
                            number=line.number,
                            title=line.title,
                            party=code,
                            party_name=self.label.get(party_id, code),
                            before=before[0] if before else None,
                            after=status,
                            before_progress=before[1] if before else None,
                            after_progress=progress,
                        )
                    )
        if missing:
            self.unreported.append(UnreportedLine(number=line.number, title=line.title, parties=tuple(missing)))
        if line.target_year is not None and line.target_year < self.data.review_year and not_done:
            self.overdue.append(
                OverdueLine(number=line.number, title=line.title, target_year=line.target_year, parties=tuple(not_done))
            )

    def result(self, lines: Sequence[LineFacts]) -> CompiledReview:
        by_id = {line.id: line for line in lines}
        per_area: dict[int, list[list[int]]] = {line.id: [] for line in lines if line.kind == AREA}
        per_party: dict[int, list[list[int]]] = defaultdict(list)
        for (area_id, party_id), bucket in self.buckets.items():
            per_area.setdefault(area_id, []).append(bucket)
            per_party[party_id].append(bucket)
        areas = sorted(per_area.items(), key=lambda item: by_id[item[0]].sort_key)
        parties = sorted(per_party.items(), key=lambda item: (self.label.get(item[0], ""), item[0]))
        return CompiledReview(
            review_year=self.data.review_year,
            action_lines=self.action_lines,
            overall=_roll_up("all", "All action lines", self.buckets.values()),
            by_area=tuple(_roll_up(by_id[aid].number, by_id[aid].title, rows) for aid, rows in areas),
            by_party=tuple(
                _roll_up(self.code.get(pid, str(pid)), self.label.get(pid, str(pid)), rows) for pid, rows in parties
            ),
            changes=tuple(self.changes),
            overdue=tuple(self.overdue),
            unreported=tuple(self.unreported),
            has_previous=self.data.previous is not None,
            party_names={self.code[pid]: self.label[pid] for pid, _ in parties if pid in self.code},
        )


def compile_review(data: ReviewInput) -> CompiledReview:
    """The figures of the review; constant work per expected report."""
    lines = sorted(data.lines, key=lambda line: line.sort_key)
    area_of = _areas(lines)
    compiler = _Compiler(data)
    for line in lines:
        if line.kind == ACTION and not line.discontinued:
            compiler.line(line, area_of[line.id].id)
    return compiler.result(lines)
