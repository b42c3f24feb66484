"""What a meeting decided, as the public may read it: "adopted the Joint Communiqué …, noted the …", naming
only public, decided documents."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from mufakat.core.i18n import active_language
from mufakat.documents.models import OutcomeDocument

from .press import VERBS


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def outcome_sentence(documents: Iterable[OutcomeDocument]) -> str:
    """ "The meeting adopted the A and the B; noted the C." in the active language; "" when nothing public
    was decided."""
    vi = active_language() == "vi"
    by_verb: dict[str, list[str]] = {}
    for document in documents:
        by_verb.setdefault(document.status, []).append(document.title if vi else f"the {document.title}")
    clauses = [f"{VERBS[verb][1 if vi else 0]} {_join(titles)}" for verb, titles in by_verb.items() if verb in VERBS]
    if not clauses:
        return ""
    return _("The meeting %(decisions)s.") % {"decisions": "; ".join(clauses)}
