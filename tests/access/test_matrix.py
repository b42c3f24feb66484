"""The access matrix of AMM-57: every persona × object kind × action, through the web views and the API.

Each row of WEB and API is one object kind and action; its columns say what each persona gets:

    shown   200, and the object is in the response (its reference, title or name)
    hidden  200, and the object is nowhere in the response: a list or export without it
    done    the write went through: web redirects to the page named below, API answers its success status;
            the object changed and exactly one audit entry was written
    login   web only: 302 to the login page (anonymous); nothing changed
    401     API only: anonymous; nothing changed, nothing shown
    403     refused; the object is not in the response, nothing changed, no audit entry
    404     a single object the persona may not see: answered as if it did not exist; nothing shown or changed
    -       that interface has no such operation (the web has no participant page, the API no CSV)

The personas (tests/conftest.py): Lao PDR's chair secretariat, the ASEAN Secretariat, Viet Nam's focal
point and a Vietnamese delegate (an ASEAN member), a Japanese delegate (dialogue partner), Timor-Leste's
observer (an ASEAN observer in 2024), a signed-in user with no role in AMM-57, and the public. API calls
carry each persona's personal token; web calls its session. One test per row and interface: each persona
tries in turn, its write rolled back before the next one tries, and the whole row is compared at once."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.accounts.services import api_token_create
from mufakat.delegations.models import Circular, Delegation, Participant

PERSONAS = (
    "chair_secretariat",
    "asean_secretariat",
    "member_focal_point",
    "member_delegate",
    "partner_delegate",
    "observer",
    "outsider",
    "anonymous",
)

PUBLIC = ("AMM-57/LOG/01", "Logistics note for all delegations")
ASEAN_ONLY = (
    "AMM-57/ASEAN/01",
    "Seating and speaking order for the AMM Retreat",
    "ASEAN Foreign Ministers only. Interventions in alphabetical order after the Chair.",
)
VN_LA_ONLY = (
    "AMM-57/CONF/01",
    "Arrangements for the courtesy call on the Prime Minister",
    "For the delegations of Viet Nam and the Lao PDR only.",
)

# fmt: off
WEB: dict[tuple[str, str], tuple[str, ...]] = {
    #                               chair    ASEAN Sec  VN focal  VN deleg.  JP deleg.  TL obs.   outsider  anonymous
    ("delegations", "list"):       ("shown", "shown",   "shown",  "shown",   "shown",   "shown",  "shown",  "shown"),
    ("delegations", "change"):     ("done",  "403",     "403",    "403",     "403",     "403",    "403",    "login"),
    ("participants-VN", "list"):   ("shown", "shown",   "shown",  "shown",   "hidden",  "hidden", "hidden", "hidden"),
    ("participants-VN", "read"):   ("-",     "-",       "-",      "-",       "-",       "-",      "-",      "-"),
    ("participants-VN", "create"): ("done",  "403",     "done",   "403",     "403",     "403",    "403",    "login"),
    ("participants-VN", "change"): ("done",  "403",     "done",   "403",     "404",     "404",    "404",    "login"),
    ("participants-VN", "export"): ("shown", "shown",   "shown",  "shown",   "403",     "403",    "403",    "login"),
    ("accreditation", "list"):     ("shown", "shown",   "403",    "403",     "403",     "403",    "403",    "login"),
    ("accreditation", "change"):   ("done",  "403",     "403",    "403",     "404",     "404",    "404",    "login"),
    ("circular-public", "list"):   ("shown", "shown",   "shown",  "shown",   "shown",   "shown",  "shown",  "shown"),
    ("circular-public", "read"):   ("shown", "shown",   "shown",  "shown",   "shown",   "shown",  "shown",  "shown"),
    ("circular-public", "export"): ("shown", "shown",   "shown",  "shown",   "shown",   "shown",  "shown",  "shown"),
    ("circular-ASEAN", "list"):    ("shown", "shown",   "shown",  "shown",   "hidden",  "hidden", "hidden", "hidden"),
    ("circular-ASEAN", "read"):    ("shown", "shown",   "shown",  "shown",   "404",     "404",    "404",    "404"),
    ("circular-ASEAN", "export"):  ("shown", "shown",   "shown",  "shown",   "hidden",  "hidden", "hidden", "hidden"),
    ("circular-VN+LA", "list"):    ("shown", "shown",   "shown",  "shown",   "hidden",  "hidden", "hidden", "hidden"),
    ("circular-VN+LA", "read"):    ("shown", "shown",   "shown",  "shown",   "404",     "404",    "404",    "404"),
    ("circular-VN+LA", "export"):  ("shown", "shown",   "shown",  "shown",   "hidden",  "hidden", "hidden", "hidden"),
    ("circulars", "create"):       ("done",  "403",     "403",    "403",     "403",     "403",    "403",    "login"),
    ("audit", "list"):             ("shown", "403",     "403",    "403",     "403",     "403",    "403",    "login"),
    ("audit", "export"):           ("shown", "403",     "403",    "403",     "403",     "403",    "403",    "login"),
    ("week-VN", "read"):           ("shown", "403",     "shown",  "shown",   "403",     "403",    "403",    "login"),
    ("week-VN", "export"):         ("-",     "-",       "-",      "-",       "-",       "-",      "-",      "-"),
}
API: dict[tuple[str, str], tuple[str, ...]] = {
    #                               chair    ASEAN Sec  VN focal  VN deleg.  JP deleg.  TL obs.   outsider  anonymous
    ("delegations", "list"):       ("shown", "shown",   "shown",  "shown",   "shown",   "shown",  "shown",  "shown"),
    ("delegations", "change"):     ("done",  "403",     "403",    "403",     "403",     "403",    "403",    "401"),
    ("participants-VN", "list"):   ("shown", "shown",   "shown",  "shown",   "403",     "403",    "403",    "401"),
    ("participants-VN", "read"):   ("shown", "shown",   "shown",  "shown",   "404",     "404",    "404",    "401"),
    ("participants-VN", "create"): ("done",  "403",     "done",   "403",     "403",     "403",    "403",    "401"),
    ("participants-VN", "change"): ("done",  "403",     "done",   "403",     "404",     "404",    "404",    "401"),
    ("participants-VN", "export"): ("-",     "-",       "-",      "-",       "-",       "-",      "-",      "-"),
    ("accreditation", "list"):     ("shown", "shown",   "403",    "403",     "403",     "403",    "403",    "401"),
    ("accreditation", "change"):   ("done",  "403",     "403",    "403",     "404",     "404",    "404",    "401"),
    ("circular-public", "list"):   ("shown", "shown",   "shown",  "shown",   "shown",   "shown",  "shown",  "shown"),
    ("circular-public", "read"):   ("shown", "shown",   "shown",  "shown",   "shown",   "shown",  "shown",  "shown"),
    ("circular-public", "export"): ("-",     "-",       "-",      "-",       "-",       "-",      "-",      "-"),
    ("circular-ASEAN", "list"):    ("shown", "shown",   "shown",  "shown",   "hidden",  "hidden", "hidden", "hidden"),
    ("circular-ASEAN", "read"):    ("shown", "shown",   "shown",  "shown",   "404",     "404",    "404",    "404"),
    ("circular-ASEAN", "export"):  ("-",     "-",       "-",      "-",       "-",       "-",      "-",      "-"),
    ("circular-VN+LA", "list"):    ("shown", "shown",   "shown",  "shown",   "hidden",  "hidden", "hidden", "hidden"),
    ("circular-VN+LA", "read"):    ("shown", "shown",   "shown",  "shown",   "404",     "404",    "404",    "404"),
    ("circular-VN+LA", "export"):  ("-",     "-",       "-",      "-",       "-",       "-",      "-",      "-"),
    ("circulars", "create"):       ("done",  "403",     "403",    "403",     "403",     "403",    "403",    "401"),
    ("audit", "list"):             ("shown", "403",     "403",    "403",     "403",     "403",    "403",    "401"),
    ("audit", "export"):           ("-",     "-",       "-",      "-",       "-",       "-",      "-",      "-"),
    ("week-VN", "read"):           ("shown", "403",     "shown",  "shown",   "403",     "403",    "403",    "401"),
    ("week-VN", "export"):         ("shown", "403",     "shown",  "shown",   "403",     "403",    "403",    "401"),
}
# fmt: on


# What each row calls ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    method: str
    path: str  # {dhv}: Do Hung Viet (accredited); {pending}: Nguyen Minh Anh (submitted); {public} etc.: circulars
    data: dict[str, Any] | None = None
    done: int | str = 200  # success: the API's status, or the web page a successful form redirects to


def _names() -> list[str]:
    return sorted(Participant.objects.filter(delegation__party__code="VN").values_list("name_en", flat=True))


def _quota() -> tuple[int, int]:
    return Delegation.objects.values_list("quota", "version").get(series__code="amm-57", party__code="VN")


def _dhv() -> tuple[str, int]:
    return Participant.objects.values_list("phone", "version").get(name_en="Do Hung Viet")


def _pending() -> tuple[str, int]:
    return Participant.objects.values_list("accreditation", "version").get(name_en="Nguyen Minh Anh (illustrative)")


def _circulars() -> list[str]:
    return sorted(Circular.objects.values_list("reference", flat=True))


@dataclass(frozen=True)
class Row:
    web: Call | None
    api: Call | None
    markers: tuple[str, ...] = ()  # what shows the object in a response
    state: Callable[[], Any] | None = None  # for writes: what a successful write changes
    changed: Any = None  # the state after a successful write


NEW_PARTICIPANT = {"name_en": "Pham Thu Hang", "name_vi": "Phạm Thu Hằng", "rank": "officer", "role": "member"}
NEW_CIRCULAR = {
    "reference": "AMM-57/LOG/02",
    "title_en": "Shuttle buses to the National Convention Center",
    "body_en": "Shuttles leave the official hotels every 15 minutes from 07:00.",
    "classification": "public",
}
DHV_EDIT = {
    "name_en": "Do Hung Viet",
    "name_vi": "Đỗ Hùng Việt",
    "title_en": "Deputy Minister of Foreign Affairs, Head of ASEAN SOM Viet Nam",
    "title_vi": "Thứ trưởng Bộ Ngoại giao, Trưởng SOM ASEAN Việt Nam",
    "rank": "deputy_minister",
    "role": "som_leader",
    "phone": "+84 24 3799 3000",
}
S, A = "/series/amm-57", "/api/v1/series/amm-57"

ROWS: dict[tuple[str, str], Row] = {
    ("delegations", "list"): Row(Call("get", f"{S}/delegations/"), Call("get", f"{A}/delegations"), ("Viet Nam",)),
    ("delegations", "change"): Row(
        Call("post", f"{S}/delegations/VN/", {"action": "quota", "quota": 12, "version": 1}, f"{S}/delegations/VN/"),
        Call("patch", f"{A}/delegations/VN", {"quota": 12, "version": 1}, 200),
        state=_quota,
        changed=(12, 2),
    ),
    ("participants-VN", "list"): Row(
        Call("get", f"{S}/delegations/VN/"), Call("get", f"{A}/delegations/VN/participants"), ("Do Hung Viet",)
    ),
    ("participants-VN", "read"): Row(None, Call("get", f"{A}/participants/{{dhv}}"), ("Do Hung Viet",)),
    ("participants-VN", "create"): Row(
        Call("post", f"{S}/delegations/VN/participants/new/", NEW_PARTICIPANT, f"{S}/delegations/VN/"),
        Call("post", f"{A}/delegations/VN/participants", NEW_PARTICIPANT, 201),
        state=_names,
        changed=["Bui Thanh Son", "Do Hung Viet", "Nguyen Minh Anh (illustrative)", "Pham Thu Hang"],
    ),
    ("participants-VN", "change"): Row(
        Call("post", f"{S}/participants/{{dhv}}/edit/", {**DHV_EDIT, "version": 2}, f"{S}/delegations/VN/"),
        Call("patch", f"{A}/participants/{{dhv}}", {"phone": "+84 24 3799 3000", "version": 2}, 200),
        state=_dhv,
        changed=("+84 24 3799 3000", 3),
    ),
    ("participants-VN", "export"): Row(
        Call("get", f"{S}/delegations/VN/participants.csv"), None, ("Do Hung Viet", "Đỗ Hùng Việt")
    ),
    ("accreditation", "list"): Row(
        Call("get", f"{S}/accreditation/"),
        Call("get", f"{A}/accreditation-queue"),
        ("Nguyen Minh Anh (illustrative)",),
    ),
    ("accreditation", "change"): Row(
        Call(
            "post",
            f"{S}/participants/{{pending}}/decide/",
            {"decision": "accredit", "version": 1},
            f"{S}/accreditation/",
        ),
        Call("post", f"{A}/participants/{{pending}}/accreditation", {"decision": "accredit", "version": 1}, 200),
        state=_pending,
        changed=("accredited", 2),
    ),
    ("circular-public", "list"): Row(Call("get", f"{S}/circulars/"), Call("get", f"{A}/circulars"), PUBLIC),
    ("circular-public", "read"): Row(
        Call("get", f"{S}/circulars/{{public}}/"), Call("get", f"{A}/circulars/{{public}}"), PUBLIC
    ),
    ("circular-public", "export"): Row(Call("get", f"{S}/circulars.csv"), None, PUBLIC),
    ("circular-ASEAN", "list"): Row(Call("get", f"{S}/circulars/"), Call("get", f"{A}/circulars"), ASEAN_ONLY[:2]),
    ("circular-ASEAN", "read"): Row(
        Call("get", f"{S}/circulars/{{restricted}}/"), Call("get", f"{A}/circulars/{{restricted}}"), ASEAN_ONLY
    ),
    ("circular-ASEAN", "export"): Row(Call("get", f"{S}/circulars.csv"), None, ASEAN_ONLY),
    ("circular-VN+LA", "list"): Row(Call("get", f"{S}/circulars/"), Call("get", f"{A}/circulars"), VN_LA_ONLY[:2]),
    ("circular-VN+LA", "read"): Row(
        Call("get", f"{S}/circulars/{{confidential}}/"), Call("get", f"{A}/circulars/{{confidential}}"), VN_LA_ONLY
    ),
    ("circular-VN+LA", "export"): Row(Call("get", f"{S}/circulars.csv"), None, VN_LA_ONLY),
    ("circulars", "create"): Row(
        Call("post", f"{S}/circulars/new/", NEW_CIRCULAR, f"{S}/circulars/{{new}}/"),
        Call("post", f"{A}/circulars", NEW_CIRCULAR, 201),
        state=_circulars,
        changed=["AMM-57/ASEAN/01", "AMM-57/CONF/01", "AMM-57/LOG/01", "AMM-57/LOG/02"],
    ),
    # The demo's first participant, registered and accredited by the chair: in the log, nowhere else.
    # The newest entries come first: the circulars of 19 July 2024, the last thing the delegations demo wrote.
    ("audit", "list"): Row(Call("get", f"{S}/audit/"), Call("get", f"{A}/audit"), ("AMM-57/CONF/01",)),
    ("audit", "export"): Row(Call("get", f"{S}/audit.csv"), None, ("Saleumxay Kommasith", "participant.accredit")),
    # A delegation's week (sessions, bilaterals, deadlines): its own people and the chair secretariat.
    ("week-VN", "read"): Row(
        Call("get", f"{S}/delegations/VN/week/"), Call("get", f"{A}/delegations/VN/week"), ("Viet Nam",)
    ),
    ("week-VN", "export"): Row(None, Call("get", f"{A}/delegations/VN/week.ics"), ("Viet Nam",)),
}


def _rows(table: dict[tuple[str, str], tuple[str, ...]]) -> list[Any]:
    return [
        pytest.param(kind, action, expected, id=f"{kind}-{action}")
        for (kind, action), expected in table.items()
        if set(expected) != {"-"}
    ]


# Observing a row ----------------------------------------------------------------------------------


def _ids() -> dict[str, int]:
    return {
        "dhv": Participant.objects.get(name_en="Do Hung Viet").pk,
        "pending": Participant.objects.get(name_en="Nguyen Minh Anh (illustrative)").pk,
        "public": Circular.objects.get(reference=PUBLIC[0]).pk,
        "restricted": Circular.objects.get(reference=ASEAN_ONLY[0]).pk,
        "confidential": Circular.objects.get(reference=VN_LA_ONLY[0]).pk,
    }


def _send(client: Client, call: Call, ids: dict[str, int], *, as_json: bool) -> Any:
    path = call.path.format(**ids)
    if call.method == "get":
        return client.get(path)
    if as_json:
        return getattr(client, call.method)(path, data=json.dumps(call.data), content_type="application/json")
    return client.post(path, data=call.data)


def _shows(body: str, markers: tuple[str, ...]) -> set[bool]:
    # JSON may escape non-ASCII text; look for the text as the client reads it, and as escaped.
    return {marker in body or json.dumps(marker)[1:-1] in body for marker in markers}


def _observe(client: Client, row: Row, call: Call, ids: dict[str, int], *, web: bool) -> str:
    """What this client gets from the call, in the MATRIX's words; anything else is described plainly so
    that a mismatch shows what happened (e.g. "200 with part of the object", "403 but changed")."""
    state = row.state or (lambda: None)
    before, entries = state(), AuditEvent.objects.filter(series__code="amm-57").count()
    response = _send(client, call, ids, as_json=not web)
    body, status, location = response.content.decode(), response.status_code, response.get("Location", "")
    changed = (state() != before, AuditEvent.objects.filter(series__code="amm-57").count() - entries)
    if row.state is not None and changed != (False, 0):
        new = Circular.objects.filter(reference=NEW_CIRCULAR["reference"]).values_list("pk", flat=True).first()
        success = (302, str(call.done).format(new=new)) if web else (call.done, "")
        if (status, location) == success and (state(), changed[1]) == (row.changed, 1):
            return "done"
        return f"{status} {location} changed to {state()!r} with {changed[1]} audit entries"
    shown = _shows(body, row.markers)
    if web and status == 302 and location.split("?")[0] == "/accounts/login/":
        return "login"
    if status == 200 and row.markers:
        return {frozenset({True}): "shown", frozenset({False}): "hidden"}.get(frozenset(shown), "200 partly shown")
    if status in (401, 403, 404) and True not in shown:
        return str(status)
    return f"{status} {location} shown={sorted(shown)}"


def _observe_row(clients: dict[str, Client], row: Row, call: Call, *, web: bool) -> tuple[str, ...]:
    observed, ids = [], _ids()
    for persona in PERSONAS:
        # Each persona meets the demo as loaded: its writes are rolled back before the next one tries.
        with transaction.atomic():
            observed.append(_observe(clients[persona], row, call, ids, web=web))
            transaction.set_rollback(True)
    return tuple(observed)


def _api_client(viewer: SeriesViewer) -> Client:
    if not viewer.is_authenticated:
        return Client()
    token = api_token_create(user=viewer.user, name="access matrix", expires_in_days=1)
    return Client(headers={"Authorization": f"Bearer {token.plaintext}"})


@pytest.mark.parametrize(("kind", "action", "expected"), _rows(WEB))
def test_access_matrix_web(
    kind: str, action: str, expected: tuple[str, ...], persona_client: Callable[[str], Client]
) -> None:
    row = ROWS[kind, action]
    clients = {persona: persona_client(persona) for persona in PERSONAS}
    assert row.web is not None

    observed = _observe_row(clients, row, row.web, web=True)

    assert observed == expected


@pytest.mark.parametrize(("kind", "action", "expected"), _rows(API))
def test_access_matrix_api(
    kind: str, action: str, expected: tuple[str, ...], persona_viewer: Callable[[str], SeriesViewer]
) -> None:
    row = ROWS[kind, action]
    clients = {persona: _api_client(persona_viewer(persona)) for persona in PERSONAS}
    assert row.api is not None

    observed = _observe_row(clients, row, row.api, web=False)

    assert observed == expected


def test_access_matrix_covers_every_persona_kind_and_action() -> None:
    kinds = sorted({kind for kind, _action in WEB})
    actions = sorted({action for _kind, action in WEB})

    assert (kinds, actions) == (
        [
            "accreditation",
            "audit",
            "circular-ASEAN",
            "circular-VN+LA",
            "circular-public",
            "circulars",
            "delegations",
            "participants-VN",
            "week-VN",
        ],
        ["change", "create", "export", "list", "read"],
    )
    assert (list(WEB) == list(API) == list(ROWS), {len(row) for row in [*WEB.values(), *API.values()]}) == (
        True,
        {len(PERSONAS)},
    )
