"""The bilateral-meeting scheduler: a pure module on dataclasses, no ORM, no Django.

`solve` is the optimiser (LP bound and neighbourhood search with HiGHS), `greedy` the
first-come-first-served baseline, `validate` an independent checker of any schedule; the JSON
functions read and write the format in docs/bilaterals-instance.md.
"""

from mufakat.bilaterals.scheduler.greedy import greedy
from mufakat.bilaterals.scheduler.instance import (
    Assignment,
    Day,
    Instance,
    Interval,
    Move,
    Principal,
    Request,
    Result,
    Room,
    SolveStatus,
    Unscheduled,
    UnscheduledReason,
)
from mufakat.bilaterals.scheduler.jsonio import InstanceError, assignments_from_json, instance_from_json
from mufakat.bilaterals.scheduler.jsonwrite import instance_to_json, result_to_json
from mufakat.bilaterals.scheduler.solve import SolveStopped, moves, solve
from mufakat.bilaterals.scheduler.validate import validate

__all__ = [
    "Assignment",
    "Day",
    "Instance",
    "InstanceError",
    "Interval",
    "Move",
    "Principal",
    "Request",
    "Result",
    "Room",
    "SolveStatus",
    "SolveStopped",
    "Unscheduled",
    "UnscheduledReason",
    "assignments_from_json",
    "greedy",
    "instance_from_json",
    "instance_to_json",
    "moves",
    "result_to_json",
    "solve",
    "validate",
]
