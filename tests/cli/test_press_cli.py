"""`mufakat press draft|approve|publish`: the SOM's press release drafted from the record, approved and
published from the command line by the chair secretariat (lao.chair)."""

from __future__ import annotations

import pytest

from mufakat.cli import main
from mufakat.meetings.models import Series
from mufakat.publishing.models import PressRelease
from tests.documents.conftest import documents_demo, programme_demo

__all__ = ["documents_demo", "programme_demo"]


def test_press_draft_approve_publish(documents_demo: Series, capsys: pytest.CaptureFixture[str]) -> None:
    drafted = main(["press", "draft", "--series", "amm-57", "--meeting", "SOM", "--as", "lao.chair"])
    out = capsys.readouterr().out
    release = PressRelease.objects.get()

    approved = main(["press", "approve", str(release.pk), "--version", "1", "--as", "lao.chair"])
    published = main(["press", "publish", str(release.pk), "--version", "2", "--as", "lao.chair"])
    steps = capsys.readouterr().out

    assert (drafted, approved, published) == (0, 0, 0)
    assert out.startswith(f"press release {release.pk} drafted (version 1) about SOM.\n")
    assert "Thứ trưởng Ngoại giao Đỗ Hùng Việt, Trưởng SOM ASEAN của Việt Nam, dẫn đầu đoàn Việt Nam" in out
    assert steps == (
        f"press release {release.pk}: approved (version 2).\npress release {release.pk}: published (version 3).\n"
    )


def test_press_draft_refused_to_a_delegate(documents_demo: Series, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["press", "draft", "--series", "amm-57", "--meeting", "SOM", "--as", "vn.focal"])

    assert (code, PressRelease.objects.count()) == (2, 0)
    assert "only the chair secretariat (the press office)" in capsys.readouterr().err
