"""URL patterns of the outcome-document pages (included by web/urls.py)."""

from django.urls import path

from . import downloads, draft, journey, pages, positions, proposals, register

D = "series/<slug:code>/documents/<int:document_id>/"

urlpatterns = [
    path("series/<slug:code>/documents/", register.document_register, name="document-register"),
    path("series/<slug:code>/documents/new/", register.document_new, name="document-new"),
    path(
        "series/<slug:code>/documents/meetings/<int:meeting_id>/",
        register.meeting_documents,
        name="meeting-documents",
    ),
    path(
        "series/<slug:code>/documents/meetings/<int:meeting_id>/for-decision/",
        journey.documents_for_meeting_page,
        name="documents-for-meeting",
    ),
    path(D, pages.document_detail, name="document-detail"),
    path(f"{D}journey/", journey.document_journey_page, name="document-journey"),
    path(f"{D}clean/", pages.document_clean, name="document-clean"),
    path(f"{D}final/", pages.document_final, name="document-final"),
    path(f"{D}versions/", pages.document_versions, name="document-versions"),
    path(f"{D}compare/", pages.document_compare, name="document-compare"),
    path(f"{D}board/", pages.document_board, name="document-board"),
    path(f"{D}clean.docx", downloads.document_clean_docx, name="document-clean-docx"),
    path(f"{D}bracketed.docx", downloads.document_bracketed_docx, name="document-bracketed-docx"),
    path(f"{D}compare.docx", downloads.document_compare_docx, name="document-compare-docx"),
    path(f"{D}draft/", draft.draft_new, name="document-draft"),
    path(f"{D}paragraphs/<str:paragraph_uid>/propose/", proposals.proposal_new, name="proposal-new"),
    path(f"{D}paragraphs/<str:paragraph_uid>/ad-ref/", proposals.paragraph_ad_ref, name="paragraph-ad-ref"),
    path(f"{D}proposals/<int:proposal_id>/react/", proposals.proposal_react_view, name="proposal-react"),
    path(f"{D}proposals/<int:proposal_id>/withdraw/", proposals.proposal_withdraw_view, name="proposal-withdraw"),
    path(f"{D}proposals/<int:proposal_id>/reject/", proposals.proposal_reject_view, name="proposal-reject"),
    path(f"{D}proposals/resolve/", proposals.proposals_resolve, name="proposals-resolve"),
    path(f"{D}positions/", positions.position_new, name="position-new"),
    path(f"{D}positions/request/", positions.positions_request_view, name="positions-request"),
    path(f"{D}silence/", positions.silence_start_view, name="silence-start"),
    path(f"{D}silence/<int:procedure_id>/break/", positions.silence_break_view, name="silence-break"),
    path(f"{D}silence/<int:procedure_id>/cancel/", positions.silence_cancel_view, name="silence-cancel"),
    path(f"{D}recommend/", positions.document_recommend_view, name="document-recommend"),
    path(f"{D}decide/", positions.document_decide_view, name="document-decide"),
]
