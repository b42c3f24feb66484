"""What the notice tests read: who was told, of which kind, about what."""

from __future__ import annotations

from django.db.models import Model

from mufakat.notifications.models import Notice, Notification


def told(kind: str, about: Model | None = None) -> set[str]:
    """The usernames of everyone told a notice of `kind` (about `about`, when given)."""
    copies = Notification.objects.filter(notice__kind=kind, user__isnull=False)
    if about is not None:
        copies = copies.filter(notice__object_type=about._meta.label_lower, notice__object_id=str(about.pk))
    return set(copies.values_list("user__username", flat=True))


def notices(kind: str, about: Model | None = None) -> list[Notice]:
    found = Notice.objects.filter(kind=kind)
    if about is not None:
        found = found.filter(object_type=about._meta.label_lower, object_id=str(about.pk))
    return list(found.order_by("pk"))
