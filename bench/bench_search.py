"""Search and agreed-language figures on a generated archive (issue 17).

At --scale 1: 20 years × 30 documents × 150 paragraphs × 3 drafts (~270k paragraph versions), every year's
texts adopted, many paragraphs descending from the year before with small edits (as communiqués do). Prints:
the time to index the whole archive (`mufakat search reindex`), search p50/p95 (the public and a member with
roles in a few series), precedents p50/p95 for one paragraph, and recall at 1 and 3 of the true source on
lightly edited and paraphrased paragraphs (lexical only: no semantic layer ships, see the README).

    .venv/bin/python -m bench search [--scale 0.1]     (DATABASE_URL=postgres://… for PostgreSQL)"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import time
import uuid
from collections.abc import Callable
from datetime import date

from django.db import connection, transaction
from django.db.models import F

from mufakat.accounts.classification import Classification
from mufakat.accounts.enums import SeriesRole
from mufakat.accounts.models import RoleAssignment, User
from mufakat.documents.enums import DocumentKind, DocumentStatus, ParagraphKind
from mufakat.documents.models import DocumentVersion, OutcomeDocument, Paragraph
from mufakat.meetings.models import Body, Series, Venue
from mufakat.meetings.services import bodies_load, meeting_upsert
from mufakat.reference.models import Party
from mufakat.reference.services import reference_data_load
from mufakat.search.indexing import reindex_all
from mufakat.search.models import Precedent
from mufakat.search.precedents import precedents_for
from mufakat.search.selectors import search

_WORDS = (
    "we reaffirmed our commitment to regional peace security stability cooperation dialogue maritime "
    "confidence building measures preventive diplomacy capacity development welcomed noted stressed "
    "importance of international law including UNCLOS and the freedom navigation overflight South China "
    "Sea code conduct early conclusion effective substantive implementation declaration parties entirety "
    "community vision connectivity resilience narrowing gap newer member states initiative integration "
    "work plan climate change disaster management humanitarian assistance health biosafety biosecurity "
    "digital economy trade investment supply chains energy transition food security youth education women "
    "peace security agenda transnational crime trafficking persons cybersecurity counter terrorism "
    "nuclear weapon free zone treaty protocol accession dialogue partners strategic partnership "
    "comprehensive centrality unity outlook indo pacific"
)
VOCABULARY = _WORDS.split()
SYNONYMS = {
    "reaffirmed": "reiterated",
    "welcomed": "appreciated",
    "stressed": "underlined",
    "importance": "significance",
    "cooperation": "collaboration",
    "early": "swift",
    "effective": "meaningful",
    "commitment": "resolve",
    "noted": "acknowledged",
    "regional": "the region's",
}


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(VOCABULARY) for _ in range(rng.randint(25, 45))]
    return "We " + " ".join(words) + "."


def _edit(rng: random.Random, text: str, *, strength: float) -> str:
    """Light edits: a few words replaced, dropped or added; synonyms where there are any."""
    words = text.split()
    out = []
    for word in words:
        roll = rng.random()
        if word in SYNONYMS and roll < strength * 3:
            out.append(SYNONYMS[word])
        elif roll < strength:
            out.append(rng.choice(VOCABULARY))
        elif roll < strength * 1.3:
            continue
        else:
            out.append(word)
    return " ".join(out)


def generate(*, years: int, documents: int, paragraphs: int, versions: int, seed: int = 17) -> list[tuple[int, str]]:
    """The archive, written straight to the tables (as an import would; then reindexed). Returns the adopted
    paragraphs as (paragraph id, text) for the quality set."""
    rng = random.Random(seed)
    body = Body.objects.get(code="AMM")
    chair = Party.objects.get(code="LA")
    venue = Venue.objects.create(name_en="Bench Hall", city_en="Vientiane", country=chair, time_zone="Asia/Vientiane")
    families = [[_sentence(rng) for _ in range(paragraphs)] for _ in range(documents)]
    for year_index in range(years):
        year = 2000 + year_index
        series = Series.objects.create(
            code=f"bench-{year}",
            title_en=f"Bench {year}",
            title_vi=f"Bench {year}",
            chair=chair,
            venue=venue,
            start_date=date(year, 7, 1),
            end_date=date(year, 7, 2),
        )
        meeting = meeting_upsert(body=body, series=series, start_date=date(year, 7, 1), end_date=date(year, 7, 2))
        docs = OutcomeDocument.objects.bulk_create(
            [
                OutcomeDocument(
                    meeting=meeting,
                    position=d,
                    kind=DocumentKind.DECLARATION,
                    title_en=f"Bench declaration {d} of {year}",
                    classification=Classification.PUBLIC if d % 3 else Classification.RESTRICTED,
                    restricted_to=body.framework if d % 3 == 0 else None,
                    status=DocumentStatus.ADOPTED,
                    final_date=date(year, 7, 2),
                )
                for d in range(documents)
            ]
        )
        rows: list[Paragraph] = []
        finals: list[DocumentVersion] = []
        for d, document in enumerate(docs):
            # This year's text descends from last year's: most paragraphs lightly edited, some new.
            families[d] = [
                _edit(rng, text, strength=0.04) if rng.random() < 0.8 else _sentence(rng) for text in families[d]
            ]
            uids = [uuid.uuid4() for _ in range(paragraphs)]
            made = DocumentVersion.objects.bulk_create(
                [DocumentVersion(document=document, number=n + 1) for n in range(versions)]
            )
            for n, version in enumerate(made):
                final = n == versions - 1
                for p in range(paragraphs):
                    text = families[d][p] if final else _edit(rng, families[d][p], strength=0.05)
                    rows.append(
                        Paragraph(version=version, uid=uids[p], position=p + 1, kind=ParagraphKind.PARAGRAPH, text=text)
                    )
            finals.append(made[-1])
        Paragraph.objects.bulk_create(rows, batch_size=5000)
        for document, version in zip(docs, finals, strict=True):
            OutcomeDocument.objects.filter(pk=document.pk).update(current_version=version)
        print(f"  generated {year}: {len(rows)} paragraph versions", flush=True)
    return _adopted()


def _adopted() -> list[tuple[int, str]]:
    return list(
        Paragraph.objects.filter(
            version__document__current_version=F("version"), version__document__classification=Classification.PUBLIC
        )
        .order_by("pk")
        .values_list("pk", "text")
    )


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms (n={len(ordered)})"


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def run(scale: float = 0.1, queries: int = 60, *, reuse: bool = False, reindex: bool = True) -> None:
    """`reuse`: a database that already holds the archive (BENCH DATABASE_URL pointing at a kept file or
    database) is measured as it is, without generating it again; `reindex` False then also keeps its index."""
    years = max(1, round(20 * scale))
    print(f"search benchmark ({connection.vendor}): {years} years × 30 documents × 150 paragraphs × 3 drafts")
    if reuse and Series.objects.filter(code__startswith="bench-").exists():
        adopted = _adopted()
        print(f"  reusing the archive: {Paragraph.objects.count()} paragraph versions")
    else:
        with transaction.atomic():
            bodies_load(report=reference_data_load())
        started = time.perf_counter()
        with transaction.atomic():
            adopted = generate(years=years, documents=30, paragraphs=150, versions=3)
        print(f"  generated {Paragraph.objects.count()} paragraph versions in {time.perf_counter() - started:.0f} s")
        reindex = True
    if reindex:
        seconds = _timed(reindex_all)
        print(f"  reindex (entries and precedents): {seconds:.1f} s; {Precedent.objects.count()} precedents")
    rng = random.Random(3)
    member = User.objects.filter(username="bench.member").first()
    if member is None:
        member = User.objects.create_user(username="bench.member", password="x" * 20)
        viet_nam = Party.objects.get(code="VN")
        for series in Series.objects.filter(code__startswith="bench-").order_by("code")[:5]:
            RoleAssignment.objects.create(user=member, series=series, role=SeriesRole.DELEGATE, party=viet_nam)
    texts = [" ".join(rng.sample(VOCABULARY, rng.randint(1, 3))) for _ in range(queries // 2)] + [
        '"' + " ".join(rng.choice(adopted)[1].split()[3:6]) + '"' for _ in range(queries // 2)
    ]
    for who, user in (("public", None), ("member", member)):
        samples = [_timed(lambda text=text, user=user: search(user=user, text=text)) for text in texts]
        print(f"  search as {who}: {_percentiles(samples)}")
    sources = rng.sample(adopted, min(queries, len(adopted)))
    if os.environ.get("BENCH_SEARCH_PROFILE"):
        profiler = cProfile.Profile()
        for _pk, text in sources[:10]:
            profiler.runcall(precedents_for, user=member, text=text)
        for text in texts[:10]:
            profiler.runcall(search, user=member, text=text)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    samples = [_timed(lambda text=text: precedents_for(user=member, text=text)) for _pk, text in sources]
    print(f"  precedents for one paragraph: {_percentiles(samples)}")
    by_text: dict[str, set[int]] = {}
    for pk, text in adopted:
        by_text.setdefault(text, set()).add(pk)
    for label, strength in (("lightly edited", 0.05), ("paraphrased", 0.15)):
        at1 = at3 = 0
        for _pk, text in sources:
            hits = precedents_for(user=member, text=_edit(rng, text, strength=strength))
            texts_found = [h.text for h in hits[:3]]
            at1 += bool(texts_found[:1]) and texts_found[0] == text
            at3 += text in texts_found
        print(f"  recall ({label}, {len(sources)}): @1 {at1 / len(sources):.0%}, @3 {at3 / len(sources):.0%}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--reuse", action="store_true", help="measure the archive already in DATABASE_URL")
    parser.add_argument("--no-reindex", action="store_true", help="with --reuse: keep the index as it is")
    args, _rest = parser.parse_known_args()
    run(scale=args.scale, queries=args.queries, reuse=args.reuse, reindex=not args.no_reindex)
