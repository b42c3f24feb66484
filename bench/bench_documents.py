"""Documents figures: a generated 300-paragraph ARF text with 2,000 open proposals from 27 parties.

Prints the median time of the bracketed-text view (server-side, the whole page), of the API's
bracketed text, of a comparison of two 300-paragraph versions, and the query count of each, also for
a document a third the size (the count must not grow with the paragraphs)."""

from __future__ import annotations

import random
import statistics
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mufakat.accounts.models import User
from mufakat.accounts.rules import viewer_for
from mufakat.demo.delegations import delegations_demo_load
from mufakat.documents import selectors
from mufakat.documents.compare import compare
from mufakat.documents.models import DocumentVersion, OutcomeDocument, Paragraph, Proposal, ProposalReaction
from mufakat.documents.services import ParagraphInput, consensus_parties, document_create, document_version_circulate
from mufakat.meetings.models import Meeting, Series

WORDS = [
    "the",
    "participants",
    "reaffirmed",
    "their",
    "commitment",
    "to",
    "regional",
    "peace",
    "security",
    "stability",
    "cooperation",
    "dialogue",
    "maritime",
    "confidence",
    "building",
    "measures",
    "preventive",
    "diplomacy",
    "capacity",
    "development",
    "welcomed",
    "noted",
    "stressed",
    "importance",
    "of",
    "international",
    "law",
    "including",
    "UNCLOS",
    "and",
    "the",
    "ASEAN",
    "Charter",
    "in",
    "accordance",
    "with",
]


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def generate(
    *, paragraphs: int, proposals: int, seed: int = 57
) -> tuple[OutcomeDocument, DocumentVersion, DocumentVersion]:
    """An ARF document with two versions (a third of the paragraphs edited in the second) and open
    proposals on the second, with supporters. Written in bulk: generation is not what is measured."""
    rng = random.Random(seed)
    series = Series.objects.get(code="amm-57")
    chair = viewer_for(User.objects.get(username="lao.chair"), series)
    arf = Meeting.objects.get(series=series, body__code="ARF")
    document = document_create(
        actor=chair, meeting=arf, kind="chairmans_statement", title_en=f"Generated statement {seed}-{paragraphs}"
    )
    texts = [_sentence(rng, rng.randint(30, 60)) for _ in range(paragraphs)]
    first = document_version_circulate(
        actor=chair, document=document, paragraphs=[ParagraphInput(text=t) for t in texts], based_on_version_id=None
    )
    uids = [str(u) for u in Paragraph.objects.filter(version=first).order_by("position").values_list("uid", flat=True)]
    edited = [t if rng.random() > 0.33 else _sentence(rng, rng.randint(30, 60)) for t in texts]
    second = document_version_circulate(
        actor=chair,
        document=document,
        paragraphs=[ParagraphInput(text=t, uid=u) for t, u in zip(edited, uids, strict=True)],
        based_on_version_id=first.pk,
    )
    parties = [entry.party for entry in consensus_parties(document)]
    rows = []
    for _ in range(proposals):
        index = rng.randrange(paragraphs)
        text = edited[index]
        boundaries = [i for i, c in enumerate(text) if c == " "]
        start = rng.choice(boundaries)
        end = min(len(text) - 1, start + rng.randint(0, 40))
        kind = rng.choice(["insert", "delete", "replace", "replace", "new_paragraph"])
        if kind == "insert":
            end = start
        if kind in ("delete", "replace") and end == start:
            end = start + 1
        rows.append(
            Proposal(
                document=document,
                version=second,
                paragraph_uid=uuid.UUID(uids[index]),
                kind=kind,
                start=None if kind == "new_paragraph" else start,
                end=None if kind == "new_paragraph" else end,
                text="" if kind == "delete" else _sentence(rng, rng.randint(2, 8)),
                new_uid=uuid.uuid4() if kind == "new_paragraph" else None,
                party=rng.choice(parties),
            )
        )
    created = Proposal.objects.bulk_create(rows)
    reactions = []
    for proposal in created:
        for party in rng.sample(parties, 3):
            if party.pk != proposal.party_id:
                reactions.append(
                    ProposalReaction(proposal=proposal, party=party, stance=rng.choice(["support", "object"]))
                )
    ProposalReaction.objects.bulk_create(reactions)
    document.refresh_from_db()
    return document, first, second


def _time(label: str, action: Callable[[], Any], repeat: int = 15) -> tuple[float, int]:
    """Median time of `action`; the query count is that of the selectors (the pages' and the API's own
    counts are asserted equal across sizes by tests/web and tests/api)."""
    action()
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        action()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    median = statistics.median(timings)
    counted = f"   queries {len(queries.captured_queries)}" if not label.startswith("GET") else ""
    print(f"{label:<58} median {median:7.1f} ms{counted}")
    return median, len(queries.captured_queries)


def _get(client: Client, path: str) -> Callable[[], Any]:
    def fetch() -> Any:
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"GET {path}: HTTP {response.status_code}")
        return response

    return fetch


def run() -> None:
    with transaction.atomic():
        if not User.objects.filter(username="lao.chair").exists():
            delegations_demo_load()
    with transaction.atomic():
        big, big_first, big_second = generate(paragraphs=300, proposals=2000)
        small, _small_first, _small_second = generate(paragraphs=100, proposals=660, seed=58)
    print(
        f"generated: 300 paragraphs, {Proposal.objects.filter(version=big_second).count()} open proposals, "
        f"{len(consensus_parties(big))} parties"
    )
    _time(
        "bracketed text, selectors + HTML (300 p, 2,000 proposals)",
        lambda: [p.html() for p in selectors.bracketed_text(version=big_second).paragraphs],
    )
    _time(
        "comparison of two 300-paragraph versions (with reads)",
        lambda: selectors.version_compare(old=big_first, new=big_second),
    )
    old_texts = selectors.paragraph_texts(version=big_first)
    new_texts = selectors.paragraph_texts(version=big_second)
    _time("comparison of two 300-paragraph versions (pure)", lambda: compare(old_texts, new_texts))

    for username in ("vn.focal", "lao.chair"):
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(username=username))
        for label, document in (("300 p", big), ("100 p", small)):
            page = f"/series/amm-57/documents/{document.pk}/"
            api = f"/api/v1/series/amm-57/documents/{document.pk}/bracketed"
            _time(f"GET page, bracketed text ({label}, {username})", _get(client, page), repeat=7)
            _time(f"GET API, bracketed text ({label}, {username})", _get(client, api), repeat=7)
