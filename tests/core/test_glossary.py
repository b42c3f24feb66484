"""The Vietnamese catalogue says what the glossary (docs/glossary.md) says: every message that uses a
glossary term in its sense carries the glossary's Vietnamese word, and none carries a mistranslation the
glossary lists under "Not"; and the catalogue is complete (nothing fuzzy, nothing untranslated)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "docs" / "glossary.md"
CATALOGUE = ROOT / "src" / "mufakat" / "locale" / "vi" / "LC_MESSAGES" / "django.po"


@dataclass(frozen=True)
class Entry:
    context: str | None
    msgid: str
    msgstrs: tuple[str, ...]
    fuzzy: bool


@dataclass(frozen=True)
class Term:
    english: str
    vietnamese: str
    forbidden: tuple[str, ...]
    patterns: tuple[tuple[str | None, re.Pattern[str]], ...]


def catalogue_entries(path: Path = CATALOGUE) -> list[Entry]:
    """The entries of a .po file (the header and obsolete entries left out)."""
    entries: list[Entry] = []
    fields: dict[str, str] = {}
    flags: set[str] = set()
    key = ""

    def flush() -> None:
        if fields.get("msgid"):
            msgstrs = tuple(value for name, value in sorted(fields.items()) if name.startswith("msgstr"))
            entries.append(Entry(fields.get("msgctxt"), fields["msgid"], msgstrs, "fuzzy" in flags))
        fields.clear()
        flags.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
        elif line.startswith("#,"):
            flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            fields[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            fields[key] = ast.literal_eval(value)
    flush()
    return entries


_PATTERN = re.compile(r"`(?:\[(?P<context>[^\]]+)\])?(?P<regex>[^`]+)`")


def glossary_terms(path: Path = GLOSSARY) -> list[Term]:
    """The rows of the glossary's tables: | English | Vietnamese | Not | Catalogue entries | Usage |."""
    terms = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] in ("English", "---"):
            continue
        english, vietnamese, forbidden, entries, _usage = cells
        patterns = tuple(
            (match["context"], re.compile(match["regex"], re.IGNORECASE)) for match in _PATTERN.finditer(entries)
        )
        terms.append(
            Term(english, vietnamese, tuple(word.strip() for word in forbidden.split(",") if word.strip()), patterns)
        )
    return terms


def uses(term: Term, entry: Entry) -> bool:
    return any(
        (context is None or context == entry.context) and pattern.search(entry.msgid)
        for context, pattern in term.patterns
    )


TERMS = glossary_terms()


def test_glossary_covers_the_negotiation_vocabulary() -> None:
    english = " ".join(term.english for term in TERMS)
    for word in (
        "object",
        "withdraw",
        "support",
        "proposal",
        "amendment",
        "bracketed text",
        "ad referendum",
        "agreed ad referendum",
        "reservation",
        "silence procedure",
        "break silence",
        "consensus",
        "chair country",
        "SOM Leader",
        "head of delegation",
        "focal point",
        "note",
        "adopt",
        "endorse",
        "sign",
        "issue",
        "agenda",
        "programme",
        "list of documents",
        "draft",
        "circulate",
        "clean text",
        "outcome document",
        "joint communiqué",
        "chairman's statement",
        "declaration",
        "plan of action",
        "recommendation",
        "accreditation",
        "bilateral",
        "observer",
        "dialogue partner",
    ):
        assert word in english, word
    assert len({term.english for term in TERMS}) == len(TERMS)


def test_glossary_matches_the_mistranslations_named_in_the_issue() -> None:
    entries = {(entry.context, entry.msgid): entry for entry in catalogue_entries()}
    object_term = next(term for term in TERMS if term.english.startswith("object"))
    withdraw_term = next(term for term in TERMS if term.english == "withdraw (a proposal)")
    assert object_term.vietnamese == "phản đối"
    assert "đối tượng" in object_term.forbidden
    assert withdraw_term.vietnamese == "rút lại"
    assert "rút tên" in withdraw_term.forbidden
    assert uses(object_term, entries[("stance", "Object")])
    assert uses(withdraw_term, entries[("proposal", "Withdraw")])
    # The audit log's "Object" is a thing: not the stance.
    assert not uses(object_term, entries[(None, "Object")])


@pytest.mark.parametrize("term", TERMS, ids=lambda term: term.english)
def test_catalogue_uses_the_glossary_term(term: Term) -> None:
    wrong = []
    matched = 0
    for entry in catalogue_entries():
        if not uses(term, entry):
            continue
        matched += 1
        for msgstr in entry.msgstrs:
            lowered = msgstr.lower()
            if term.vietnamese.lower() not in lowered:
                wrong.append((entry.context, entry.msgid, msgstr, f"lacks {term.vietnamese!r}"))
            said = [bad for bad in term.forbidden if bad.lower() in lowered]
            wrong.extend((entry.context, entry.msgid, msgstr, f"says {bad!r}") for bad in said)
    assert wrong == []
    assert matched > 0 or not term.patterns, f"no catalogue entry matches {term.english!r}; stale pattern?"


def test_catalogue_has_nothing_fuzzy_or_untranslated() -> None:
    incomplete = [
        (entry.context, entry.msgid) for entry in catalogue_entries() if entry.fuzzy or not all(entry.msgstrs)
    ]
    assert incomplete == []
