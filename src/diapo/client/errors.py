"""The errors the SDK raises, one per row of the protocol's error table.

    DiapoError                              (diapo.errors)
    └── APIError                   (code)   the server answered with an error envelope
        ├── BadRequestError        (400)    X-Client-Id missing or other bad request
        ├── TokenError             (1001)   token refused, and a new one did not help
        ├── SessionNotFoundError   (1002)   session unknown or not this token's (LookupError)
        ├── NotEnoughCreditsError  (2001)   credits: `register_url` (anonymous) or top up
        ├── ExportNotAllowedError  (402)    plan or attribution: register or upgrade
        ├── RateLimitedError       (429)    still limited after one retry; `retry_after`
        ├── UnsupportedFileError   (4001)   also a diapo.errors.UnsupportedMediaError
        ├── FileTooLargeError      (4002)   also a diapo.errors.MediaTooLargeError
        ├── InvalidRequestError    (422)    the body was refused; `errors` per field (ValueError)
        ├── TurnFailedError        (any)    a chat turn ended with an error event
        ├── ExportFailedError      (500)    the render failed or was cancelled (RuntimeError)
        └── ProtocolError          (502)    an answer that is not the protocol's shape

A credits error (2001) and a plan refusal (402) are different classes on purpose:
the first one is solved by registering or topping up, the second by a plan.
"""

from __future__ import annotations

from typing import Any

from diapo.errors import DiapoError, MediaTooLargeError, UnsupportedMediaError

__all__ = [
    "APIError",
    "BadRequestError",
    "ExportFailedError",
    "ExportNotAllowedError",
    "FileTooLargeError",
    "InvalidRequestError",
    "NotEnoughCreditsError",
    "ProtocolError",
    "RateLimitedError",
    "SessionNotFoundError",
    "TokenError",
    "TurnFailedError",
    "UnsupportedFileError",
    "error_for",
]


class APIError(DiapoError):
    """The server answered with an error envelope; `code`, `status` and `data` say which."""

    code = 500

    def __init__(
        self, message: str, *, code: int | None = None, status: int = 0, data: Any = None
    ) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.status = status
        self.data = data


class BadRequestError(APIError, ValueError):
    code = 400


class TokenError(APIError):
    """The token was refused even after getting a new one."""

    code = 1001


class SessionNotFoundError(APIError, LookupError):
    code = 1002


class NotEnoughCreditsError(APIError):
    """Not enough credits; anonymous users get a registration URL, registered ones top up."""

    code = 2001

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        status: int = 0,
        data: Any = None,
        register_url: str | None = None,
    ) -> None:
        if register_url:
            message = f"{message} Register to keep your work and get more credits: {register_url}"
        else:
            message = f"{message} Top up your credits to continue."
        super().__init__(message, code=code, status=status, data=data)
        self.register_url = register_url


class ExportNotAllowedError(APIError):
    """Export refused by plan or for missing attribution headers (HTTP 402, never 2001)."""

    code = 402


class RateLimitedError(APIError):
    code = 429

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        status: int = 0,
        data: Any = None,
        retry_after: float = 1.0,
    ) -> None:
        super().__init__(message, code=code, status=status, data=data)
        self.retry_after = retry_after


class UnsupportedFileError(APIError, UnsupportedMediaError):
    code = 4001


class FileTooLargeError(APIError, MediaTooLargeError):
    code = 4002


class InvalidRequestError(APIError, ValueError):
    code = 422

    @property
    def errors(self) -> list[dict[str, Any]]:
        if isinstance(self.data, dict) and isinstance(self.data.get("errors"), list):
            return list(self.data["errors"])
        return []


class TurnFailedError(APIError):
    """The chat turn reported an error in its stream."""


class ExportFailedError(APIError, RuntimeError):
    """The render ended `failed` or `cancelled`; `render` is its last status."""

    def __init__(self, message: str, *, render: Any = None) -> None:
        super().__init__(message, code=500)
        self.render = render


class ProtocolError(APIError):
    code = 502


_BY_CODE: dict[int, type[APIError]] = {
    400: BadRequestError,
    1001: TokenError,
    1002: SessionNotFoundError,
    402: ExportNotAllowedError,
    4001: UnsupportedFileError,
    4002: FileTooLargeError,
    422: InvalidRequestError,
}


def error_for(
    code: int,
    message: str,
    *,
    status: int,
    data: Any = None,
    retry_after: float | None = None,
    register_url: str | None = None,
) -> APIError:
    """The typed error for one error envelope."""
    if code == 2001:
        return NotEnoughCreditsError(
            message, code=code, status=status, data=data, register_url=register_url
        )
    if code == 429 or status == 429:
        return RateLimitedError(
            message, code=429, status=status, data=data, retry_after=retry_after or 1.0
        )
    cls = _BY_CODE.get(code, APIError)
    return cls(message, code=code, status=status, data=data)
