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


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class AgendaStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RECOMMENDED = "recommended", _("Recommended by the SOM")
    ADOPTED = "adopted", _("Adopted")


class RecommendationSubject(models.TextChoices):
    PROGRAMME = "programme", _("Programme")
    AGENDA = "agenda", _("Agenda")
    DOCUMENT_LIST = "document_list", _("List of documents")
    DOCUMENT = "document", _("Document")


class RecommendationStatus(models.TextChoices):
    RECOMMENDED = "recommended", _("Recommended")
    ADOPTED = "adopted", _("Adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")
