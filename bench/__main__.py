"""Runs every benchmark against a throwaway SQLite database holding the demo."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
# Measured as deployed: DEBUG off (no query log, no debug templates), with throwaway settings.
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 60)
os.environ.setdefault("ALLOWED_HOSTS", "localhost,testserver")
_tmp = tempfile.mkdtemp(prefix="mufakat-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")


def main() -> None:  # noqa: PLR0911 - one branch per benchmark
    import sys
    import warnings

    if sys.argv[1:2] == ["bilaterals"]:
        # `python -m bench bilaterals`: the scheduler alone; it needs no database.
        from bench import bench_bilaterals

        bench_bilaterals.run()
        return

    import django

    # Static files are not collected for the benchmark; whitenoise says so once per client.
    warnings.filterwarnings("ignore", message="No directory at")

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if sys.argv[1:2] == ["solve-job"]:
        # `python -m bench solve-job`: the web's answers while a worker process solves for a minute.
        from bench import bench_solve_job

        bench_solve_job.run()
        return
    # The server's start-up (mufakat.wsgi) freezes what is loaded for the garbage collector; do the same.
    import mufakat.wsgi  # noqa: F401
    from bench import (
        bench_bilaterals,
        bench_desk,
        bench_documents,
        bench_foundation,
        bench_notifications,
        bench_plans,
    )

    if sys.argv[1:2] == ["desk"]:
        # `python -m bench desk`: the desk alone, on the demo it loads.
        from django.db import transaction

        from mufakat.demo.meetings import demo_load
        from mufakat.meetings.services import bodies_load
        from mufakat.reference.services import reference_data_load

        with transaction.atomic():
            bodies_load(report=reference_data_load())
            demo_load()
        bench_desk.run()
        return

    if sys.argv[1:2] == ["search"]:
        # `python -m bench search [--scale S]`: the generated archive (not part of the default run: it is long).
        from bench import bench_search

        sys.argv = sys.argv[1:]
        bench_search.main()
        return

    if sys.argv[1:2] == ["public"]:
        # `python -m bench public --peer URL …`: the published pages against a peer already running (pretalx);
        # ours is `mufakat serve` (default workers, DEBUG off) on the demo, started and stopped here.
        from bench import bench_public

        bench_public.run(sys.argv[2:])
        return

    if sys.argv[1:2] == ["live"]:
        # `python -m bench live`: the live room alone (300 streams, 1,000 idle ones, the page before/after).
        from bench import bench_live

        bench_live.run()
        return
    if sys.argv[1:2] == ["notifications"]:
        # `python -m bench notifications`: those figures alone.
        bench_notifications.run()
        return
    bench_foundation.run()
    bench_bilaterals.run()
    bench_documents.run()
    bench_plans.run()
    bench_notifications.run()
    bench_desk.run()
    from bench import bench_live

    bench_live.run()


if __name__ == "__main__":
    main()
