from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Who sits in the meeting: the party's minister or its SOM Leader."""

    MINISTER = "minister", _("Minister")
    SOM_LEADER = "som_leader", _("SOM Leader")


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SCHEDULED = "scheduled", _("Scheduled")
    UNSCHEDULED = "unscheduled", _("Not scheduled")


# Requests every counterpart has accepted: the ones a solve takes in.
SCHEDULABLE = (RequestStatus.ACCEPTED, RequestStatus.SCHEDULED, RequestStatus.UNSCHEDULED)


class CounterpartResponse(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class ScheduleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


class UnscheduledReason(models.TextChoices):
    """Why a request has no place: the solver's reasons, and the adapter's for requests it could not
    even put to the solver."""

    UNKNOWN_PRINCIPAL = "unknown_principal", _("A participant is not in the instance")
    NO_COMMON_DAY = "no_common_day", _("Not in town on the same days")
    NO_COMMON_SLOT = "no_common_slot", _("No common free slot")
    NO_ROOM = "no_room", _("No room free")
    INFEASIBLE_PIN = "infeasible_pin", _("Confirmed time no longer possible")
    LOST_TO_PRIORITY = "lost_to_priority", _("Lost to higher-priority requests")
    TIME_LIMIT = "time_limit", _("Solver time limit")
    INVALID_REQUEST = "invalid_request", _("Request cannot be scheduled as entered")
    REMOVED = "removed", _("Taken out by the chair")
