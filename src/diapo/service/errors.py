"""The service's own errors, each a `DiapoError` carrying its protocol code.

DiapoError                         (diapo.errors)
├── BadRequestError        (400)   X-Client-Id missing or not a UUID, other bad requests
├── TokenError             (1001)  token missing, malformed, unknown or expired
├── SessionNotFoundError   (1002)  session (or its media/render) unknown or not this account's
├── NotEnoughCreditsError  (2001)  available credits below an export's cost
├── PaymentRequiredError   (402)   export refused by plan or attribution headers missing
├── RateLimitedError       (429)   too many requests; `retry_after` seconds
├── NotFoundError          (404)   no such route or object
├── ConflictError          (409)   the request clashes with what exists (e.g. email taken)
├── UnsafeURLError         (422)   a URL import the service refuses to fetch
└── IdempotencyKeyReusedError (422) an Idempotency-Key sent again with another request
"""

from __future__ import annotations

from typing import Any

from diapo.errors import DiapoError

__all__ = [
    "BadRequestError",
    "ConflictError",
    "IdempotencyKeyReusedError",
    "NotEnoughCreditsError",
    "NotFoundError",
    "PaymentRequiredError",
    "RateLimitedError",
    "SessionNotFoundError",
    "TokenError",
    "UnsafeURLError",
]


class BadRequestError(DiapoError, ValueError):
    code = 400


class TokenError(DiapoError):
    code = 1001


class SessionNotFoundError(DiapoError, LookupError):
    code = 1002


class NotEnoughCreditsError(DiapoError):
    code = 2001


class PaymentRequiredError(DiapoError):
    code = 402


class RateLimitedError(DiapoError):
    code = 429

    def __init__(self, message: str, *, retry_after: int, **detail: Any) -> None:
        super().__init__(message, retry_after=retry_after, **detail)
        self.retry_after = max(1, int(retry_after))


class NotFoundError(DiapoError, LookupError):
    code = 404


class ConflictError(DiapoError):
    code = 409


class UnsafeURLError(DiapoError, ValueError):
    code = 422


class IdempotencyKeyReusedError(DiapoError, ValueError):
    """The key names an earlier request with other parameters: its answer would be wrong here."""

    code = 422

    def __init__(self) -> None:
        super().__init__(
            "This Idempotency-Key was already used with a different request; "
            "send a new key for a new request."
        )
