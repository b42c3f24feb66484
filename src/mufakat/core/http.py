"""What the web and the API both read from a request."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address. Behind TRUSTED_PROXY_HOPS reverse proxies it is read from X-Forwarded-For,
    counting from the right (the entries our own proxies appended), so a client cannot forge it and
    all users do not share the proxy's address for login throttling."""
    if request is None:
        return None
    raw = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_HOPS
    if hops:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            raw = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None
