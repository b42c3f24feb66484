"""`load-reference`, `demo`, `check`: the data a deployment starts from, and its consistency."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def _cmd_load_reference(args: argparse.Namespace) -> int:
    from django.db import transaction

    from mufakat.meetings.services import bodies_load
    from mufakat.reference.services import reference_data_load

    with transaction.atomic():
        report = reference_data_load(path=Path(args.file) if args.file else None)
        bodies_load(report=report, path=Path(args.bodies) if args.bodies else None)
    print(report.summary())
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from django.db import transaction

    from mufakat.demo.bilaterals import bilaterals_demo_load
    from mufakat.demo.clock import DEMO_NOW
    from mufakat.demo.delegations import delegations_demo_load
    from mufakat.demo.documents import documents_demo_load
    from mufakat.demo.journey import journey_demo_load
    from mufakat.demo.meetings import demo_load
    from mufakat.demo.plans import plans_demo_load
    from mufakat.demo.precedents import precedents_demo_load
    from mufakat.demo.programme import programme_demo_load
    from mufakat.meetings.services import bodies_load
    from mufakat.reference.services import reference_data_load

    with transaction.atomic():
        report = reference_data_load()
        bodies_load(report=report)
        demo = demo_load()
        logins = delegations_demo_load()
        programme_demo_load()
        bilaterals_demo_load()
        documents_demo_load()
        journey_demo_load()
        plans_demo_load()
        precedents_demo_load()
    print(report.summary())
    print(
        f"the demo is set in July 2024: its records are dated up to {DEMO_NOW:%d %B %Y %H:%M} ({DEMO_NOW.tzinfo}); "
        "the app keeps today's date, so the demo's deadlines have passed (pages say so in a banner)."
    )
    for series in demo.series:
        print(f"demo series {series.code}: {series.title_en} ({series.meetings.count()} meetings)")
    print(
        "agreed-language archive (illustrative texts): the Joint Communiqués of the 55th AMM (amm-55, 2022) and "
        "the 56th AMM (amm-56, 2023), adopted"
    )
    print("demo logins (series amm-57; log in at /accounts/login/):")
    for login in logins:
        print(f"  {login.username:<12} password {login.password}  — {login.persona}")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from mufakat.checks import consistency_report

    problems = consistency_report()
    for problem in problems:
        print(f"PROBLEM {problem}")
    print(f"{len(problems)} problem(s) found." if problems else "data is consistent.")
    return 1 if problems else 0


def add_commands(sub: Any) -> None:
    load = sub.add_parser(
        "load-reference", help="load the shipped reference data (parties, frameworks, chairs, bodies)"
    )
    load.add_argument("--file", help="another reference data file (TOML) instead of the shipped one")
    load.add_argument("--bodies", help="another bodies file (TOML) instead of the shipped one")
    load.set_defaults(func=_cmd_load_reference)

    demo = sub.add_parser("demo", help="load reference data and the demo series (AMM-57, AMM-43); idempotent")
    demo.set_defaults(func=_cmd_demo)

    check = sub.add_parser("check", help="report data consistency problems; exits 1 when there are any")
    check.set_defaults(func=_cmd_check)
