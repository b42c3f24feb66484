"""`plans`: outline import, reports export, the compiled review, what a party owes."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from mufakat.accounts.rules import SeriesViewer

from .common import operator, party_arg, series_arg, viewer_arg, write_output


def _plan_arg(plan_id: int) -> Any:
    from mufakat.core.errors import ValidationFailed
    from mufakat.plans.models import Plan

    plan = Plan.objects.select_related("framework").filter(pk=plan_id).first()
    if plan is None:
        raise ValidationFailed(_("no plan of action with id %(plan_id)s.") % {"plan_id": plan_id}, field="PLAN_ID")
    return plan


def _plans_actor(args: argparse.Namespace, command: str) -> SeriesViewer:
    """`--series S --as USER` acts (and is audited) as that account; without them, as the operator (the system
    actor, in no series: plans outlive a series)."""
    from mufakat.core.errors import ValidationFailed

    if bool(args.series) != bool(args.as_user):
        raise ValidationFailed(_("give both --series and --as, or neither."), field="--as")
    return viewer_arg(args.as_user, series_arg(args.series)) if args.series else operator(None, command)


def _cmd_plans_import_outline(args: argparse.Namespace) -> int:
    from mufakat.core.errors import ValidationFailed
    from mufakat.plans.services import plan_outline_import_csv, plan_outline_import_docx

    plan = _plan_arg(args.plan_id)
    actor = _plans_actor(args, "plans import-outline")
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
    write_output(reports_csv(reports.order_by("period__starts_on", "line__sort_key", "party__name_en")), args.output)
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
    write_output(content, args.output)
    print(f"wrote the review of plan {plan.pk} by {meeting.short_title} to {args.output}.")
    return 0


def _cmd_plans_due(args: argparse.Namespace) -> int:
    from datetime import datetime

    from mufakat.core.errors import ValidationFailed
    from mufakat.plans.models import Plan
    from mufakat.plans.selectors import party_reports_due

    party = party_arg(args.party)
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


def add_commands(sub: Any) -> None:
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
