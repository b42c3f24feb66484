"""Every kind of notice, with the name a user sees when choosing how to receive it. One list, so that the
preferences page, the API and the e-mail all agree; an emitter names its kind from here."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

NOTICE_KINDS = {
    # Documents and negotiation
    "document.circulated": _("A new draft circulated"),
    "document.proposal_on_my_paragraph": _("A proposal on a paragraph my party proposed or supported"),
    "document.proposal_decided": _("The chair's decision on my proposal"),
    "document.positions_requested": _("Positions requested"),
    "document.adopted": _("A document adopted"),
    "document.published": _("A document published"),
    # Silence procedure
    "silence.started": _("A silence procedure started"),
    "silence.reminder": _("A silence deadline approaching"),
    "silence.broken": _("Silence broken"),
    "silence.held": _("Silence held: document cleared"),
    # Delegations
    "accreditation.returned": _("Accreditation returned"),
    "accreditation.accepted": _("Accreditation accepted"),
    # Bilaterals
    "bilateral.requested": _("A bilateral request received"),
    "bilateral.accepted": _("A bilateral request accepted"),
    "bilateral.declined": _("A bilateral request declined"),
    "bilateral.placed": _("A bilateral placed"),
    "bilateral.moved": _("A bilateral moved"),
    "bilateral.cancelled": pgettext_lazy("bilateral", "A bilateral cancelled"),
    # Programme
    "programme.session_moved": _("A session of my party moved by a programme release"),
    # Plans of action
    "plan.report_returned": _("A plan-of-action report returned"),
    "plan.report_due": _("A reporting deadline approaching"),
    "plan.report_missed": _("A reporting deadline missed"),
    # Operators
    "system.test": _("Test notice"),
}
