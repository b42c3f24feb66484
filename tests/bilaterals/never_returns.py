"""A HiGHS that never comes back: what HiGHS does, in effect, when after presolve it spends minutes
before it next looks at its clock. The solver's child process runs these by name, as it would the real
`lp_bound` and `solve_mip`."""

from __future__ import annotations

import time
from typing import Any


def lp_bound(*args: Any, **kwargs: Any) -> Any:
    time.sleep(3600)


def solve_mip(*args: Any, **kwargs: Any) -> Any:
    time.sleep(3600)
