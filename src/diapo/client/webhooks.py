"""Checking a render webhook on the receiving side: its signature and its age.

Diapo signs `"<t>." + body` with the account's webhook secret and sends
`X-Diapo-Signature: t=<Unix time>,v1=<hex HMAC-SHA256>`. Signing the time with
the body lets a receiver refuse a captured delivery replayed later; the age
allowed is 5 minutes, as Stripe's receivers do.
"""

from __future__ import annotations

import hashlib
import hmac
import time

__all__ = ["WEBHOOK_TOLERANCE_SECONDS", "WebhookSignatureError", "verify_webhook"]

WEBHOOK_TOLERANCE_SECONDS = 300


class WebhookSignatureError(ValueError):
    """The call is not a genuine, recent Diapo webhook: answer 400 and drop it."""


def verify_webhook(
    secret: str,
    body: bytes,
    header: str | None,
    *,
    tolerance: float = WEBHOOK_TOLERANCE_SECONDS,
    now: float | None = None,
) -> int:
    """Check `X-Diapo-Signature` against the raw `body`; return its timestamp.

    Raises WebhookSignatureError when the header is missing or malformed, when no
    `v1` matches (wrong secret, altered body, altered time), or when the
    signature is older than `tolerance` seconds (or that far in the future).
    """
    if not header:
        raise WebhookSignatureError("No X-Diapo-Signature header.")
    parts: dict[str, list[str]] = {}
    for item in header.split(","):
        key, _, value = item.strip().partition("=")
        parts.setdefault(key, []).append(value)
    stamps, signatures = parts.get("t", []), parts.get("v1", [])
    if len(stamps) != 1 or not stamps[0].isdigit() or not signatures:
        raise WebhookSignatureError("A malformed X-Diapo-Signature header.")
    timestamp = int(stamps[0])
    signed = stamps[0].encode() + b"." + body
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    # Several v1 values may come while a secret is being rotated: any one may match.
    if not any(hmac.compare_digest(expected, s) for s in signatures):
        raise WebhookSignatureError("The signature does not match this body and secret.")
    age = (time.time() if now is None else now) - timestamp
    if abs(age) > tolerance:
        raise WebhookSignatureError(
            f"The signature is {age:.0f} s old (more than {tolerance:.0f} s): a replay?"
        )
    return timestamp
