from django.db import models
from django.utils.translation import gettext_lazy


class Audience(models.TextChoices):
    """Who of those allowed on a topic receives an event: everyone who may see it, or the secretariats only."""

    ALL = "all", gettext_lazy("everyone who may see it")
    CHAIR = "chair", gettext_lazy("the secretariats")


class FloorStatus(models.TextChoices):
    WAITING = "waiting", gettext_lazy("waiting")
    SPEAKING = "speaking", gettext_lazy("has the floor")
    DONE = "done", gettext_lazy("spoke")
    WITHDRAWN = "withdrawn", gettext_lazy("withdrawn")


OPEN_FLOOR = (FloorStatus.WAITING, FloorStatus.SPEAKING)
