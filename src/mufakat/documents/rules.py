"""Who may see and do what with outcome documents.

Seeing follows the document's classification (an ASEAN-only draft never reaches a dialogue partner);
on top of that, the public and the press see only decided (final) texts. Negotiating is for the
parties whose consent the document needs: the members (and partners) of the meeting's framework on
the meeting's first day. The chair secretariat runs the process; the ASEAN Secretariat follows it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from mufakat.accounts.classification import classified_visible_q
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import PermissionDenied
from mufakat.reference.selectors import MembershipIndex

from .enums import FINAL_STATUSES, STATUS_PHRASES, DocumentStatus, ParagraphKind
from .models import OutcomeDocument


def document_visible_q(viewer: SeriesViewer, *, series_start: date, index: MembershipIndex | None = None) -> Q:
    visible = classified_visible_q(OutcomeDocument, viewer, series_start, index)
    if viewer.is_secretariat or viewer.party_ids:
        return visible
    return visible & Q(status__in=FINAL_STATUSES)


def can_see_drafts(viewer: SeriesViewer) -> bool:
    return viewer.is_secretariat or bool(viewer.party_ids)


def can_manage_documents(viewer: SeriesViewer) -> bool:
    """Register entries, versions, resolving proposals, silence procedures, decisions."""
    return viewer.is_chair


def can_circulate(viewer: SeriesViewer, document: OutcomeDocument) -> bool:
    """The chair, or the lead party's focal point preparing its draft."""
    return viewer.is_chair or (document.lead_party_id is not None and document.lead_party_id in viewer.focal_party_ids)


def can_act_for(viewer: SeriesViewer, party_id: int) -> bool:
    """Speak for a party: its own delegates, or the secretariat recording what was said in the room."""
    return viewer.is_secretariat or party_id in viewer.party_ids


def require_manage(viewer: SeriesViewer) -> None:
    if not can_manage_documents(viewer):
        raise PermissionDenied(_("only the chair secretariat of this series can do this."))


def require_act_for(viewer: SeriesViewer, party_id: int, party_code: str) -> None:
    if not can_act_for(viewer, party_id):
        raise PermissionDenied(_("you do not speak for %(party)s in this series.") % {"party": party_code})


# What can be done now, and why not. Each returns '' when the action is open, else the one-line reason the
# service refuses with; the services raise it, and pages show it instead of a button that would be refused.


def proposal_refusal(*, paragraph_kind: str) -> str:
    """A change (or a new paragraph after it) is proposed on a numbered paragraph, never on a heading: headings
    carry no number to cite and are settled by the chair's next draft."""
    if paragraph_kind == ParagraphKind.HEADING:
        return _("headings are not negotiated; propose the change on a paragraph.")
    return ""


def ad_ref_refusal(*, paragraph_kind: str, open_proposal_ids: Sequence[int]) -> str:
    """A paragraph is marked agreed ad ref once nothing is open on it (nor a new paragraph proposed after it)."""
    if paragraph_kind == ParagraphKind.HEADING:
        return _("headings are not marked ad ref.")
    if open_proposal_ids:
        return _("the paragraph still has open proposals (%(ids)s); resolve them first.") % {
            "ids": ", ".join(map(str, sorted(open_proposal_ids)))
        }
    return ""


# Silence clears a text that is still to be cleared: one in drafting or negotiation, or agreed ad referendum
# on positions (silence held clears it). A cleared or recommended text is already cleared, and a decided or
# withdrawn one is closed.
SILENCE_STATUSES = frozenset({DocumentStatus.DRAFTING, DocumentStatus.UNDER_NEGOTIATION, DocumentStatus.AD_REF})


def silence_start_refusal(*, version_number: int, open_count: int, status: str, silence_held: bool = False) -> str:
    """Only a text still to be cleared, without brackets, goes under silence procedure, and once per draft:
    silence held on this draft already said all it can say."""
    if status not in SILENCE_STATUSES:
        return _("the document is already %(status)s; silence procedure is only for a text still to be cleared.") % {
            "status": STATUS_PHRASES[status]
        }
    if silence_held:
        return _("silence was already held on draft %(number)s; a new silence procedure needs a new draft.") % {
            "number": version_number
        }
    if open_count:
        return _(
            "draft %(number)s still has %(count)s open proposal(s); only a text without brackets goes under silence."
        ) % {"number": version_number, "count": open_count}
    return ""


def positions_refusal(*, version_number: int, status: str, silence_held: bool = False, asking: bool = False) -> str:
    """A draft cleared by silence held takes no more positions: silence said all it can say (a new draft can
    be circulated). A text cleared by every party agreeing still takes a change of position (to agree ad
    referendum, say), but the chair asks for positions only on a text still to be cleared (`asking`)."""
    if silence_held:
        return _("draft %(number)s was cleared by silence procedure; positions on it are no longer taken.") % {
            "number": version_number
        }
    if asking and status not in SILENCE_STATUSES:
        return _("the document is already %(status)s; positions are asked for only on a text still to be cleared.") % {
            "status": STATUS_PHRASES[status]
        }
    return ""


def rejection_refusal(*, note: str) -> str:
    """A rejection is part of the record: the chair says why the proposal is dropped."""
    if not note.strip():
        return _("say why the proposal is rejected.")
    return ""


def recommendation_refusal(*, status: str) -> str:
    """The SOM recommends a cleared text (or one agreed ad referendum), once."""
    if status not in (DocumentStatus.CLEARED, DocumentStatus.AD_REF):
        return _("only a cleared document is recommended; this one is %(status)s.") % {"status": STATUS_PHRASES[status]}
    return ""


def decision_refusal(*, status: str, open_count: int) -> str:
    """The meeting decides on a cleared (or recommended) text without brackets."""
    if status not in (DocumentStatus.CLEARED, DocumentStatus.RECOMMENDED):
        hint = (
            _("capitals must confirm the ad ref paragraphs and positions first.")
            if status == DocumentStatus.AD_REF
            else _("clear it by consensus or silence procedure first.")
        )
        return _("the document is %(status)s; %(hint)s") % {"status": STATUS_PHRASES[status], "hint": hint}
    if open_count:
        return _("brackets remain in the text.")
    return ""
