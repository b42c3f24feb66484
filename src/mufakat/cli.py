"""The `mufakat` command. Thin: parses arguments, calls services, prints what happened."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from mufakat.accounts.rules import SeriesViewer
    from mufakat.documents.models import OutcomeDocument
    from mufakat.meetings.models import Series


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
    import django

    django.setup()


def _cmd_load_reference(args: argparse.Namespace) -> int:
    from django.db import transaction

    from mufakat.meetings.services import bodies_load
    from mufakat.reference.services import reference_data_load

    with transaction.atomic():
        report = reference_data_load(path=Path(args.file) if args.file else None)
        bodies_load(report=report, path=Path(args.bodies) if args.bodies else None)
    print(report.summary())
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from django.db import transaction

    from mufakat.bilaterals.demo import bilaterals_demo_load
    from mufakat.delegations.demo import delegations_demo_load
    from mufakat.documents.demo import documents_demo_load
    from mufakat.meetings.demo import DEMO_NOW, demo_load
    from mufakat.meetings.demo_programme import programme_demo_load
    from mufakat.meetings.services import bodies_load
    from mufakat.plans.demo import plans_demo_load
    from mufakat.reference.services import reference_data_load

    with transaction.atomic():
        report = reference_data_load()
        bodies_load(report=report)
        demo = demo_load()
        logins = delegations_demo_load()
        programme_demo_load()
        bilaterals_demo_load()
        documents_demo_load()
        plans_demo_load()
    print(report.summary())
    print(
        f"the demo is set in July 2024: its records are dated up to {DEMO_NOW:%d %B %Y %H:%M} ({DEMO_NOW.tzinfo}); "
        "the app keeps today's date, so the demo's deadlines have passed (pages say so in a banner)."
    )
    for series in demo.series:
        print(f"demo series {series.code}: {series.title_en} ({series.meetings.count()} meetings)")
    print("demo logins (series amm-57; log in at /accounts/login/):")
    for login in logins:
        print(f"  {login.username:<12} password {login.password}  — {login.persona}")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from mufakat.core.checks import consistency_report

    problems = consistency_report()
    for problem in problems:
        print(f"PROBLEM {problem}")
    print(f"{len(problems)} problem(s) found." if problems else "data is consistent.")
    return 1 if problems else 0


def _cmd_serve(args: argparse.Namespace) -> int:
    import signal
    import subprocess

    from django.conf import settings
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from waitress import serve

    from mufakat.wsgi import application

    if not settings.DEBUG:
        from django.core.management import call_command

        # Production serves hashed, compressed static files; collect them before the first request.
        call_command("collectstatic", "--noinput", verbosity=0)
    print(f"mufakat serving on http://{args.host}:{args.port}/ (DEBUG={settings.DEBUG}); Ctrl-C stops it.")
    worker = None
    if args.worker:
        # One worker beside the web server, so `make run` is one command; it stops with the server, and on
        # its own if the server dies. Production runs `mufakat worker` processes of its own (--no-worker).
        worker = subprocess.Popen(  # noqa: S603 - our own interpreter and module, no shell
            [sys.executable, "-m", "mufakat.cli", "worker", "--exit-with-parent", str(os.getpid())]
        )
        print(f"a background worker runs beside it (pid {worker.pid}; --no-worker turns it off).")
    sys.stdout.flush()

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    handler = StaticFilesHandler(application) if settings.DEBUG else application
    try:
        serve(handler, host=args.host, port=args.port, threads=args.threads, ident="mufakat")
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
    return 0


def _cmd_worker(args: argparse.Namespace) -> int:
    import signal

    from mufakat.core.errors import ValidationFailed
    from mufakat.jobs.worker import WorkerLoop

    if args.interval <= 0:
        raise ValidationFailed(_("must be a positive number of seconds."), field="--interval")
    if args.sweep_every <= 0:
        raise ValidationFailed(_("must be a positive number of seconds."), field="--sweep-every")

    def report(line: str) -> None:
        print(line)
        sys.stdout.flush()

    loop = WorkerLoop(
        once=args.once,
        interval=args.interval,
        sweep_every=args.sweep_every,
        exit_with_parent=args.exit_with_parent,
        report=report,
    )

    def request_stop(signum: int, frame: object) -> None:
        loop.request_stop()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    if not args.once:
        report(
            f"worker {loop.worker_id}: running jobs, checking every {args.interval:g} s, overdue deadlines swept "
            f"every {args.sweep_every:g} s; SIGTERM or Ctrl-C stops it after the job under way."
        )
    try:
        loop.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    report(f"worker stopped: {loop.tasks_run} job(s) run, {loop.concluded} overdue deadline(s) concluded by the sweep.")
    return 0


def _cmd_user_add(args: argparse.Namespace) -> int:
    import secrets

    from django.db import transaction

    from mufakat.accounts.models import User
    from mufakat.accounts.services import role_assign, user_create
    from mufakat.core.errors import ValidationFailed
    from mufakat.meetings.models import Series
    from mufakat.reference.models import Party

    series = Series.objects.filter(code=args.series).first()
    if series is None:
        raise ValidationFailed(_("no series %(series)r.") % {"series": args.series}, field="--series")
    party = None
    if args.party:
        party = Party.objects.filter(code=args.party.upper()).first()
        if party is None:
            raise ValidationFailed(_("no party %(party)r.") % {"party": args.party}, field="--party")
    password = None
    with transaction.atomic():
        user = User.objects.filter(username=args.username).first()
        if user is None:
            password = sys.stdin.readline().strip() if args.password_stdin else secrets.token_urlsafe(12)
            user = user_create(username=args.username, password=password, email=args.email or "")
        role_assign(actor=None, user=user, series=series, role=args.role, party=party)
    print(f"{user.username}: {args.role}{' for ' + party.code if party else ''} in {series.code}")
    if password and not args.password_stdin:
        print(f"password (shown once): {password}")
    return 0


def _cmd_audit_export(args: argparse.Namespace) -> int:
    import csv
    import json

    from mufakat.accounts.models import AuditEvent

    events = AuditEvent.objects.filter(series__code=args.series).order_by("at", "pk")
    with open(args.output, "w", newline="", encoding="utf-8") if args.output else sys.stdout as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "at",
                "actor",
                "role",
                "party",
                "action",
                "object_type",
                "object_id",
                "object",
                "before",
                "after",
                "request_id",
            ]
        )
        for event in events.iterator():
            writer.writerow(
                [
                    event.at.isoformat(),
                    event.actor_username,
                    event.actor_role,
                    event.actor_party,
                    event.action,
                    event.object_type,
                    event.object_id,
                    event.object_repr,
                    json.dumps(event.before, ensure_ascii=False),
                    json.dumps(event.after, ensure_ascii=False),
                    event.request_id,
                ]
            )
    return 0


def _series_arg(code: str) -> Series:
    from mufakat.core.errors import ValidationFailed
    from mufakat.meetings.models import Series

    found = Series.objects.select_related("venue").filter(code=code).first()
    if found is None:
        raise ValidationFailed(_("no series %(code)r.") % {"code": code}, field="--series")
    return found


def _viewer_arg(username: str, series: Series) -> SeriesViewer:
    from mufakat.accounts.models import User
    from mufakat.accounts.rules import viewer_for
    from mufakat.core.errors import ValidationFailed

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ValidationFailed(_("no active account %(username)r.") % {"username": username}, field="--as")
    return viewer_for(user, series)


def _cmd_programme_release(args: argparse.Namespace) -> int:
    from mufakat.meetings.releases import programme_release

    series = _series_arg(args.series)
    actor = _viewer_arg(args.as_user, series)
    release = programme_release(actor=actor, series=series, acknowledged=args.acknowledge, note=args.note)
    print(
        f"{series.code} programme v{release.number} released: {len(release.changelog)} change(s), "
        f"{len(release.acknowledged_conflicts)} conflict(s) acknowledged."
    )
    for change in release.changelog:
        print(f"  {change['kind']:<12} {change['meeting']}: {change['title']}")
    return 0


def _cmd_programme_conflicts(args: argparse.Namespace) -> int:
    from mufakat.meetings.releases import programme_conflicts

    conflicts = programme_conflicts(series=_series_arg(args.series))
    for conflict in conflicts:
        print(f"{conflict.key}\t{conflict.message}")
    print(f"{len(conflicts)} conflict(s)." if conflicts else "no conflicts.")
    return 1 if conflicts else 0


def _cmd_programme_import(args: argparse.Namespace) -> int:
    from mufakat.core.errors import ValidationFailed
    from mufakat.meetings.programme_csv import programme_import

    series = _series_arg(args.series)
    actor = _viewer_arg(args.as_user, series)
    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationFailed(
            _("cannot be read as UTF-8 text: %(exc)s") % {"exc": exc}, field="FILE", record=str(path)
        ) from exc
    created = programme_import(actor=actor, series=series, text=text)
    print(f"imported {len(created)} session(s) into the draft programme of {series.code}.")
    return 0


def _write_output(content: bytes, output: str | None) -> None:
    if output:
        Path(output).write_bytes(content)
    else:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()


def _cmd_export_ics(args: argparse.Namespace) -> int:
    from mufakat.core.errors import ValidationFailed
    from mufakat.delegations.week import party_week_build, party_week_ics
    from mufakat.meetings.exports import programme_ics
    from mufakat.meetings.models import Meeting
    from mufakat.reference.models import Party

    series = _series_arg(args.series)
    party = meeting = None
    if args.party:
        party = Party.objects.filter(code=args.party.upper()).first()
        if party is None:
            raise ValidationFailed(_("no party %(party)r.") % {"party": args.party}, field="--party")
    if args.meeting is not None:
        meeting = Meeting.objects.select_related("body").filter(series=series, pk=args.meeting).first()
        if meeting is None:
            raise ValidationFailed(
                _("no meeting %(meeting)s in %(series)s.") % {"meeting": args.meeting, "series": series.code},
                field="--meeting",
            )
    if party is not None:
        # The party's whole week, as .../delegations/{party}/week.ics serves it: sessions, bilaterals, deadlines.
        _write_output(party_week_ics(party_week_build(series=series, party=party)), args.output)
        return 0
    _write_output(programme_ics(series=series, meeting=meeting), args.output)
    return 0


def _cmd_export_booklet(args: argparse.Namespace) -> int:
    from mufakat.meetings.exports import programme_booklet

    _write_output(programme_booklet(series=_series_arg(args.series), lang=args.lang), args.output)
    return 0


def _cmd_bilaterals_schedule(args: argparse.Namespace) -> int:
    from mufakat.accounts.rules import SeriesViewer
    from mufakat.bilaterals.selectors import bilateral_settings_of
    from mufakat.bilaterals.services import bilateral_schedule_publish, bilateral_schedule_solve

    series = _series_arg(args.series)
    actor = (
        _viewer_arg(args.as_user, series)
        if args.as_user
        else SeriesViewer.system(series.pk, purpose="bilaterals schedule command")
    )
    time_limit = args.time_limit or float(bilateral_settings_of(series).time_limit_seconds)

    def progress(line: str) -> None:
        print(f"  {line}", flush=True)

    print(f"solving the bilaterals of {series.code} (time limit {time_limit:g} s)")
    outcome = bilateral_schedule_solve(actor=actor, series=series, time_limit=time_limit, progress=progress)
    schedule, result = outcome.schedule, outcome.result
    print(
        f"draft schedule {schedule.number}: {len(result.assignments)} of {schedule.requested} requests scheduled; "
        f"weight {result.objective:g}, bound {result.bound:g}, gap {result.gap:.2%} ({result.solver}, "
        f"{result.status}, {result.seconds:.1f} s); greedy baseline weight {outcome.greedy.objective:g} "
        f"({len(outcome.greedy.assignments)} meetings)"
    )
    if result.moves:
        print(f"{len(result.moves)} meeting(s) moved against the published schedule")
    for item in schedule.unscheduled.select_related("request__requester").order_by("-request__priority", "pk"):
        print(f"  not scheduled: request {item.request_id} ({item.reason}): {item.detail}")
    if args.publish:
        published = bilateral_schedule_publish(actor=actor, schedule_id=schedule.pk)
        print(f"schedule {published.number} published.")
    return 0


def _cmd_manage(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["mufakat manage", *args.rest])
    return 0


def _add_programme_commands(sub: Any) -> None:
    programme = sub.add_parser("programme", help="the programme of a series: conflicts, releases, CSV import")
    programme_sub = programme.add_subparsers(dest="programme_command", required=True)
    release = programme_sub.add_parser("release", help="release the draft programme as the next numbered version")
    release.add_argument("--series", required=True, help="series code, e.g. amm-57")
    release.add_argument("--as", dest="as_user", required=True, metavar="USERNAME", help="a chair secretariat account")
    release.add_argument(
        "--acknowledge", action="append", default=[], metavar="KEY", help="a conflict key (repeat for each conflict)"
    )
    release.add_argument("--note", default="", help="what this release is, e.g. 'As finalised by the SOM'")
    release.set_defaults(func=_cmd_programme_release)
    conflicts = programme_sub.add_parser("conflicts", help="list the draft's conflicts; exits 1 when there are any")
    conflicts.add_argument("--series", required=True)
    conflicts.set_defaults(func=_cmd_programme_conflicts)
    programme_import = programme_sub.add_parser("import", help="add the sessions of a CSV file to the draft")
    programme_import.add_argument("--series", required=True)
    programme_import.add_argument("--as", dest="as_user", required=True, metavar="USERNAME")
    programme_import.add_argument(
        "file", metavar="FILE.csv", help="columns meeting,title_en,title_vi,kind,room,date,start,end (UTF-8)"
    )
    programme_import.set_defaults(func=_cmd_programme_import)

    export = sub.add_parser("export", help="export the latest released programme")
    export_sub = export.add_subparsers(dest="export_command", required=True)
    ics = export_sub.add_parser("ics", help="iCalendar of a series, a meeting (--meeting) or a party's week (--party)")
    ics.add_argument("--series", required=True)
    which = ics.add_mutually_exclusive_group()
    which.add_argument("--party", help="party code, e.g. JP: that party's week")
    which.add_argument("--meeting", type=int, help="meeting id: that meeting's sessions")
    ics.add_argument("--output", help="file to write (default: standard output)")
    ics.set_defaults(func=_cmd_export_ics)
    booklet = export_sub.add_parser("booklet", help="the printable programme booklet (PDF)")
    booklet.add_argument("--series", required=True)
    booklet.add_argument("--lang", choices=["en", "vi"], default="en")
    booklet.add_argument("--output", required=True, help="the PDF file to write")
    booklet.set_defaults(func=_cmd_export_booklet)


def _add_bilaterals_commands(sub: Any) -> Any:
    """The `bilaterals` group: `schedule` (a series, from the database) and, beside it, `solve` (an instance
    file). Returns the group's subcommands for both to add to."""
    bilaterals = sub.add_parser("bilaterals", help="bilateral meetings: schedule a series, solve an instance file")
    bilaterals_sub = bilaterals.add_subparsers(dest="bilaterals_command", required=True)
    schedule = bilaterals_sub.add_parser(
        "schedule", help="solve a series' accepted requests into a draft schedule (progress on the terminal)"
    )
    schedule.add_argument("--series", required=True, help="series code, e.g. amm-57")
    schedule.add_argument("--time-limit", type=float, metavar="S", help="seconds (default: the series setting)")
    schedule.add_argument("--publish", action="store_true", help="publish the draft straight away")
    schedule.add_argument("--as", dest="as_user", metavar="USERNAME", help="a chair secretariat account (audit)")
    schedule.set_defaults(func=_cmd_bilaterals_schedule)
    return bilaterals_sub


# -- bilaterals solve: an instance file in, a schedule file out; no database -------------------------------------


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
    from mufakat.core.errors import ValidationFailed

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
        else solve(instance, time_limit=args.time_limit, previous=previous, progress=progress)
    )
    out = result_to_json(result, instance)
    if not args.greedy:
        baseline = greedy(instance)
        out["greedy"] = {"objective": baseline.objective, "scheduled": len(baseline.assignments)}
    # The solver never returns an invalid schedule; the independent check says so in the file.
    out["violations"] = validate(instance, result.assignments)
    _write_output((json.dumps(out, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), args.output)
    progress(
        f"{len(result.assignments)} of {len(instance.requests)} requests scheduled; weight {result.objective:g}, "
        f"bound {result.bound:g}, gap {result.gap:.2%} ({result.status}, {result.seconds:.1f} s)"
        + (f"; {len(result.moves)} moved" if previous else "")
    )
    return 1 if out["violations"] else 0


def _add_bilaterals_solve_command(bilaterals_sub: Any) -> None:
    solve = bilaterals_sub.add_parser(
        "solve", help="schedule an instance file (docs/bilaterals-instance.md) and write the schedule as JSON"
    )
    solve.add_argument("instance", metavar="INSTANCE.json")
    solve.add_argument("--time-limit", type=float, default=30.0, metavar="S", help="seconds (default 30)")
    solve.add_argument("--output", metavar="OUT.json", help="file to write (default: standard output)")
    solve.add_argument("--greedy", action="store_true", help="the first-come-first-served baseline instead")
    solve.add_argument(
        "--previous", metavar="RESULT.json", help="a result to keep as much of as possible (rescheduling)"
    )
    # No database, no session: it runs without Django, hence without SECRET_KEY or DATABASE_URL.
    solve.set_defaults(func=_cmd_bilaterals_solve, needs_django=False)


# -- end of bilaterals solve -----------------------------------------------------------------------------------


def _document_arg(series: Series, document_id: int, actor: SeriesViewer | None) -> OutcomeDocument:
    """The document, through the actor's access when one is named; an operator without --as sees every
    document of the series (the CLI runs with the database's credentials anyway)."""
    from mufakat.core.errors import NotFound
    from mufakat.documents.models import OutcomeDocument
    from mufakat.documents.selectors import document_get

    if actor is not None:
        return document_get(viewer=actor, series=series, document_id=document_id)
    found = (
        OutcomeDocument.objects.select_related("meeting__series__venue", "meeting__venue", "current_version")
        .filter(meeting__series=series, pk=document_id)
        .first()
    )
    if found is None:
        raise NotFound(
            _("no document %(document_id)s in %(series)s.") % {"document_id": document_id, "series": series.code},
            field="--document",
        )
    return found


def _cmd_documents_import(args: argparse.Namespace) -> int:
    from mufakat.core.errors import ValidationFailed
    from mufakat.documents.models import Paragraph
    from mufakat.documents.selectors import version_get
    from mufakat.documents.word import document_version_import

    series = _series_arg(args.series)
    actor = _viewer_arg(args.as_user, series)
    document = _document_arg(series, args.document, actor)
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationFailed(
            _("cannot be read: %(value)s") % {"value": exc.strerror or exc}, field="FILE", record=str(path)
        ) from exc
    base = version_get(document=document, number=args.based_on) if args.based_on else document.current_version
    version = document_version_import(
        actor=actor, document=document, data=data, based_on_version_id=base.pk if base else None, note=args.note
    )
    uids = set(Paragraph.objects.filter(version=version).values_list("uid", flat=True))
    total = len(uids)
    kept = len(uids & set(Paragraph.objects.filter(version=base).values_list("uid", flat=True))) if base else 0
    continued = f"{kept} continue draft {base.number}, " if base else ""
    print(
        f"{document.title_en} (document #{document.pk}): draft {version.number} imported from {path.name}, "
        f"{total} paragraph(s): {continued}{total - kept} new."
    )
    return 0


def _cmd_documents_export(args: argparse.Namespace) -> int:
    from mufakat.core.errors import ValidationFailed
    from mufakat.documents import word
    from mufakat.documents.selectors import bracketed_text, clean_text, version_compare, version_get

    series = _series_arg(args.series)
    actor = _viewer_arg(args.as_user, series) if args.as_user else None
    document = _document_arg(series, args.document, actor)
    current = document.current_version
    if current is None:
        raise ValidationFailed(_("%(document)s has no text yet.") % {"document": document.title_en}, field="--document")
    if args.format == "compare":
        new = version_get(document=document, number=args.to_number) if args.to_number else current
        old_number = args.from_number if args.from_number is not None else new.number - 1
        if old_number < 1 or old_number == new.number:
            raise ValidationFailed(_("name two different drafts with --from N --to M."), field="--from")
        old = version_get(document=document, number=old_number)
        content = word.comparison_docx(
            document=document, old=old, new=new, comparison=version_compare(old=old, new=new)
        )
        what = f"comparison of draft {old.number} and draft {new.number}"
    else:
        version = version_get(document=document, number=args.version) if args.version else current
        if args.format == "clean":
            content = word.clean_docx(document=document, view=clean_text(version=version))
        else:
            content = word.bracketed_docx(document=document, view=bracketed_text(version=version, with_proposals=False))
        what = f"{args.format} text of draft {version.number}"
    _write_output(content, args.output)
    print(f"{document.title_en} (document #{document.pk}): {what} written to {args.output}.")
    return 0


def _cmd_run_deadlines(args: argparse.Namespace) -> int:
    """Conclude due silence procedures once, or every --interval seconds until SIGTERM or Ctrl-C. The
    deadlines live in the database, so a pass after a restart or a missed run concludes what is overdue."""
    import logging
    import signal
    import threading

    from django.db import DatabaseError, close_old_connections, connection
    from django.utils import timezone

    from mufakat.documents.services import silence_conclude_due

    def one_pass() -> int:
        concluded = silence_conclude_due()
        for procedure in concluded:
            document = procedure.version.document
            print(
                f"{document.title_en} (document #{document.pk}), draft {procedure.version.number}: {procedure.result}"
            )
        print(f"{len(concluded)} silence procedure(s) concluded.")
        sys.stdout.flush()
        return len(concluded)

    if not args.loop:
        one_pass()
        return 0
    if args.interval <= 0:
        from mufakat.core.errors import ValidationFailed

        raise ValidationFailed(_("must be a positive number of seconds."), field="--interval")
    log = logging.getLogger("mufakat.deadlines")
    stop = threading.Event()

    def request_stop(signum: int, frame: object) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, request_stop)
    print(f"checking silence deadlines every {args.interval:g} s; SIGTERM or Ctrl-C stops.")
    passes = 0
    try:
        while not stop.is_set():
            if not connection.in_atomic_block:
                close_old_connections()  # a long-running loop must survive the database restarting
            try:
                count = one_pass()
            except DatabaseError as exc:
                log.warning("deadline pass failed, retrying next pass: %s", exc)
                print(f"{timezone.now():%Y-%m-%d %H:%M:%S} UTC pass failed: {exc}", file=sys.stderr)
            else:
                passes += 1
                log.info("deadline pass %s: %s procedure(s) concluded", passes, count)
            stop.wait(args.interval)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
    print(f"stopped after {passes} pass(es).")
    return 0


def _add_documents_commands(sub: Any) -> None:
    documents = sub.add_parser("documents", help="outcome documents: Word import and export")
    documents_sub = documents.add_subparsers(dest="documents_command", required=True)
    doc_import = documents_sub.add_parser("import", help="circulate a .docx draft as the document's next draft")
    doc_import.add_argument("--series", required=True, help="series code, e.g. amm-57")
    doc_import.add_argument("--document", required=True, type=int, help="document id")
    doc_import.add_argument(
        "--as",
        dest="as_user",
        required=True,
        metavar="USERNAME",
        help="a chair secretariat or lead focal point account",
    )
    doc_import.add_argument(
        "--based-on", type=int, metavar="N", help="the draft number the file was edited from (default: the current)"
    )
    doc_import.add_argument("--note", default="", help="what this draft is, e.g. 'Draft 4 after the SOM'")
    doc_import.add_argument("file", metavar="FILE.docx")
    doc_import.set_defaults(func=_cmd_documents_import)
    doc_export = documents_sub.add_parser("export", help="write the clean text, bracketed text or a comparison")
    doc_export.add_argument("--series", required=True)
    doc_export.add_argument("--document", required=True, type=int)
    doc_export.add_argument("--format", required=True, choices=["clean", "bracketed", "compare"])
    doc_export.add_argument("--version", type=int, metavar="N", help="draft number (default: the current draft)")
    doc_export.add_argument("--from", dest="from_number", type=int, metavar="N", help="compare: the older draft")
    doc_export.add_argument("--to", dest="to_number", type=int, metavar="M", help="compare: the newer draft")
    doc_export.add_argument(
        "--as", dest="as_user", metavar="USERNAME", help="export only what this account may see (default: operator)"
    )
    doc_export.add_argument("--output", required=True, help="the .docx file to write")
    doc_export.set_defaults(func=_cmd_documents_export)

    deadlines = sub.add_parser("run-deadlines", help="conclude silence procedures whose deadline has passed")
    deadlines.add_argument("--loop", action="store_true", help="keep running; SIGTERM or Ctrl-C stops cleanly")
    deadlines.add_argument("--interval", type=float, default=60.0, metavar="SECONDS", help="seconds between passes")
    deadlines.set_defaults(func=_cmd_run_deadlines)


def _plan_arg(plan_id: int) -> Any:
    from mufakat.core.errors import ValidationFailed
    from mufakat.plans.models import Plan

    plan = Plan.objects.select_related("framework").filter(pk=plan_id).first()
    if plan is None:
        raise ValidationFailed(_("no plan of action with id %(plan_id)s.") % {"plan_id": plan_id}, field="PLAN_ID")
    return plan


def _plans_actor(args: argparse.Namespace) -> SeriesViewer | None:
    """`--series S --as USER` acts (and is audited) as that account; without them, as the operator."""
    from mufakat.core.errors import ValidationFailed

    if bool(args.series) != bool(args.as_user):
        raise ValidationFailed(_("give both --series and --as, or neither."), field="--as")
    return _viewer_arg(args.as_user, _series_arg(args.series)) if args.series else None


def _cmd_plans_import_outline(args: argparse.Namespace) -> int:
    from mufakat.core.errors import ValidationFailed
    from mufakat.plans.services import plan_outline_import_csv, plan_outline_import_docx

    plan = _plan_arg(args.plan_id)
    actor = _plans_actor(args)
    path = Path(args.file)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationFailed(_("cannot be read: %(exc)s") % {"exc": exc}, field="FILE", record=str(path)) from exc
    if path.suffix.lower() == ".docx":
        lines = plan_outline_import_docx(actor=actor, plan_id=plan.pk, data=raw)
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationFailed(
                _("is not UTF-8 text: %(exc)s") % {"exc": exc}, field="FILE", record=str(path)
            ) from exc
        lines = plan_outline_import_csv(actor=actor, plan_id=plan.pk, text=text)
    print(f"imported {len(lines)} line(s) into plan {plan.pk} ({plan.title_en}).")
    return 0


def _cmd_plans_export_reports(args: argparse.Namespace) -> int:
    from mufakat.core.errors import ValidationFailed
    from mufakat.plans.exports import reports_csv
    from mufakat.plans.models import ImplementationReport

    plan = _plan_arg(args.plan_id)
    reports = ImplementationReport.objects.filter(period__plan=plan).select_related("line", "period", "party")
    if args.period:
        if not plan.periods.filter(label=args.period).exists():
            raise ValidationFailed(
                _("plan %(pk)s has no reporting period %(period)r.") % {"pk": plan.pk, "period": args.period},
                field="--period",
            )
        reports = reports.filter(period__label=args.period)
    _write_output(reports_csv(reports.order_by("period__starts_on", "line__sort_key", "party__name_en")), args.output)
    return 0


def _cmd_plans_review(args: argparse.Namespace) -> int:
    from django.utils import translation

    from mufakat.core.errors import ValidationFailed
    from mufakat.meetings.models import Meeting
    from mufakat.plans.exports import review_document, review_docx, review_pdf
    from mufakat.plans.selectors import review_data

    plan = _plan_arg(args.plan_id)
    meeting = Meeting.objects.select_related("body", "series").filter(pk=args.meeting).first()
    if meeting is None:
        raise ValidationFailed(_("no meeting with id %(meeting)s.") % {"meeting": args.meeting}, field="--meeting")
    with translation.override(args.lang):
        document = review_document(review_data(plan=plan, meeting=meeting), args.lang)
    if args.output.lower().endswith(".pdf"):
        content = review_pdf(document, args.lang)
    elif args.output.lower().endswith(".docx"):
        content = review_docx(document)
    else:
        raise ValidationFailed(_("must end in .docx or .pdf."), field="--output")
    _write_output(content, args.output)
    print(f"wrote the review of plan {plan.pk} by {meeting.short_title} to {args.output}.")
    return 0


def _cmd_plans_due(args: argparse.Namespace) -> int:
    from datetime import datetime

    from mufakat.core.errors import ValidationFailed
    from mufakat.plans.models import Plan
    from mufakat.plans.selectors import party_reports_due
    from mufakat.reference.models import Party

    party = Party.objects.filter(code=args.party.upper()).first()
    if party is None:
        raise ValidationFailed(_("no party %(party)r.") % {"party": args.party}, field="--party")
    now = None
    if args.at:
        try:
            now = datetime.fromisoformat(args.at)
        except ValueError as exc:
            raise ValidationFailed(
                _("%(at)r is not a time such as 2026-06-01T00:00+07:00.") % {"at": args.at}, field="--at"
            ) from exc
        if now.tzinfo is None:
            raise ValidationFailed(_("%(at)r has no UTC offset.") % {"at": args.at}, field="--at")
    due = party_reports_due(party=party, plans=Plan.objects.all(), now=now)
    for item in due:
        state = "LATE" if item.late else "due"
        print(
            f"{state}\t{item.period.due_at.isoformat()}\tplan {item.plan.pk} {item.period.label}\t"
            f"{item.submitted}/{len(item.lines)} submitted\t{item.plan.title_en}"
        )
    print(f"{sum(1 for item in due if item.late)} late, {sum(1 for item in due if not item.late)} due.")
    return 0


def _add_plans_commands(sub: Any) -> None:
    plans = sub.add_parser("plans", help="plans of action: outline import, reports export, compiled review, due list")
    plans_sub = plans.add_subparsers(dest="plans_command", required=True)
    outline = plans_sub.add_parser("import-outline", help="import a plan's outline from CSV or Word (.docx)")
    outline.add_argument("plan_id", type=int, metavar="PLAN_ID")
    outline.add_argument("file", metavar="FILE", help="a .csv (UTF-8) or a .docx with numbered paragraphs")
    outline.add_argument("--series", help="series code in which --as holds its role (audited)")
    outline.add_argument("--as", dest="as_user", metavar="USERNAME", help="a secretariat account (audited)")
    outline.set_defaults(func=_cmd_plans_import_outline)
    export = plans_sub.add_parser("export-reports", help="write a plan's implementation reports as CSV")
    export.add_argument("plan_id", type=int, metavar="PLAN_ID")
    export.add_argument("--period", help="a reporting period's label, e.g. 2024 (default: all)")
    export.add_argument("--output", help="file to write (default: standard output)")
    export.set_defaults(func=_cmd_plans_export_reports)
    review = plans_sub.add_parser("review", help="write the compiled review of a plan by a meeting (.docx or .pdf)")
    review.add_argument("plan_id", type=int, metavar="PLAN_ID")
    review.add_argument("--meeting", type=int, required=True, help="the reviewing meeting's id")
    review.add_argument("--lang", choices=["en", "vi"], default="en")
    review.add_argument("--output", required=True, help="review.docx or review.pdf")
    review.set_defaults(func=_cmd_plans_review)
    due = plans_sub.add_parser("due", help="what a party owes: reports due and late, per plan and period")
    due.add_argument("--party", required=True, help="party code, e.g. VN")
    due.add_argument("--at", help="as of this time, ISO 8601 with an offset (default: now)")
    due.set_defaults(func=_cmd_plans_due)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mufakat", description="Workbench for consensus-based meetings.")
    sub = parser.add_subparsers(dest="command", required=True)

    load = sub.add_parser(
        "load-reference", help="load the shipped reference data (parties, frameworks, chairs, bodies)"
    )
    load.add_argument("--file", help="another reference data file (TOML) instead of the shipped one")
    load.add_argument("--bodies", help="another bodies file (TOML) instead of the shipped one")
    load.set_defaults(func=_cmd_load_reference)

    demo = sub.add_parser("demo", help="load reference data and the demo series (AMM-57, AMM-43); idempotent")
    demo.set_defaults(func=_cmd_demo)

    check = sub.add_parser("check", help="report data consistency problems; exits 1 when there are any")
    check.set_defaults(func=_cmd_check)

    serve = sub.add_parser("serve", help="serve the web app (waitress)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--threads", type=int, default=8)
    serve.add_argument(
        "--no-worker",
        dest="worker",
        action="store_false",
        help="do not start a background worker beside the server (run `mufakat worker` processes instead)",
    )
    serve.set_defaults(func=_cmd_serve)

    worker = sub.add_parser("worker", help="run background jobs (silence deadlines, …); several may run at once")
    worker.add_argument("--once", action="store_true", help="run the jobs due now and the deadline sweep, then exit")
    worker.add_argument(
        "--interval", type=float, default=1.0, metavar="SECONDS", help="seconds between looks at the queue"
    )
    worker.add_argument(
        "--sweep-every",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="seconds between sweeps that conclude any overdue silence procedure (also done on start)",
    )
    worker.add_argument("--exit-with-parent", type=int, metavar="PID", help=argparse.SUPPRESS)
    worker.set_defaults(func=_cmd_worker)

    user_add = sub.add_parser("user-add", help="create an account (if new) and give it a role in a series")
    user_add.add_argument("username")
    user_add.add_argument("--series", required=True, help="series code, e.g. amm-57")
    user_add.add_argument(
        "--role",
        required=True,
        choices=["chair_secretariat", "asean_secretariat", "focal_point", "delegate", "observer"],
    )
    user_add.add_argument("--party", help="party code for focal_point, delegate and observer, e.g. VN")
    user_add.add_argument("--email")
    user_add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    user_add.set_defaults(func=_cmd_user_add)

    audit = sub.add_parser("audit-export", help="write the audit log of a series as CSV")
    audit.add_argument("--series", required=True)
    audit.add_argument("--output", help="file to write (default: standard output)")
    audit.set_defaults(func=_cmd_audit_export)

    _add_programme_commands(sub)
    _add_documents_commands(sub)
    _add_bilaterals_solve_command(_add_bilaterals_commands(sub))
    _add_plans_commands(sub)

    manage = sub.add_parser("manage", help="run a Django management command (migrate, createsuperuser, ...)")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=_cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Settings (and their SECRET_KEY check) are read only by commands that touch the database or sessions.
    if getattr(args, "needs_django", True):
        _setup_django()
    else:
        from django.conf import settings

        # Messages are gettext calls, which read settings: English ones, with no database and no secret.
        if not settings.configured:
            settings.configure(USE_I18N=False)
    from mufakat.core.errors import ApplicationError

    try:
        return int(args.func(args))
    except ApplicationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
