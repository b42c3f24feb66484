"""`documents`: Word import and export of outcome documents; the documents for a meeting with their journey."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from mufakat.accounts.rules import SeriesViewer
    from mufakat.documents.models import OutcomeDocument
    from mufakat.meetings.models import Series

from .common import operator, series_arg, viewer_arg, write_output


def _document_arg(series: Series, document_id: int, actor: SeriesViewer) -> OutcomeDocument:
    """`--document`, as the actor may see it (the operator without --as, a system actor, sees every document of
    the series: the CLI runs with the database's credentials anyway)."""
    from mufakat.core.errors import NotFound
    from mufakat.documents.selectors import document_get

    try:
        return document_get(viewer=actor, series=series, document_id=document_id)
    except NotFound as exc:
        raise NotFound(
            _("no document %(document_id)s in %(series)s.") % {"document_id": document_id, "series": series.code},
            field="--document",
        ) from exc


def _cmd_documents_import(args: argparse.Namespace) -> int:
    from mufakat.core.errors import ValidationFailed
    from mufakat.documents.models import Paragraph
    from mufakat.documents.selectors import version_get
    from mufakat.documents.word import document_version_import

    series = series_arg(args.series)
    actor = viewer_arg(args.as_user, series)
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

    series = series_arg(args.series)
    actor = viewer_arg(args.as_user, series) if args.as_user else operator(series.pk, "documents export")
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
    write_output(content, args.output)
    print(f"{document.title_en} (document #{document.pk}): {what} written to {args.output}.")
    return 0


def _cmd_documents_for_meeting(args: argparse.Namespace) -> int:
    """The list a SOM reviews before a summit: the documents to be decided at the meeting, where each stands."""
    from mufakat.core.errors import NotFound
    from mufakat.documents.selectors import documents_for_meeting
    from mufakat.meetings.models import Meeting

    series = series_arg(args.series)
    meetings = Meeting.objects.select_related("body").filter(series=series, body__code=args.body)
    if args.ordinal is not None:
        meetings = meetings.filter(ordinal=args.ordinal)
    meeting = meetings.order_by("start_date").first()
    if meeting is None:
        raise NotFound(
            _("no %(body)s meeting in %(series)s.") % {"body": args.body, "series": series.code}, field="--body"
        )
    # The operator (the database's credentials) sees every document, in each document's own series.
    rows = documents_for_meeting(meeting=meeting, viewer_of=lambda other: operator(other.pk, "documents for-meeting"))
    print(f"Documents for {meeting.title_en}, {meeting.start_date.isoformat()}: {len(rows)}")
    for row in rows:
        last = row.last_step
        where = f"{last.on.isoformat()} {last.action} at {last.where}" if last else "no step yet"
        print(f"  #{row.document.pk} {row.document.title_en} [{row.document.status_key}] — {where}")
    return 0


def add_commands(sub: Any) -> None:
    documents = sub.add_parser("documents", help="outcome documents: Word import and export, documents for a meeting")
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
    for_meeting = documents_sub.add_parser(
        "for-meeting", help="the documents to be decided at a meeting, with where each stands (its journey)"
    )
    for_meeting.add_argument("--series", required=True, help="series code, e.g. summit-44-45")
    for_meeting.add_argument("--body", required=True, help="the body's code, e.g. SUMMIT")
    for_meeting.add_argument("--ordinal", type=int, help="which meeting of the body, e.g. 44")
    for_meeting.set_defaults(func=_cmd_documents_for_meeting)
