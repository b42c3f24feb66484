"""The repeated parts of the document page, rendered in Python.

A draft under heavy negotiation has hundreds of paragraphs and thousands of open proposals, each with
its forms. Through the template engine that page took over half a second; here every label is
translated once per page, every URL reversed once and filled in per proposal, and each piece of text
is escaped by `format_html`. The markup is the one the template used. Also what a proposal does, in words
(the page's proposals and the proposal pages say it alike)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from mufakat.documents.enums import ProposalKind
from mufakat.documents.models import Proposal
from mufakat.documents.selectors import ProposalRow, ProposalView

_SENTINEL = 987654321  # reversed once with this id, then replaced by each proposal's id


@dataclass(frozen=True)
class PageFlags:
    series_code: str
    document_id: int
    version_id: int
    csrf_token: str
    speaking_for: str  # the party code the forms speak for ('' when the viewer speaks for none)
    viewer_codes: frozenset[str]
    can_propose: bool
    is_chair: bool
    is_open: bool
    silence_running: bool


class DocumentPageRenderer:
    def __init__(self, flags: PageFlags) -> None:
        self.flags = flags
        args = [flags.series_code, flags.document_id]
        self._react = reverse("web:proposal-react", args=[*args, _SENTINEL])
        self._withdraw = reverse("web:proposal-withdraw", args=[*args, _SENTINEL])
        self._reject = reverse("web:proposal-reject", args=[*args, _SENTINEL])
        self._propose = reverse("web:proposal-new", args=[*args, "UID"])
        self._csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(flags.csrf_token)}">'
        self._party = f'<input type="hidden" name="party" value="{escape(flags.speaking_for)}">'
        self.labels: dict[str, str] = {
            "support": _("Support"),
            "object": pgettext("stance", "Object"),
            "withdraw": pgettext("proposal", "Withdraw"),
            "reject": _("Reject"),
            "supported": _("Supported by"),
            "objected": _("Objected to by"),
            "propose_change": _("Propose a change"),
            "change": _("Change"),
            "replace": _("Replace the words"),
            "insert": _("Insert after the words"),
            "delete": _("Delete the words"),
            "new_paragraph": _("New paragraph after this one"),
            "words": _("The words"),
            "words_help": _(
                "Type or paste them exactly as in the paragraph (or select them in the text); for an insertion, "
                "the words it follows."
            ),
            "occurrence": _("Occurrence"),
            "occurrence_help": _("Only when the words occur more than once: 1 for the first, 2 for the second…"),
            "new_text": _("New text"),
            "justification": _("Justification"),
            "propose": _("Propose"),
            "select": _("Select proposal #%(id)s"),
            "compromise": _("Chair's compromise"),
        }
        self._propose_form: str | None = None
        self._escaped = {key: escape(str(value)) for key, value in self.labels.items()}

    def _url(self, template: str, proposal_id: int) -> str:
        return template.replace(str(_SENTINEL), str(proposal_id))

    def proposals(self, entries: Iterable[tuple[ProposalRow, str]]) -> SafeString:
        """The open proposals under a paragraph: who proposes what, who supports or objects, the actions."""
        items = [self._proposal(row, change) for row, change in entries]
        if not items:
            return mark_safe("")
        return format_html('<ul class="proposals">{}</ul>', mark_safe("".join(items)))  # noqa: S308 - built by format_html

    def _proposal(self, row: ProposalRow, change: str) -> str:
        # Plain f-strings over stdlib escaping: this runs thousands of times per page, and Django's
        # format_html costs a lazy-aware escape per argument. Every value from data is escaped here; the
        # labels were escaped once in __init__.
        flags, labels, proposal = self.flags, self._escaped, row.proposal
        pid = proposal.pk
        select = ""
        if flags.is_chair and flags.is_open:
            select = (
                f'<input type="checkbox" name="proposal_ids" value="{pid}" form="resolve" id="select-{pid}">'
                f'<label for="select-{pid}" class="visually-hidden">'
                f"{escape(self.labels['select'] % {'id': pid})}</label>"
            )
        stances = []
        if row.supporters:
            stances.append(f'<span class="supporters">{labels["supported"]} {escape(", ".join(row.supporters))}</span>')
        if row.objectors:
            stances.append(f'<span class="objectors">{labels["objected"]} {escape(", ".join(row.objectors))}</span>')
        actions = []
        # A delegation does not support or object to its own proposal (the service refuses; it withdraws instead).
        if flags.can_propose and proposal.party.code != flags.speaking_for:
            actions.append(
                f'<form method="post" action="{self._url(self._react, pid)}" class="react">{self._csrf}{self._party}'
                f'<button type="submit" name="stance" value="support">{labels["support"]}</button>'
                f'<button type="submit" name="stance" value="object" class="danger">{labels["object"]}</button></form>'
            )
        if flags.is_open and not flags.silence_running:
            if flags.is_chair or proposal.party.code in flags.viewer_codes:
                actions.append(
                    f'<form method="post" action="{self._url(self._withdraw, pid)}">{self._csrf}'
                    f'<button type="submit" class="link">{labels["withdraw"]}</button></form>'
                )
            if flags.is_chair:
                # A page of its own that asks for the reason and confirms (the record keeps the reason).
                actions.append(f'<a href="{self._url(self._reject, pid)}" class="reject danger">{labels["reject"]}</a>')
        stances_html = f'<div class="stances">{" · ".join(stances)}</div>' if stances else ""
        justification = (
            f'<div class="justification">{escape(proposal.justification)}</div>' if proposal.justification else ""
        )
        # A compromise is the chair's, carrying the parties of what it merged (as its bracket says).
        who = (
            f'<span class="code">{escape(proposal.party.code)}</span>'
            if row.carried is None
            else f'<span class="code compromise">{labels["compromise"]} ({escape(", ".join(row.carried))})</span>'
        )
        return (
            f'<li class="proposal" id="proposal-{pid}"><div class="proposal-line">{select}'
            f"<strong>#{pid} {escape(proposal.get_kind_display())}</strong> "
            f'{who}: <span class="change">{escape(change)}</span>'
            f'</div>{stances_html}{justification}<div class="proposal-actions">{"".join(actions)}</div></li>'
        )

    def propose_form(self, paragraph_uid: str) -> SafeString:
        """The 'propose a change' form under a paragraph (folded: a <details> element); built once per page,
        then filled in with each paragraph's id."""
        if self._propose_form is None:
            self._propose_form = str(self._build_propose_form("PARAGRAPH-UID"))
        return mark_safe(self._propose_form.replace("PARAGRAPH-UID", escape(paragraph_uid)))  # noqa: S308 - escaped

    def _build_propose_form(self, paragraph_uid: str) -> SafeString:
        labels = self.labels
        options = format_html_join(
            "",
            '<option value="{}">{}</option>',
            ((kind, labels[kind]) for kind in ("replace", "insert", "delete", "new_paragraph")),
        )
        return format_html(
            '<details class="propose"><summary>{summary}</summary>'
            '<form method="post" action="{action}" class="stacked propose-form">{csrf}'
            '<input type="hidden" name="version_id" value="{version}">'
            '<div class="grid-2">{party}<div class="field"><label for="kind-{uid}">{change}</label>'
            '<select name="kind" id="kind-{uid}">{options}</select></div></div>'
            '<div class="field"><label for="words-{uid}">{words}</label><span class="helptext">{words_help}</span>'
            '<input type="text" name="words" id="words-{uid}" class="words"></div>'
            '<div class="field"><label for="occurrence-{uid}">{occurrence}</label>'
            '<span class="helptext">{occurrence_help}</span>'
            '<input type="number" name="occurrence" min="1" id="occurrence-{uid}"></div>'
            '<div class="field"><label for="text-{uid}">{new_text}</label>'
            '<textarea name="text" rows="2" id="text-{uid}"></textarea></div>'
            '<div class="field"><label for="justification-{uid}">{justification}</label>'
            '<input type="text" name="justification" maxlength="500" id="justification-{uid}"></div>'
            '<p class="form-actions"><button type="submit" class="primary">{propose}</button></p></form></details>',
            summary=labels["propose_change"],
            action=self._propose.replace("UID", paragraph_uid),
            csrf=mark_safe(self._csrf),  # noqa: S308 - escaped in __init__
            version=self.flags.version_id,
            party=mark_safe(self._party),  # noqa: S308 - escaped in __init__
            uid=paragraph_uid,
            change=labels["change"],
            options=options,
            words=labels["words"],
            words_help=labels["words_help"],
            occurrence=labels["occurrence"],
            occurrence_help=labels["occurrence_help"],
            new_text=labels["new_text"],
            justification=labels["justification"],
            propose=labels["propose"],
        )


def proposal_change(proposal: ProposalView | Proposal, text: str) -> str:
    """What a proposal does, in words: 'replace “some Ministers” by “many Ministers”'."""
    start, end = proposal.start or 0, proposal.end or 0
    if proposal.kind == ProposalKind.INSERT:
        return _("insert “%(text)s” after “%(before)s”") % {
            "text": proposal.text,
            "before": text[max(0, start - 40) : start],
        }
    if proposal.kind == ProposalKind.DELETE:
        return _("delete “%(words)s”") % {"words": text[start:end]}
    if proposal.kind == ProposalKind.REPLACE:
        return _("replace “%(words)s” by “%(text)s”") % {"words": text[start:end], "text": proposal.text}
    return _("new paragraph: “%(text)s”") % {"text": proposal.text}
