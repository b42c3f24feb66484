"""Who may see and do what with outcome documents.

Seeing follows the document's classification (an ASEAN-only draft never reaches a dialogue partner);
on top of that, the public and the press see only decided (final) texts. Negotiating is for the
parties whose consent the document needs: the members (and partners) of the meeting's framework on
the meeting's first day. The chair secretariat runs the process; the ASEAN Secretariat follows it."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from mufakat.accounts.rules import SeriesViewer
from mufakat.core.classification import classified_visible_q
from mufakat.core.errors import PermissionDenied

from .enums import FINAL_STATUSES
from .models import OutcomeDocument


def document_visible_q(viewer: SeriesViewer, *, series_start: date) -> Q:
    visible = classified_visible_q(OutcomeDocument, viewer, series_start)
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
