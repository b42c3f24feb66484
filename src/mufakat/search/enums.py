from django.db import models
from django.utils.translation import gettext_lazy


class Kind(models.TextChoices):
    DOCUMENT = "document", gettext_lazy("Documents")
    PARAGRAPH = "paragraph", gettext_lazy("Paragraphs")
    PROPOSAL = "proposal", gettext_lazy("Proposals")
    MEETING = "meeting", gettext_lazy("Meetings")
    SESSION = "session", gettext_lazy("Sessions")
    CIRCULAR = "circular", gettext_lazy("Circulars")
    PLAN = "plan", gettext_lazy("Plans of action")
    LINE = "line", gettext_lazy("Action lines")
    PARTICIPANT = "participant", gettext_lazy("Participants")


# Kinds that belong to an outcome document and follow its visibility.
DOCUMENT_KINDS = frozenset({Kind.DOCUMENT, Kind.PARAGRAPH, Kind.PROPOSAL})


class Sort(models.TextChoices):
    RELEVANCE = "relevance", gettext_lazy("Relevance")
    DATE = "date", gettext_lazy("Newest first")
