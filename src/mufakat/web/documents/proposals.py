"""What delegations and the chair do with a document's paragraphs: propose, support or object, withdraw; the
chair's rejection, acceptance into a new draft, merging, ad ref marks. Each POST calls one service;
refusals come back on the page with the form, a superseded draft as a 409 page naming the current one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import Conflict, NotFound, ValidationFailed
from mufakat.documents import selectors
from mufakat.documents.brackets import ParagraphText
from mufakat.documents.enums import ProposalKind, ProposalStatus
from mufakat.documents.models import OutcomeDocument, Proposal
from mufakat.documents.rules import proposal_refusal, require_manage
from mufakat.documents.services import (
    paragraph_ad_ref_mark,
    proposal_create,
    proposal_react,
    proposal_reject,
    proposal_withdraw,
    proposals_accept,
    proposals_merge,
)
from mufakat.meetings.models import Series
from mufakat.search.precedents import precedent_citation
from mufakat.web.common import form_add_error, series_view
from mufakat.web.documents.forms import (
    AdRefForm,
    ProposalForm,
    ReactionForm,
    RejectForm,
    ResolveForm,
)

from .pages import document_page
from .render import proposal_change
from .shared import acting_parties, back_to, document_for, document_form_page, form_refusal, post_on_page

# Proposals ---------------------------------------------------------------------------------------


def _paragraph(document: OutcomeDocument, uid: str) -> ParagraphText:
    if document.current_version is None:
        raise NotFound(_("the document has no text yet."), field="paragraph_uid")
    for paragraph in selectors.paragraph_texts(version=document.current_version):
        if paragraph.uid == uid:
            return paragraph
    raise NotFound(_("no paragraph %(uid)s in the current draft.") % {"uid": uid}, field="paragraph_uid")


def _paragraph_text(document: OutcomeDocument, uid: str) -> str:
    return _paragraph(document, uid).text


def _proposal_page(
    request: HttpRequest,
    document: OutcomeDocument,
    viewer: SeriesViewer,
    *,
    form: ProposalForm,
    paragraph_uid: str,
    paragraph_text: str,
    status: int = 200,
) -> HttpResponse:
    return document_form_page(
        request,
        document,
        viewer,
        "documents/proposal_form.html",
        status=status,
        paragraph_uid=paragraph_uid,
        paragraph_text=paragraph_text,
        form=form,
    )


@require_http_methods(["GET", "POST"])
@series_view(login_required=True)
def proposal_new(
    request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int, paragraph_uid: str
) -> HttpResponse:
    document = document_for(series, viewer, document_id)
    paragraph = _paragraph(document, paragraph_uid)
    refusal = proposal_refusal(paragraph_kind=paragraph.kind)
    if refusal:
        raise ValidationFailed(refusal, field="paragraph_uid")
    text = paragraph.text
    parties = acting_parties(viewer, document)
    if request.method == "GET":
        version_id = document.current_version.pk if document.current_version else None
        kind = request.GET.get("kind") or ProposalKind.REPLACE
        # "Cite in a proposal" beside a precedent fills the justification with the precedent's stable link.
        cited = precedent_citation(user=request.user, paragraph_id=request.GET.get("cite"))
        initial = {"version_id": version_id, "kind": kind, **({"justification": cited} if cited else {})}
        form = ProposalForm(initial=initial, parties=parties, paragraph_text=text)
        return _proposal_page(request, document, viewer, form=form, paragraph_uid=paragraph_uid, paragraph_text=text)
    form = ProposalForm(request.POST, parties=parties, paragraph_text=text)
    if not form.is_valid():
        return _proposal_page(
            request, document, viewer, form=form, paragraph_uid=paragraph_uid, paragraph_text=text, status=400
        )
    data = form.cleaned_data
    try:
        proposal = proposal_create(
            actor=viewer,
            document=document,
            version_id=data["version_id"],
            party=form.chosen_party,
            kind=data["kind"],
            paragraph_uid=paragraph_uid,
            start=data["start"],
            end=data["end"],
            text=data["text"],
            justification=data["justification"],
        )
    except Conflict as exc:
        document = document_for(series, viewer, document_id)
        return document_page(
            request, document, viewer, status=exc.status_code, conflict=exc.message, unsaved_proposal=data
        )
    except ValidationFailed as exc:
        form_add_error(form, exc)
        return _proposal_page(
            request,
            document,
            viewer,
            form=form,
            paragraph_uid=paragraph_uid,
            paragraph_text=text,
            status=exc.status_code,
        )
    messages.success(
        request,
        _("%(party)s's proposal #%(id)d is recorded.") % {"party": proposal.party.code, "id": proposal.pk},
    )
    anchor = f"p-new-{proposal.pk}" if proposal.kind == ProposalKind.NEW_PARAGRAPH else f"p-{paragraph_uid}"
    return back_to(document, anchor=anchor)


@require_POST
@series_view(login_required=True)
def proposal_react_view(
    request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int, proposal_id: int
) -> HttpResponse:
    document = document_for(series, viewer, document_id)
    proposal = selectors.proposal_get(document=document, proposal_id=proposal_id)
    form = ReactionForm(request.POST, parties=acting_parties(viewer, document))
    if not form.is_valid():
        raise form_refusal(form)
    reaction = proposal_react(
        actor=viewer,
        proposal=proposal,
        party=form.chosen_party,
        stance=form.cleaned_data["stance"],
        note=form.cleaned_data["note"],
    )
    messages.success(
        request,
        (
            _("%(party)s supports proposal #%(id)d.")
            if reaction.stance == "support"
            else _("%(party)s objects to proposal #%(id)d.")
        )
        % {"party": form.chosen_party.code, "id": proposal.pk},
    )
    return back_to(document, anchor=f"proposal-{proposal.pk}")


@require_POST
@series_view(login_required=True)
def proposal_withdraw_view(
    request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int, proposal_id: int
) -> HttpResponse:
    document = document_for(series, viewer, document_id)
    proposal = selectors.proposal_get(document=document, proposal_id=proposal_id)
    proposal_withdraw(actor=viewer, proposal=proposal, note=request.POST.get("note", "")[:500])
    if proposal.party_id in viewer.party_ids:
        messages.success(request, _("Proposal #%(id)d is withdrawn.") % {"id": proposal.pk})
    else:
        # The chair recorded it for the proposing delegation: the message says whose proposal it was.
        messages.success(
            request,
            _("%(party)s's proposal #%(id)d is withdrawn.") % {"party": proposal.party.name, "id": proposal.pk},
        )
    return back_to(document)


def _reject_page(
    request: HttpRequest,
    document: OutcomeDocument,
    viewer: SeriesViewer,
    proposal: Proposal,
    form: RejectForm,
    *,
    status: int = 200,
) -> HttpResponse:
    words = (
        "" if proposal.kind == ProposalKind.NEW_PARAGRAPH else _paragraph_text(document, str(proposal.paragraph_uid))
    )
    return document_form_page(
        request,
        document,
        viewer,
        "documents/reject_form.html",
        status=status,
        proposal=proposal,
        change=proposal_change(proposal, words),
        form=form,
    )


@require_http_methods(["GET", "POST"])
@series_view(login_required=True)
def proposal_reject_view(
    request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int, proposal_id: int
) -> HttpResponse:
    """Ask for the reason and confirm, then reject: the reason goes on the record with the rejection."""
    require_manage(viewer)
    document = document_for(series, viewer, document_id)
    proposal = selectors.proposal_get(document=document, proposal_id=proposal_id)
    if proposal.status != ProposalStatus.OPEN:
        raise Conflict(
            _("proposal %(id)s is already %(status)s.") % {"id": proposal.pk, "status": proposal.get_status_display()},
            field="proposal",
        )
    if request.method == "GET":
        return _reject_page(request, document, viewer, proposal, RejectForm())
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _reject_page(request, document, viewer, proposal, form, status=400)
    try:
        proposal_reject(actor=viewer, proposal=proposal, note=form.cleaned_data["note"])
    except ValidationFailed as exc:
        form_add_error(form, exc)
        return _reject_page(request, document, viewer, proposal, form, status=exc.status_code)
    messages.success(request, _("Proposal #%(id)d is rejected.") % {"id": proposal.pk})
    return back_to(document)


@require_POST
@series_view(login_required=True)
def proposals_resolve(request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int) -> HttpResponse:
    require_manage(viewer)
    document = document_for(series, viewer, document_id)
    version = document.current_version
    open_ids = [row.proposal.pk for row in selectors.proposal_rows(version=version)] if version else []
    form = ResolveForm(request.POST, proposal_ids=open_ids)

    def act() -> HttpResponse:
        data = form.cleaned_data
        if data["action"] == "accept":
            new = proposals_accept(
                actor=viewer,
                document=document,
                proposal_ids=data["proposal_ids"],
                version_id=data["version_id"],
                note=data["note"],
            )
            messages.success(
                request, _("Draft %(number)d is circulated with the accepted proposals.") % {"number": new.number}
            )
        else:
            chosen = [selectors.proposal_get(document=document, proposal_id=pk) for pk in data["proposal_ids"]]
            merged = proposals_merge(
                actor=viewer,
                proposals=chosen,
                text=data["text"],
                party=chosen[0].party,
                justification=data["note"],
            )
            messages.success(request, _("The proposals are merged into proposal #%(id)d.") % {"id": merged.pk})
        return back_to(document)

    return post_on_page(request, series, viewer, document, page=document_page, act=act, resolve_form=form)


@require_POST
@series_view(login_required=True)
def paragraph_ad_ref(
    request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int, paragraph_uid: str
) -> HttpResponse:
    document = document_for(series, viewer, document_id)
    form = AdRefForm(request.POST)
    if not form.is_valid():
        raise form_refusal(form)
    paragraph_ad_ref_mark(
        actor=viewer,
        document=document,
        version_id=form.cleaned_data["version_id"],
        paragraph_uid=paragraph_uid,
        note=form.cleaned_data["note"],
    )
    messages.success(request, _("The paragraph is marked agreed ad referendum."))
    return back_to(document, anchor=f"p-{paragraph_uid}")
