from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class LineKind(models.TextChoices):
    """The level of a line in the outline, given by how many segments its number has (1, 1.2, 1.2.3)."""

    AREA = "area", _("Area")
    MEASURE = "measure", _("Measure")
    ACTION = "action", _("Action line")


KIND_BY_DEPTH = {1: LineKind.AREA, 2: LineKind.MEASURE, 3: LineKind.ACTION}


class ReportStatus(models.TextChoices):
    """How far a party has got with an action line (the values review.py counts)."""

    NOT_STARTED = "not_started", _("Not started")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    DISCONTINUED = "discontinued", _("Discontinued")


class ReportState(models.TextChoices):
    """Where a report is in its workflow: draft → submitted → (returned → submitted) → frozen."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for clarification")
    FROZEN = "frozen", _("Taken up by the review")


# Reports the review counts: what a party has handed in.
COUNTED_STATES = (ReportState.SUBMITTED, ReportState.FROZEN)
