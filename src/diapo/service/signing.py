"""Signed, expiring URLs for files, so a browser can load a thumbnail or a video without a token."""

from __future__ import annotations

import hashlib
import hmac
import time
from urllib.parse import urlencode

__all__ = ["URLSigner"]


class URLSigner:
    def __init__(self, key: bytes, *, ttl_seconds: int) -> None:
        self._key = key
        self.ttl = ttl_seconds

    def _mac(self, path: str, expires: int) -> str:
        return hmac.new(self._key, f"{path}|{expires}".encode(), hashlib.sha256).hexdigest()[:40]

    def sign(self, path: str) -> str:
        """`path` with `?exp=...&sig=...` added."""
        return self.sign_until(path)[0]

    def sign_until(self, path: str) -> tuple[str, int]:
        """`path` signed, and the Unix time at which the signature stops working."""
        expires = int(time.time()) + self.ttl
        return f"{path}?{urlencode({'exp': expires, 'sig': self._mac(path, expires)})}", expires

    def verify(self, path: str, exp: str | None, sig: str | None) -> bool:
        if not exp or not sig or not exp.isdigit():
            return False
        if int(exp) < time.time():
            return False
        return hmac.compare_digest(self._mac(path, int(exp)), sig)
