"""Versions, the bracketed and clean text, comparisons and Word import/export."""

# No `from __future__ import annotations`: @paginate re-reads the list operation's signature from its own
# module, where postponed annotations (Query, DocumentStatus) would not resolve.
from typing import Annotated, Any, BinaryIO, cast

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Query, Status, UploadedFile

from mufakat.api.auth import PUBLIC, SIGNED_IN
from mufakat.api.common import DOCX, TEXT, DbInt, errors, file_doc, file_response
from mufakat.api.documents.schemas import CirculateIn, FormNote, VersionOut, VersionSummaryOut
from mufakat.api.documents.text_schemas import (
    BracketedOut,
    CleanOut,
    CleanParagraphOut,
    CompareOut,
    ComparePieceOut,
    CompareRowOut,
)
from mufakat.documents import brackets, selectors, services, word
from mufakat.documents.brackets import Bracket, Part, RenderedParagraph
from mufakat.documents.models import DocumentVersion
from mufakat.documents.rules import can_see_drafts

from .common import (
    DOCUMENT,
    MAX_ID,
    documents_router,
    drafts,
    found,
    version_or_current,
    version_out,
)

# Versions ----------------------------------------------------------------------------------------


@documents_router.get(f"{DOCUMENT}/versions", response={200: list[VersionSummaryOut], **errors(401, 404)}, auth=PUBLIC)
def document_version_list(request: HttpRequest, code: str, document_id: DbInt) -> list[DocumentVersion]:
    """Every circulated version, oldest first (the public: the final text only)."""
    _series, viewer, document = found(request, code, document_id)
    if not can_see_drafts(viewer):
        return [document.current_version] if document.current_version else []
    return selectors.version_list(document=document)


@documents_router.post(
    f"{DOCUMENT}/versions", response={201: VersionOut, **errors(400, 401, 403, 404, 409)}, auth=SIGNED_IN
)
def document_version_circulate(
    request: HttpRequest, code: str, document_id: DbInt, data: CirculateIn
) -> Status[VersionOut]:
    """Circulate a new draft (chair secretariat, or the lead party's focal point). A paragraph that continues
    one of the current version names its `uid`; new paragraphs leave it out. `based_on_version_id` is the
    version edited: if another draft was circulated meanwhile, 409 with `current.version_id`. Open proposals
    whose words survive are carried to the new draft; the others lapse with a reason."""
    _series, viewer, document = found(request, code, document_id)
    version = services.document_version_circulate(
        actor=viewer,
        document=document,
        paragraphs=[
            services.ParagraphInput(text=p.text, kind=p.kind.value, uid=str(p.uid) if p.uid else None)
            for p in data.paragraphs
        ],
        based_on_version_id=data.based_on_version_id,
        note=data.note,
    )
    return Status(201, version_out(version))


@documents_router.get(f"{DOCUMENT}/versions/{{number}}", response={200: VersionOut, **errors(401, 404)}, auth=PUBLIC)
def document_version_get(request: HttpRequest, code: str, document_id: DbInt, number: DbInt) -> VersionOut:
    """One version with its paragraphs: identity (`uid`), number as printed, kind, text, ad ref mark."""
    _series, viewer, document = found(request, code, document_id)
    return version_out(version_or_current(viewer, document, number))


# Bracketed and clean text, comparison ------------------------------------------------------------


def _option_text(parts: list[Part]) -> str:
    return RenderedParagraph(uid="", kind="", number="", parts=parts).plain()


# Plain dicts validated in one pydantic-core call (BracketedOut.model_validate): a large draft has
# thousands of options, and building each model from Python costs more than the whole validation.
def _bracket(bracket: Bracket) -> dict[str, Any]:
    return {
        "kind": bracket.kind,
        "options": [
            {
                "label": option.label,
                "text": _option_text(option.parts),
                "parties": list(option.parties),
                "proposal_ids": list(option.proposal_ids),
                "deleted": option.deleted,
                "compromise": option.compromise,
                "tag": option.tag(),
            }
            for option in bracket.options
        ],
    }


def _bracketed_paragraph(paragraph: RenderedParagraph) -> dict[str, Any]:
    return {
        "uid": paragraph.uid,
        "number": paragraph.number,
        "kind": paragraph.kind,
        "status": paragraph.status,
        "text": paragraph.plain(),
        "pieces": [
            {"text": part, "bracket": None} if isinstance(part, str) else {"text": None, "bracket": _bracket(part)}
            for part in paragraph.parts
        ],
        "proposal_ids": list(paragraph.proposal_ids),
    }


@documents_router.get(f"{DOCUMENT}/bracketed", response={200: BracketedOut, **errors(401, 404)}, auth=PUBLIC)
def document_bracketed(
    request: HttpRequest, code: str, document_id: DbInt, version: Query[DbInt | None] = None
) -> BracketedOut:
    """The bracketed text of the current version (or of draft `version`): agreed text plain, every disputed
    span in square brackets with the proposing and supporting parties, alternatives as Option A / Option B,
    proposed new paragraphs numbered after their anchor (12 bis)."""
    _series, viewer, document = found(request, code, document_id)
    view = selectors.bracketed_text(version=version_or_current(viewer, document, version), with_proposals=False)
    return BracketedOut.model_validate(
        {
            "document_id": document.pk,
            "version_id": view.version.pk,
            "version_number": view.version.number,
            "bracketed_paragraphs": view.bracket_count,
            "paragraphs": [_bracketed_paragraph(p) for p in view.paragraphs],
        }
    )


@documents_router.get(
    f"{DOCUMENT}/bracketed.txt",
    response={200: None, **errors(401, 404)},
    auth=PUBLIC,
    openapi_extra=file_doc(TEXT, "The bracketed text, one numbered paragraph a line."),
)
def document_bracketed_text(
    request: HttpRequest, code: str, document_id: DbInt, version: Query[DbInt | None] = None
) -> HttpResponse:
    """The bracketed text as plain text, one paragraph a line ("9. We discussed … [Option A: …]")."""
    _series, viewer, document = found(request, code, document_id)
    view = selectors.bracketed_text(version=version_or_current(viewer, document, version), with_proposals=False)
    return file_response(
        brackets.as_text(view.paragraphs) + "\n",
        media_type=TEXT,
        filename=f"document-{document.pk}-draft-{view.version.number}-bracketed.txt",
    )


@documents_router.get(f"{DOCUMENT}/clean", response={200: CleanOut, **errors(401, 404)}, auth=PUBLIC)
def document_clean(
    request: HttpRequest, code: str, document_id: DbInt, version: Query[DbInt | None] = None
) -> CleanOut:
    """The clean text: agreed text only (disputed words and proposed paragraphs left out)."""
    _series, viewer, document = found(request, code, document_id)
    view = selectors.clean_text(version=version_or_current(viewer, document, version))
    return CleanOut(
        document_id=document.pk,
        version_id=view.version.pk,
        version_number=view.version.number,
        paragraphs=[
            CleanParagraphOut(uid=p.uid, number=p.number, kind=p.kind, text=p.plain()) for p in view.paragraphs
        ],
    )


@documents_router.get(
    f"{DOCUMENT}/clean.txt",
    response={200: None, **errors(401, 404)},
    auth=PUBLIC,
    openapi_extra=file_doc(TEXT, "The clean text, one numbered paragraph a line."),
)
def document_clean_text(
    request: HttpRequest, code: str, document_id: DbInt, version: Query[DbInt | None] = None
) -> HttpResponse:
    """The clean text as plain text, one paragraph a line."""
    _series, viewer, document = found(request, code, document_id)
    view = selectors.clean_text(version=version_or_current(viewer, document, version))
    return file_response(
        brackets.as_text(view.paragraphs) + "\n",
        media_type=TEXT,
        filename=f"document-{document.pk}-draft-{view.version.number}-clean.txt",
    )


@documents_router.get(f"{DOCUMENT}/compare", response={200: CompareOut, **errors(401, 403, 404)}, auth=PUBLIC)
def document_compare(
    request: HttpRequest,
    code: str,
    document_id: DbInt,
    from_number: Annotated[int, Query(..., alias="from", ge=1, le=MAX_ID)],
    to: Query[DbInt | None] = None,
) -> CompareOut:
    """Draft `from` against draft `to` (default: the current one), paragraph by paragraph (by identity, so
    renumbering is not a change) and word by word."""
    _series, viewer, document = found(request, code, document_id)
    drafts(viewer)
    old = version_or_current(viewer, document, from_number)
    new = version_or_current(viewer, document, to)
    comparison = selectors.version_compare(old=old, new=new)
    return CompareOut(
        document_id=document.pk,
        from_number=old.number,
        to_number=new.number,
        summary=comparison.summary,
        rows=[
            CompareRowOut(
                uid=row.uid,
                kind=row.kind,
                change=row.change,
                old_number=row.old_number,
                new_number=row.new_number,
                renumbered=row.renumbered,
                pieces=[ComparePieceOut(op=piece.op, text=piece.text) for piece in row.pieces],
            )
            for row in comparison.rows
        ],
    )


# Word ---------------------------------------------------------------------------------------------


@documents_router.post(
    f"{DOCUMENT}/versions.docx",
    response={201: VersionOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def document_version_import(
    request: HttpRequest,
    *,
    code: str,
    document_id: DbInt,
    file: File[UploadedFile],
    based_on_version_id: Form[DbInt | None] = None,
    note: Form[FormNote] = "",
) -> Status[VersionOut]:
    """Circulate a Word (.docx) draft as the next version (multipart: `file`, `based_on_version_id`, `note`).
    Headings and numbered paragraphs are recognised; paragraphs that continue one of the version it was based
    on keep their identity. A file that is not a readable .docx is 400 naming `file`; a draft based on a
    superseded version is 409."""
    _series, viewer, document = found(request, code, document_id)
    version = word.document_version_import(
        actor=viewer, document=document, data=cast(BinaryIO, file), based_on_version_id=based_on_version_id, note=note
    )
    return Status(201, version_out(version))


@documents_router.get(
    f"{DOCUMENT}/clean.docx",
    response={200: None, **errors(401, 404)},
    auth=PUBLIC,
    openapi_extra=file_doc(DOCX, "The clean text as Word; the adopted text is marked FINAL."),
)
def document_clean_docx(
    request: HttpRequest, code: str, document_id: DbInt, version: Query[DbInt | None] = None
) -> HttpResponse:
    """The clean text of the current version (or of draft `version`) as a Word document."""
    _series, viewer, document = found(request, code, document_id)
    view = selectors.clean_text(version=version_or_current(viewer, document, version))
    content = word.clean_docx(document=document, view=view)
    return file_response(
        content,
        media_type=DOCX,
        attachment=True,
        filename=f"document-{document.pk}-draft-{view.version.number}-clean.docx",
    )


@documents_router.get(
    f"{DOCUMENT}/bracketed.docx",
    response={200: None, **errors(401, 404)},
    auth=PUBLIC,
    openapi_extra=file_doc(DOCX, "The bracketed text as Word, brackets and party tags visible."),
)
def document_bracketed_docx(
    request: HttpRequest, code: str, document_id: DbInt, version: Query[DbInt | None] = None
) -> HttpResponse:
    """The bracketed text of the current version (or of draft `version`) as a Word document."""
    _series, viewer, document = found(request, code, document_id)
    view = selectors.bracketed_text(version=version_or_current(viewer, document, version), with_proposals=False)
    content = word.bracketed_docx(document=document, view=view)
    return file_response(
        content,
        media_type=DOCX,
        attachment=True,
        filename=f"document-{document.pk}-draft-{view.version.number}-bracketed.docx",
    )


@documents_router.get(
    f"{DOCUMENT}/compare.docx",
    response={200: None, **errors(401, 403, 404)},
    auth=PUBLIC,
    openapi_extra=file_doc(
        DOCX, "The comparison of two drafts as Word: insertions underlined, deletions struck through."
    ),
)
def document_compare_docx(
    request: HttpRequest,
    code: str,
    document_id: DbInt,
    from_number: Annotated[int, Query(..., alias="from", ge=1, le=MAX_ID)],
    to: Query[DbInt | None] = None,
) -> HttpResponse:
    """Draft `from` against draft `to` (default: the current one) as a Word document."""
    _series, viewer, document = found(request, code, document_id)
    drafts(viewer)
    old = version_or_current(viewer, document, from_number)
    new = version_or_current(viewer, document, to)
    content = word.comparison_docx(
        document=document, old=old, new=new, comparison=selectors.version_compare(old=old, new=new)
    )
    return file_response(
        content,
        media_type=DOCX,
        attachment=True,
        filename=f"document-{document.pk}-draft-{old.number}-{new.number}.docx",
    )
