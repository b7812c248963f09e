"""Render webhooks: callback URLs checked at submit, signed POSTs retried from the worker.

An export may carry `"callback": "https://..."`. When the render ends (completed,
failed or cancelled) a worker POSTs the render's info there as JSON with

    X-Diapo-Signature: t=<Unix time>,v1=<hex HMAC-SHA256 of "<t>." + the exact body>
    X-Diapo-Event: render.completed | render.failed | render.cancelled
    X-Diapo-Delivery: <delivery id>.<attempt>

keyed by the account's secret (as Stripe signs). The time is signed with the body
so that a captured delivery cannot be replayed later: the receiver refuses one
whose `t` is more than 5 minutes old (`diapo.client.webhooks.verify_webhook`).
A 2xx answer is success; anything else (or no answer within the timeout) is
retried after each of `webhook_retry_seconds` (30 s, 2 min, 7.5 min by default:
four tries over about ten minutes), then given up. Each attempt is recorded and
shown in the render's info under `webhook`. Callback URLs pass the same SSRF
guard as URL imports, at submit and again at each attempt (the connection goes
to the address that was checked).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import time
from datetime import timedelta
from typing import Any, cast

import httpx
from fastapi import Request
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import object_session

from diapo.service.db.engine import Database
from diapo.service.db.tables import Render, utcnow
from diapo.service.db.webhooks import (
    WebhookDelivery,
    account_secret,
    add_delivery,
    claim_due,
    delivery_for,
)
from diapo.service.errors import UnsafeURLError
from diapo.service.settings import Settings
from diapo.service.signing import URLSigner
from diapo.service.urlimport import check_address
from diapo.service.views import iso, render_info

__all__ = [
    "SIGNATURE_HEADER",
    "check_callback_url",
    "deliver_due",
    "register_callback",
    "sign",
    "webhook_info",
]

log = logging.getLogger("diapo.webhooks")

SIGNATURE_HEADER = "X-Diapo-Signature"
_MAX_URL = 2000
_BATCH = 20


def sign(secret: str, body: bytes, *, timestamp: int) -> str:
    """The signature header's value for `body` sent at `timestamp`: `t=<ts>,v1=<hex>`."""
    signed = str(timestamp).encode() + b"." + body
    return f"t={timestamp},v1=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def _checked_address(url: httpx.URL, *, allow_loopback: bool) -> str:
    host = url.host
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    if literal is not None:
        check_address(literal, allow_loopback=allow_loopback)
        return str(literal)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise UnsafeURLError(f"Cannot resolve {host!r}.") from None
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not addresses:
        raise UnsafeURLError(f"Cannot resolve {host!r}.")
    for ip in addresses:  # every answer must be safe, not only the first
        check_address(ip, allow_loopback=allow_loopback)
    return str(addresses[0])


def check_callback_url(url: str, *, allow_loopback: bool) -> httpx.URL:
    """The parsed URL, or UnsafeURLError (422) for anything but a public http(s) address."""
    if len(url) > _MAX_URL:
        raise UnsafeURLError(f"The callback URL is longer than {_MAX_URL} characters.")
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        raise UnsafeURLError(f"Not a valid callback URL: {url!r}.") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise UnsafeURLError(f"A callback must be an http or https URL, not {url!r}.")
    if parsed.userinfo:
        raise UnsafeURLError("A callback URL must not carry a user name or password.")
    _checked_address(parsed, allow_loopback=allow_loopback)
    return parsed


def register_callback(*, db: OrmSession, render: Render, url: str, base_url: str) -> None:
    """Attach a callback, already passed by `check_callback_url`, to its new render.

    Runs in the submit's transaction, so a refusal here leaves nothing frozen or queued.
    """
    if account_secret(db=db, account_id=render.account_id) is None:
        raise UnsafeURLError(
            "Create a webhook secret first (POST /api/webhooks/secret): callbacks are signed "
            "with it.",
            loc="callback",
        )
    add_delivery(db=db, render=render, url=url, base_url=base_url.rstrip("/"))


def webhook_info(job: Render) -> dict[str, Any] | None:
    """The render's callback and its attempts, for the render's info (None without one)."""
    db = object_session(job)
    delivery = delivery_for(db=db, render_id=job.id) if db is not None else None
    if delivery is None:
        return None
    return {
        "url": delivery.url,
        "state": delivery.state,
        "attempts": delivery.attempt_log,
        "next_at": iso(delivery.next_at) if delivery.state == "pending" else None,
    }


# -- delivery, in the worker ----------------------------------------------------


def _payload(job: Render, delivery: WebhookDelivery, signer: URLSigner) -> bytes:
    # The links are made for the base URL the export was submitted to, so a request
    # object is never consulted (absolute_url only reads it without a base URL).
    info = render_info(
        job, request=cast(Request, None), signer=signer, public_base_url=delivery.base_url
    )
    return json.dumps(
        {"event": f"render.{job.status}", "render": info}, separators=(",", ":")
    ).encode()


def _post(url: str, body: bytes, headers: dict[str, str], settings: Settings) -> int:
    """POST to the checked address of `url`; the HTTP status, or an exception."""
    parsed = check_callback_url(url, allow_loopback=settings.url_import_allow_loopback)
    address = _checked_address(parsed, allow_loopback=settings.url_import_allow_loopback)
    host_header = parsed.host if parsed.port is None else f"{parsed.host}:{parsed.port}"
    pinned = parsed.copy_with(host=address)
    extensions = {"sni_hostname": parsed.host} if parsed.scheme == "https" else {}
    with httpx.Client(
        timeout=settings.webhook_timeout_seconds, follow_redirects=False, trust_env=False
    ) as client:
        request = client.build_request(
            "POST",
            pinned,
            content=body,
            headers={**headers, "Host": host_header},
            extensions=extensions,
        )
        return client.send(request).status_code


def _attempt(database: Database, settings: Settings, delivery_id: int, signer: URLSigner) -> None:
    with database.transaction() as db:
        delivery = db.get(WebhookDelivery, delivery_id)
        job = db.get(Render, delivery.render_id) if delivery else None
        secret = account_secret(db=db, account_id=delivery.account_id) if delivery else None
        if delivery is None or job is None:
            return
        body = _payload(job, delivery, signer)
        url, attempt = delivery.url, delivery.attempts + 1
        event = f"render.{job.status}"
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Diapo-Webhooks/1",
        "X-Diapo-Event": event,
        "X-Diapo-Delivery": f"{delivery_id}.{attempt}",
    }
    if secret is not None:  # a deleted secret: the receiver sees an unsigned call and refuses
        headers[SIGNATURE_HEADER] = sign(secret.secret, body, timestamp=int(time.time()))
    started = time.monotonic()
    record: dict[str, Any] = {"attempt": attempt, "at": iso(utcnow())}
    try:
        status = _post(url, body, headers, settings)
        record["status_code"] = status
        ok = 200 <= status < 300
        if not ok:
            record["error"] = f"HTTP {status}"
    except (httpx.HTTPError, UnsafeURLError, OSError) as exc:
        ok = False
        record["error"] = str(exc) or type(exc).__name__
    record["duration_ms"] = int((time.monotonic() - started) * 1000)
    delays = settings.webhook_retry_seconds
    with database.transaction() as db:
        delivery = db.get(WebhookDelivery, delivery_id)
        if delivery is None:
            return
        delivery.attempts = attempt
        delivery.log = json.dumps([*delivery.attempt_log, record])
        if ok:
            delivery.state, delivery.next_at = "delivered", None
        elif attempt > len(delays):
            delivery.state, delivery.next_at = "failed", None
            log.warning("webhook %s for render %s given up", delivery_id, delivery.render_id)
        else:
            delivery.next_at = utcnow() + timedelta(seconds=delays[attempt - 1])


def deliver_due(*, database: Database, settings: Settings) -> int:
    """Send the callbacks that are due (run by the worker's sweep); how many were tried."""
    now = utcnow()
    lease = now + timedelta(seconds=settings.webhook_timeout_seconds * 3 + 5)
    with database.transaction() as db:
        due = [d.id for d in claim_due(db=db, now=now, lease_until=lease, limit=_BATCH)]
    if not due:
        return 0
    signer = URLSigner(settings.signing_key, ttl_seconds=24 * 3600)
    for delivery_id in due:
        try:
            _attempt(database, settings, delivery_id, signer)
        except Exception:
            log.exception("webhook delivery %s failed", delivery_id)
    return len(due)
