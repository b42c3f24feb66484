"""Runs every benchmark against a throwaway SQLite database holding the demo."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
os.environ.setdefault("DEBUG", "true")
_tmp = tempfile.mkdtemp(prefix="mufakat-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bench import bench_foundation, bench_plans

    bench_foundation.run()
    bench_plans.run()


if __name__ == "__main__":
    main()
