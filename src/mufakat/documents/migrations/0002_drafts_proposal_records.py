"""The record of each superseded draft's bracketed text (ProposalRecord), filled for drafts superseded
before it existed, from when each proposal was made and what became of it:

- a proposal last on draft N that was accepted into N+1 or lapsed when N+1 was circulated was open on N
  at its end, at the span it still holds;
- a proposal now on a later draft was carried forward from N if it was made before N+1 was circulated;
  its span on N is found again in N's paragraph (the carry-forward's search, run backwards); where it
  cannot be found without guessing, it is left out;
- supporters and objectors: the reactions made before N+1 was circulated (a reaction changed since
  then cannot be recovered, so it is left out rather than shown as it is now)."""

import itertools
from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models

CONTEXT = 24


def _relocate(old_text, new_text, start, end):
    """documents.services.versions._relocate as it was when this migration was written."""
    if old_text == new_text:
        return start, end
    for context in (CONTEXT, 8, 0):
        before = old_text[max(0, start - context) : start]
        after = old_text[end : end + context]
        needle = before + old_text[start:end] + after
        if not needle:
            return None
        first = new_text.find(needle)
        if first == -1 or new_text.find(needle, first + 1) != -1:
            continue
        return first + len(before), first + len(before) + (end - start)
    return None


def fill_records(apps, schema_editor):
    OutcomeDocument = apps.get_model("documents", "OutcomeDocument")
    DocumentVersion = apps.get_model("documents", "DocumentVersion")
    Paragraph = apps.get_model("documents", "Paragraph")
    Proposal = apps.get_model("documents", "Proposal")
    ProposalReaction = apps.get_model("documents", "ProposalReaction")
    ProposalRecord = apps.get_model("documents", "ProposalRecord")
    for document in OutcomeDocument.objects.exclude(current_version=None).iterator():
        versions = list(DocumentVersion.objects.filter(document=document).order_by("number"))
        if len(versions) < 2:
            continue
        number_of = {version.pk: version.number for version in versions}
        texts = defaultdict(dict)
        for version_id, uid, text in Paragraph.objects.filter(version__document=document).values_list(
            "version_id", "uid", "text"
        ):
            texts[version_id][uid] = text
        proposals = list(Proposal.objects.filter(document=document).order_by("pk"))
        reactions = defaultdict(list)
        for proposal_id, code, stance, made in (
            ProposalReaction.objects.filter(proposal__document=document)
            .order_by("party__code", "pk")
            .values_list("proposal_id", "party__code", "stance", "created_at")
        ):
            reactions[proposal_id].append((code, stance, made))
        records = []
        for version, following in itertools.pairwise(versions):
            superseded_at = following.circulated_at
            for proposal in proposals:
                last = number_of[proposal.version_id]
                if last == version.number:
                    was_open = proposal.status == "lapsed" or (
                        proposal.status == "accepted" and proposal.resolved_in_id == following.pk
                    )
                    span = (proposal.start, proposal.end)
                elif last > version.number and proposal.created_at < superseded_at:
                    was_open = True
                    span = (proposal.start, proposal.end)
                    if proposal.kind != "new_paragraph":
                        old = texts[version.pk].get(proposal.paragraph_uid)
                        now = texts[proposal.version_id].get(proposal.paragraph_uid)
                        span = None if old is None or now is None else _relocate(now, old, *span)
                    elif proposal.paragraph_uid is not None and proposal.paragraph_uid not in texts[version.pk]:
                        span = None
                else:
                    was_open = False
                if not was_open or span is None:
                    continue
                stances = [(code, stance) for code, stance, made in reactions[proposal.pk] if made < superseded_at]
                records.append(
                    ProposalRecord(
                        version=version,
                        proposal=proposal,
                        start=span[0],
                        end=span[1],
                        supporters=[code for code, stance in stances if stance == "support"],
                        objectors=[code for code, stance in stances if stance == "object"],
                    )
                )
        ProposalRecord.objects.bulk_create(records)


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='ProposalRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('start', models.PositiveIntegerField(blank=True, null=True)),
                ('end', models.PositiveIntegerField(blank=True, null=True)),
                ('supporters', models.JSONField(default=list)),
                ('objectors', models.JSONField(default=list)),
                ('proposal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='records', to='documents.proposal')),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='proposal_records', to='documents.documentversion')),
            ],
            options={
                'ordering': ['version', 'proposal'],
                'constraints': [models.UniqueConstraint(fields=('version', 'proposal'), name='proposal_record_unique')],
            },
        ),
        migrations.RunPython(fill_records, migrations.RunPython.noop),
    ]
