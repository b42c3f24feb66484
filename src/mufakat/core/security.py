"""The Content-Security-Policy every page is served with (in production; settings.CONTENT_SECURITY_POLICY).

Scripts run only from our own files, from the two inline blocks that carry the request's nonce
(`{{ request.csp_nonce }}`), and the three one-line event handlers the pages use, allowed by their hashes.
Inline style attributes stay allowed: the programme's timetable places its cells with them."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# The inline event handlers of our templates, verbatim: a new one must be added here (or moved to a file).
INLINE_HANDLERS = (
    "return confirm(this.dataset.confirm)",
    "this.form.submit()",
    "window.print()",
)


def _sha256(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


_HANDLER_HASHES = " ".join(_sha256(source) for source in INLINE_HANDLERS)


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}' 'unsafe-hashes' {_HANDLER_HASHES}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


class ContentSecurityPolicyMiddleware:
    """Gives each request a nonce for its inline scripts and, when the policy is on, sends the header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = content_security_policy(nonce)
        return response
