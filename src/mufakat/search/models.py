"""The search index and the agreed-language store. Both are derived data: `mufakat search reindex` rebuilds
them from the domain tables. References are plain columns without database constraints (db_constraint=False,
DO_NOTHING) so that an index row never blocks a delete; stale rows drop out because every read joins back to
the access-checked owner."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from .enums import Kind


def _loose_reference(to: str, verbose_name: StrOrPromise) -> models.ForeignKey[Any, Any]:
    """A reference kept as a plain column: no database constraint, nothing cascades, no reverse accessor."""
    return models.ForeignKey(
        to,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class SearchEntry(models.Model):
    """One searchable thing. `folded` is what the engines index (SQLite: the FTS5 table search_fts kept in
    step by triggers; PostgreSQL: the stored tsvector column `tsv` with a GIN index)."""

    kind = models.CharField(gettext_lazy("kind"), max_length=12, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    series = _loose_reference("meetings.Series", gettext_lazy("series"))
    meeting = _loose_reference("meetings.Meeting", gettext_lazy("meeting"))
    body = _loose_reference("meetings.Body", gettext_lazy("body"))
    framework = _loose_reference("reference.Framework", gettext_lazy("framework"))
    document = _loose_reference("documents.OutcomeDocument", gettext_lazy("document"))
    plan = _loose_reference("plans.Plan", gettext_lazy("plan"))
    # A paragraph entry is one wording of one paragraph (the draft it first appeared in); `current`: the
    # document's current draft still reads so (the public sees only those, of final texts).
    current = models.BooleanField(default=True)
    status = models.CharField(max_length=20, blank=True)
    adopted = models.BooleanField(default=False)
    date = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    title = models.CharField(max_length=400)
    title_vi = models.CharField(max_length=400, blank=True)
    text = models.TextField(blank=True)
    folded = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    # paragraph entries: (document, paragraph uid, hash of the text) identifies a wording
    key = models.CharField(max_length=80, blank=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "object_id"], name="search_entry_object")]
        verbose_name = gettext_lazy("search entry")
        verbose_name_plural = gettext_lazy("search entries")

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class Precedent(models.Model):
    """A paragraph of a text that was adopted (its text as decided) or agreed ad ref: language agreed before."""

    paragraph_id = models.PositiveBigIntegerField(unique=True)
    document = _loose_reference("documents.OutcomeDocument", gettext_lazy("document"))
    series = _loose_reference("meetings.Series", gettext_lazy("series"))
    meeting = _loose_reference("meetings.Meeting", gettext_lazy("meeting"))
    body = _loose_reference("meetings.Body", gettext_lazy("body"))
    version_id = models.PositiveBigIntegerField()
    uid = models.UUIDField()
    number = models.CharField(max_length=12, blank=True)
    agreed = models.CharField(max_length=12)  # "adopted" (a decided text) or "ad_ref"
    date = models.DateField()
    text = models.TextField()
    folded = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["document", "version_id"], name="search_precedent_version")]

    def __str__(self) -> str:
        return f"precedent {self.paragraph_id}"


class PrecedentShingle(models.Model):
    """One word 3-gram (hashed) of a precedent: candidates are the precedents sharing most n-grams."""

    precedent = models.ForeignKey(Precedent, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    hash = models.BigIntegerField()

    class Meta:
        # (hash, precedent): the candidates' read is answered from the index alone.
        indexes = [models.Index(fields=["hash", "precedent"], name="search_shingle_hash_precedent")]

    def __str__(self) -> str:
        return f"{self.hash} of {self.precedent_id}"
