"""`bilaterals`: `schedule` a series from the database, `solve` an instance file (no database)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from mufakat.core.errors import ValidationFailed

from .common import operator, series_arg, viewer_arg, write_output


def _cmd_bilaterals_schedule(args: argparse.Namespace) -> int:
    from mufakat.bilaterals.selectors import bilateral_settings_of
    from mufakat.bilaterals.services import bilateral_schedule_publish, bilateral_schedule_solve, bilateral_solve_start

    series = series_arg(args.series)
    actor = viewer_arg(args.as_user, series) if args.as_user else operator(series.pk, "bilaterals schedule")
    time_limit = args.time_limit or float(bilateral_settings_of(series).time_limit_seconds)
    if args.background:
        if args.publish:
            raise ValidationFailed(
                _("cannot publish a draft that a worker has yet to make; publish it when the job has succeeded."),
                field="--publish",
            )
        job = bilateral_solve_start(actor=actor, series=series, time_limit=time_limit)
        print(
            f"solve of {series.code} queued as job {job.pk} (time limit {time_limit:g} s); "
            f"a worker (`mufakat worker`, or the one `mufakat serve` starts) runs it: /jobs/{job.pk}/"
        )
        return 0

    def progress(line: str) -> None:
        print(f"  {line}", flush=True)

    print(f"solving the bilaterals of {series.code} (time limit {time_limit:g} s)")
    outcome = bilateral_schedule_solve(actor=actor, series=series, time_limit=time_limit, progress=progress)
    schedule, result = outcome.schedule, outcome.result
    print(
        f"draft schedule {schedule.number}: {len(result.assignments)} of {schedule.requested} requests scheduled; "
        f"weight {result.objective:g}, bound {result.bound:g}, gap {result.gap:.2%} ({result.solver}, "
        f"{result.status}, {_time_used(result)}); greedy baseline weight {outcome.greedy.objective:g} "
        f"({len(outcome.greedy.assignments)} meetings)"
    )
    print(_compactness(result))
    if result.moves:
        print(f"{len(result.moves)} meeting(s) moved against the published schedule{_fewest(result)}")
    for item in schedule.unscheduled.select_related("request__requester").order_by("-request__priority", "pk"):
        print(f"  not scheduled: request {item.request_id} ({item.reason}): {item.detail}")
    if args.publish:
        published = bilateral_schedule_publish(actor=actor, schedule_id=schedule.pk)
        print(f"schedule {published.number} published.")
    return 0


def _cmd_bilaterals_solve(args: argparse.Namespace) -> int:
    import json

    from mufakat.bilaterals.scheduler import (
        InstanceError,
        assignments_from_json,
        greedy,
        instance_from_json,
        result_to_json,
        solve,
        validate,
    )

    def read_json(path: Path, field: str) -> Any:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValidationFailed(
                _("cannot be read as JSON: %(exc)s") % {"exc": exc}, field=field, record=str(path)
            ) from exc

    path = Path(args.instance)
    try:
        instance = instance_from_json(read_json(path, "INSTANCE"))
        previous = (
            assignments_from_json(read_json(Path(args.previous), "--previous"), instance) if args.previous else []
        )
    except InstanceError as exc:
        raise ValidationFailed("; ".join(exc.problems), record=str(path)) from exc

    def progress(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    how = "greedy baseline" if args.greedy else f"time limit {args.time_limit:g} s"
    progress(
        f"{path.name}: {len(instance.requests)} requests, {len(instance.principals)} principals, "
        f"{len(instance.rooms)} rooms; solving ({how})"
    )
    result = (
        greedy(instance)
        if args.greedy
        else solve(
            instance,
            time_limit=args.time_limit,
            previous=previous,
            progress=progress,
            gap_fairness=args.gap_fairness,
        )
    )
    out = result_to_json(result, instance)
    if not args.greedy:
        baseline = greedy(instance)
        out["greedy"] = {"objective": baseline.objective, "scheduled": len(baseline.assignments)}
    # The solver never returns an invalid schedule; the independent check says so in the file.
    out["violations"] = validate(instance, result.assignments)
    write_output((json.dumps(out, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), args.output)
    if not args.greedy:
        progress(_compactness(result))
    progress(
        f"{len(result.assignments)} of {len(instance.requests)} requests scheduled; weight {result.objective:g}, "
        f"bound {result.bound:g}, gap {result.gap:.2%} ({result.status}, {_time_used(result)})"
        + (f"; {len(result.moves)} moved{_fewest(result)}" if previous else "")
    )

    return 1 if out["violations"] else 0


def _time_used(result: Any) -> str:
    """'6.1 s used of a 15 s limit', and which phases' solver calls were killed at their budget."""
    used = f"{result.seconds:.1f} s used" + (f" of a {result.time_limit:g} s limit" if result.time_limit else "")
    return used + (f"; cut at their budget: {', '.join(result.cut)}" if result.cut else "")


def _gap_fairness(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 20:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of idle gaps between 0 and 20")
    return value


def _compactness(result: Any) -> str:
    """'idle gaps 12 (proven fewest 10, gap 2); worst principal VN/minister with 3; fairness 2'."""
    worst = max(result.gaps_by_principal.items(), key=lambda item: (item[1], item[0]), default=None)
    return (
        f"idle gaps {result.gaps} (proven fewest {result.gaps_bound}, gap {result.gaps - result.gaps_bound})"
        + (f"; worst principal {worst[0]} with {worst[1]}" if worst else "")
        + f"; fairness {result.gap_fairness}"
    )


def _fewest(result: Any) -> str:
    """' (3 re-timed or dropped; the fewest possible at this weight: 3)', or '...; at least 2 needed ...'
    when the second stage ran out of time."""
    retimed = sum(
        1 for m in result.moves if m.before is not None and (m.after is None or m.after.start != m.before.start)
    )
    if result.moves_minimum is None:
        return f" ({retimed} re-timed or dropped)"
    if result.moves_minimum == retimed:
        return f" ({retimed} re-timed or dropped; the fewest possible at this weight: {result.moves_minimum})"
    return f" ({retimed} re-timed or dropped; at least {result.moves_minimum} needed at this weight)"


def add_commands(sub: Any) -> None:
    """The `bilaterals` group: `schedule` (a series, from the database) and `solve` (an instance file)."""
    bilaterals = sub.add_parser("bilaterals", help="bilateral meetings: schedule a series, solve an instance file")
    bilaterals_sub = bilaterals.add_subparsers(dest="bilaterals_command", required=True)
    schedule = bilaterals_sub.add_parser(
        "schedule", help="solve a series' accepted requests into a draft schedule (progress on the terminal)"
    )
    schedule.add_argument("--series", required=True, help="series code, e.g. amm-57")
    schedule.add_argument("--time-limit", type=float, metavar="S", help="seconds (default: the series setting)")
    schedule.add_argument("--publish", action="store_true", help="publish the draft straight away")
    schedule.add_argument("--as", dest="as_user", metavar="USERNAME", help="a chair secretariat account (audit)")
    schedule.add_argument(
        "--background", action="store_true", help="queue the solve as a job for a worker and return at once"
    )
    schedule.set_defaults(func=_cmd_bilaterals_schedule)

    solve = bilaterals_sub.add_parser(
        "solve", help="schedule an instance file (docs/bilaterals-instance.md) and write the schedule as JSON"
    )
    solve.add_argument("instance", metavar="INSTANCE.json")
    solve.add_argument("--time-limit", type=float, default=30.0, metavar="S", help="seconds (default 30)")
    solve.add_argument("--output", metavar="OUT.json", help="file to write (default: standard output)")
    solve.add_argument("--greedy", action="store_true", help="the first-come-first-served baseline instead")
    solve.add_argument(
        "--gap-fairness",
        type=_gap_fairness,
        default=2,
        metavar="D",
        help="no principal more than D idle gaps above the one with fewest, where possible (0-20, default 2)",
    )
    solve.add_argument(
        "--previous", metavar="RESULT.json", help="a result to keep as much of as possible (rescheduling)"
    )
    # No database, no session: it runs without Django, hence without SECRET_KEY or DATABASE_URL.
    solve.set_defaults(func=_cmd_bilaterals_solve, needs_django=False)
