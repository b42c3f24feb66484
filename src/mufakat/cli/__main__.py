"""`python -m mufakat.cli ...`, as `mufakat serve` starts its worker."""

import sys

from mufakat.cli import main

sys.exit(main())
