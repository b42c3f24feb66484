from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DocumentKind(models.TextChoices):
    JOINT_COMMUNIQUE = "joint_communique", _("Joint communiqué")
    CHAIRMANS_STATEMENT = "chairmans_statement", _("Chairman's statement")
    DECLARATION = "declaration", _("Declaration")
    JOINT_STATEMENT = "joint_statement", _("Joint statement")
    PLAN_OF_ACTION = "plan_of_action", _("Plan of action")
    WORK_PLAN = "work_plan", _("Work plan")
    REPORT = "report", _("Report")
    TERMS_OF_REFERENCE = "terms_of_reference", _("Terms of reference")
    MOU = "mou", _("Memorandum of understanding")
    CONCEPT_NOTE = "concept_note", _("Concept note")


class Disposition(models.TextChoices):
    ADOPT = "adopt", _("Adopt")
    NOTE = "note", pgettext_lazy("disposition", "Note")
    ENDORSE = "endorse", _("Endorse")
    SIGN = "sign", _("Sign")
    ISSUE = "issue", pgettext_lazy("disposition", "Issue")


class DocumentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DRAFTING = "drafting", _("Drafting")
    UNDER_NEGOTIATION = "under_negotiation", _("Under negotiation")
    AD_REF = "ad_ref", _("Agreed ad referendum")
    CLEARED = "cleared", _("Cleared")
    RECOMMENDED = "recommended", _("Recommended by the SOM")
    ADOPTED = "adopted", _("Adopted")
    NOTED = "noted", _("Noted")
    ENDORSED = "endorsed", _("Endorsed")
    SIGNED = "signed", _("Signed")
    ISSUED = "issued", pgettext_lazy("document status", "Issued")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The status a meeting's decision gives, by the document's intended disposition.
DECIDED_STATUS: dict[str, str] = {
    Disposition.ADOPT: DocumentStatus.ADOPTED,
    Disposition.NOTE: DocumentStatus.NOTED,
    Disposition.ENDORSE: DocumentStatus.ENDORSED,
    Disposition.SIGN: DocumentStatus.SIGNED,
    Disposition.ISSUE: DocumentStatus.ISSUED,
}
FINAL_STATUSES = frozenset(DECIDED_STATUS.values())
CLOSED_STATUSES = FINAL_STATUSES | {DocumentStatus.WITHDRAWN}
# Statuses the negotiation can move between on its own (clearance is derived, not typed).
NEGOTIATING_STATUSES = frozenset(
    {DocumentStatus.UNDER_NEGOTIATION, DocumentStatus.AD_REF, DocumentStatus.CLEARED, DocumentStatus.RECOMMENDED}
)


# A draft under silence procedure keeps its negotiating status in the database (the procedure is its own
# record); pages show it as this status.
UNDER_SILENCE = "under_silence"
UNDER_SILENCE_LABEL = _("Under silence procedure")
STATUS_ORDER: tuple[str, ...] = (
    DocumentStatus.PLANNED,
    DocumentStatus.DRAFTING,
    DocumentStatus.UNDER_NEGOTIATION,
    UNDER_SILENCE,
    *(value for value in DocumentStatus.values if value not in {"planned", "drafting", "under_negotiation"}),
)

# The status inside a sentence ("2 cleared · 1 recommended by the SOM", "This document was adopted"): a
# label of its own, never a lower-cased title, which would turn the SOM into "the som".
STATUS_PHRASES: dict[str, Promise] = {
    DocumentStatus.PLANNED: pgettext_lazy("document status in a sentence", "planned"),
    DocumentStatus.DRAFTING: pgettext_lazy("document status in a sentence", "drafting"),
    DocumentStatus.UNDER_NEGOTIATION: pgettext_lazy("document status in a sentence", "under negotiation"),
    UNDER_SILENCE: pgettext_lazy("document status in a sentence", "under silence procedure"),
    DocumentStatus.AD_REF: pgettext_lazy("document status in a sentence", "agreed ad referendum"),
    DocumentStatus.CLEARED: pgettext_lazy("document status in a sentence", "cleared"),
    DocumentStatus.RECOMMENDED: pgettext_lazy("document status in a sentence", "recommended by the SOM"),
    DocumentStatus.ADOPTED: pgettext_lazy("document status in a sentence", "adopted"),
    DocumentStatus.NOTED: pgettext_lazy("document status in a sentence", "noted"),
    DocumentStatus.ENDORSED: pgettext_lazy("document status in a sentence", "endorsed"),
    DocumentStatus.SIGNED: pgettext_lazy("document status in a sentence", "signed"),
    DocumentStatus.ISSUED: pgettext_lazy("document status in a sentence", "issued"),
    DocumentStatus.WITHDRAWN: pgettext_lazy("document status in a sentence", "withdrawn"),
}

# What the document goes to the meeting for ("recommended for adoption"): the disposition's noun, not its verb.
DISPOSITION_PURPOSES: dict[str, Promise] = {
    Disposition.ADOPT: _("for adoption"),
    Disposition.NOTE: _("for noting"),
    Disposition.ENDORSE: _("for endorsement"),
    Disposition.SIGN: _("for signature"),
    Disposition.ISSUE: _("for issuance"),
}


class ParagraphKind(models.TextChoices):
    HEADING = "heading", _("Heading")
    PARAGRAPH = "paragraph", _("Paragraph")


class VersionOrigin(models.TextChoices):
    DRAFTED = "drafted", _("Drafted")
    IMPORTED = "imported", _("Imported from Word")
    RESOLVED = "resolved", _("Proposals resolved")
    FINAL = "final", _("Final text")


class ProposalKind(models.TextChoices):
    INSERT = "insert", _("Insertion")
    DELETE = "delete", _("Deletion")
    REPLACE = "replace", _("Replacement")
    NEW_PARAGRAPH = "new_paragraph", _("New paragraph")


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    MERGED = "merged", _("Merged")
    LAPSED = "lapsed", _("Lapsed")


class Stance(models.TextChoices):
    SUPPORT = "support", _("Support")
    OBJECT = "object", pgettext_lazy("stance", "Object")


class PositionKind(models.TextChoices):
    AGREE = "agree", _("Agree")
    AGREE_AD_REF = "agree_ad_ref", _("Agree ad referendum")
    RESERVE = "reserve", _("Reserve")
    OBJECT = "object", pgettext_lazy("stance", "Object")


class SilenceStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    HELD = "held", _("Silence held")
    BROKEN = "broken", _("Silence broken")
    CANCELLED = "cancelled", _("Cancelled")


class JourneyAction(models.TextChoices):
    """What a meeting (or an intersessional procedure) did with a document on its way."""

    DISCUSSED = "discussed", _("Discussed")
    FINALISED = "finalised", _("Finalised")
    RECOMMENDED = "recommended", _("Recommended")
    ADOPTED = "adopted", _("Adopted")
    NOTED = "noted", pgettext_lazy("journey action", "Noted")
    ENDORSED = "endorsed", _("Endorsed")


# Actions only a decision-making body (ministers or leaders) takes.
DECIDING_ACTIONS = frozenset({JourneyAction.ADOPTED, JourneyAction.NOTED, JourneyAction.ENDORSED})
# The disposition a deciding action carries out on the document's own (home) meeting.
ACTION_DISPOSITION: dict[str, str] = {
    JourneyAction.ADOPTED: Disposition.ADOPT,
    JourneyAction.NOTED: Disposition.NOTE,
    JourneyAction.ENDORSED: Disposition.ENDORSE,
}
