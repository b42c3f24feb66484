"""What the command groups share: command-line arguments resolved to records (each refusal names the option),
the system actor of a command run without `--as`, and writing a file or standard output."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from mufakat.accounts.rules import SeriesViewer
    from mufakat.meetings.models import Series
    from mufakat.reference.models import Party


def series_arg(code: str) -> Series:
    """The series of `--series`, through the one series look-up (`meetings.selectors.series_get`)."""
    from mufakat.core.errors import NotFound
    from mufakat.meetings.selectors import series_get

    try:
        return series_get(code=code)
    except NotFound as exc:
        raise NotFound(_("no series %(code)r.") % {"code": code}, field="--series") from exc


def viewer_arg(username: str, series: Series) -> SeriesViewer:
    """`--as USERNAME`: that active account with its roles in the series (what it may do is the services' call)."""
    from mufakat.accounts.models import User
    from mufakat.accounts.rules import viewer_for
    from mufakat.core.errors import ValidationFailed

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ValidationFailed(_("no active account %(username)r.") % {"username": username}, field="--as")
    return viewer_for(user, series)


def operator(series_id: int | None, command: str) -> SeriesViewer:
    """A command run by the operator without `--as`: the system actor, audited as 'command line <command>'."""
    from mufakat.accounts.rules import SeriesViewer

    return SeriesViewer.system(series_id, purpose=f"command line {command}")


def party_arg(code: str) -> Party:
    from mufakat.core.errors import ValidationFailed
    from mufakat.reference.models import Party

    party = Party.objects.filter(code=code.upper()).first()
    if party is None:
        raise ValidationFailed(_("no party %(party)r.") % {"party": code}, field="--party")
    return party


def write_output(content: bytes, output: str | None) -> None:
    if output:
        Path(output).write_bytes(content)
    else:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
