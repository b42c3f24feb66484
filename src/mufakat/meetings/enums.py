from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyLevel(models.TextChoices):
    LEADERS = "leaders", _("Leaders")
    MINISTERS = "ministers", _("Ministers")
    SENIOR_OFFICIALS = "senior_officials", _("Senior officials")
    WORKING = "working", _("Working level")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    YEAR = "year", _("Year only")


class SessionKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary")
    RETREAT = "retreat", _("Retreat")
    WORKING_LUNCH = "working_lunch", _("Working lunch")
    WORKING_DINNER = "working_dinner", _("Working dinner")
    COURTESY_CALL = "courtesy_call", _("Courtesy call")
    PRESS_CONFERENCE = "press_conference", _("Press conference")
    CEREMONY = "ceremony", _("Ceremony")
    BILATERAL = "bilateral", _("Bilateral")


class AdditionKind(models.TextChoices):
    GUEST = "guest", _("Guest")
    SPECIAL_OBSERVER = "special_observer", _("Special observer")
