from __future__ import annotations

from typing import Any

from django.test import RequestFactory

from mufakat.core.http import client_ip


def test_client_ip_without_proxies_is_the_peer_address(settings: Any) -> None:
    settings.TRUSTED_PROXY_HOPS = 0
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert client_ip(request) == "203.0.113.9"


def test_client_ip_behind_one_proxy_reads_the_entry_it_appended(settings: Any) -> None:
    settings.TRUSTED_PROXY_HOPS = 1
    # The client forged the first entry; our proxy appended the real address last.
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")

    assert client_ip(request) == "198.51.100.7"


def test_client_ip_garbage_is_none(settings: Any) -> None:
    settings.TRUSTED_PROXY_HOPS = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-address")

    assert client_ip(request) is None
