"""Search and agreed-language figures on a generated archive (issue 17).

At --scale 1: 20 years × 30 documents × 150 paragraphs × 3 drafts (~270k paragraph versions), every year's
texts adopted, many paragraphs descending from the year before with small edits (as communiqués do). Prints:
the time to index the whole archive (`mufakat search reindex`), search p50/p95 (the public and a member with
roles in a few series), precedents p50/p95 for one paragraph, and recall at 1 and 3 of the true source on
lightly edited and paraphrased paragraphs: lexical (what ships), an LSA model trained on the archive alone,
and both together (the semantic layer the issue asks to measure before keeping it).

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

import numpy as np
from cydifflib import SequenceMatcher  # type: ignore[import-untyped]
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
from mufakat.search.access import Reader
from mufakat.search.indexing import reindex_all
from mufakat.search.models import Precedent
from mufakat.search.precedents import precedents_for
from mufakat.search.selectors import search
from mufakat.search.text import words

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
    # Each sample is timed twice: the first pass right after the reindex (a cold cache: on PostgreSQL the
    # index table is larger than the default shared_buffers), the second with those pages read once.
    for who, user in (("public", None), ("member", member)):
        for run in ("first pass", "second pass"):
            samples = [_timed(lambda text=text, user=user: search(user=user, text=text)) for text in texts]
            print(f"  search as {who} ({run}): {_percentiles(samples)}")
    sources = rng.sample(adopted, min(queries, len(adopted)))
    if os.environ.get("BENCH_SEARCH_PROFILE"):
        profiler = cProfile.Profile()
        for _pk, text in sources[:10]:
            profiler.runcall(precedents_for, user=member, text=text)
        for text in texts[:10]:
            profiler.runcall(search, user=member, text=text)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    for run in ("first pass", "second pass"):
        samples = [_timed(lambda text=text: precedents_for(user=member, text=text)) for _pk, text in sources]
        print(f"  precedents for one paragraph ({run}): {_percentiles(samples)}")
    quality(member, sources, rng)


def quality(member: User, sources: list[tuple[int, str]], rng: random.Random) -> None:
    """Recall at 1 and 3 of the true source, lexical alone, LSA alone and both, on the same edited texts."""
    model = _LsaModel.fit(
        list(
            Precedent.objects.filter(document_id__in=Reader(member).documents().values("pk")).values_list("pk", "text")
        )
    )
    for label, strength in (("lightly edited", 0.05), ("paraphrased", 0.15)):
        asked = [(text, _edit(rng, text, strength=strength)) for _pk, text in sources]
        lexical = [[h.text for h in precedents_for(user=member, text=edited, limit=10)] for _text, edited in asked]
        semantic = [model.nearest(edited, 10) for _text, edited in asked]
        combined = [
            _combined(edited, found, near, model)
            for (_text, edited), found, near in zip(asked, lexical, semantic, strict=True)
        ]
        # The control: the same candidates and the same score without the LSA term (does LSA or the re-ranking
        # make any difference?).
        control = [
            _combined(edited, found, near, model, weight=0.0)
            for (_text, edited), found, near in zip(asked, lexical, semantic, strict=True)
        ]
        for method, ranked in (
            ("lexical", lexical),
            ("LSA alone", semantic),
            ("lexical+LSA", combined),
            ("same candidates, LSA weight 0", control),
        ):
            at1 = sum(bool(found) and found[0] == text for (text, _e), found in zip(asked, ranked, strict=True))
            at3 = sum(text in found[:3] for (text, _e), found in zip(asked, ranked, strict=True))
            print(f"  recall ({label}, {method}, {len(asked)}): @1 {at1 / len(asked):.0%}, @3 {at3 / len(asked):.0%}")


class _LsaModel:
    """The "small local model" the issue allows, trained on the archive itself (nothing downloaded): latent
    semantic analysis, i.e. TF-IDF over the precedents' folded words reduced by a truncated SVD (numpy), texts
    compared by cosine in the reduced space. Measured here only: it ships if it adds recall over n-grams."""

    def __init__(
        self, index: dict[str, int], idf: np.ndarray, basis: np.ndarray, vectors: np.ndarray, texts: list[str]
    ):
        self.index, self.idf, self.basis, self.vectors, self.texts = index, idf, basis, vectors, texts

    @staticmethod
    def _counts(index: dict[str, int], texts: list[str]) -> np.ndarray:
        matrix = np.zeros((len(texts), len(index)), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in words(text):
                column = index.get(word)
                if column is not None:
                    matrix[row, column] += 1
        return matrix

    @classmethod
    def fit(cls, rows: list[tuple[int, str]], dims: int = 64) -> _LsaModel:
        started = time.perf_counter()
        texts = [text for _pk, text in rows]
        index: dict[str, int] = {}
        for text in texts:
            for word in words(text):
                index.setdefault(word, len(index))
        counts = cls._counts(index, texts)
        idf = (np.log((1 + len(texts)) / (1 + (counts > 0).sum(axis=0))) + 1).astype(np.float32)
        weighted = cls._normalised(np.log1p(counts) * idf)
        # Truncated SVD through the (small) term-term matrix: its top eigenvectors span the latent space.
        _values, eigenvectors = np.linalg.eigh(weighted.T @ weighted)
        basis = eigenvectors[:, ::-1][:, : min(dims, len(index))].astype(np.float32)
        model = cls(index, idf, basis, cls._normalised(weighted @ basis), texts)
        print(
            f"  LSA model: {len(texts)} texts, {len(index)} words, {basis.shape[1]} dimensions, "
            f"{time.perf_counter() - started:.1f} s"
        )
        return model

    @staticmethod
    def _normalised(matrix: np.ndarray) -> np.ndarray:
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.where(norms == 0, 1, norms)

    def vector(self, text: str) -> np.ndarray:
        weighted = self._normalised(np.log1p(self._counts(self.index, [text])) * self.idf)
        return self._normalised(weighted @ self.basis)[0]

    def nearest(self, text: str, count: int) -> list[str]:
        scores = self.vectors @ self.vector(text)
        best = np.argpartition(-scores, count)[:count]
        return [self.texts[i] for i in best[np.argsort(-scores[best])]]

    def cosine(self, text: str, other: str) -> float:
        return float(self.vector(text) @ self.vector(other))


def _combined(text: str, lexical: list[str], semantic: list[str], model: _LsaModel, weight: float = 0.5) -> list[str]:
    """Lexical and LSA candidates together, ranked by the share of wording in common (as the product ranks)
    plus `weight` × the LSA cosine."""
    mine = words(text)
    scored = {
        candidate: SequenceMatcher(a=words(candidate), b=mine, autojunk=False).ratio()
        + weight * model.cosine(text, candidate)
        for candidate in dict.fromkeys([*lexical, *semantic])
    }
    return sorted(scored, key=lambda candidate: -scored[candidate])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--reuse", action="store_true", help="measure the archive already in DATABASE_URL")
    parser.add_argument("--no-reindex", action="store_true", help="with --reuse: keep the index as it is")
    args, _rest = parser.parse_known_args()
    run(scale=args.scale, queries=args.queries, reuse=args.reuse, reindex=not args.no_reindex)
