"""Diapo's Python SDK: the HTTP protocol's client rules, sync (`DiapoClient`) and async."""

from diapo.client.aio import AsyncDiapoClient
from diapo.client.config import DEFAULT_SERVER, ClientConfig, ClientStore, configured_server
from diapo.client.errors import (
    APIError,
    BadRequestError,
    ExportFailedError,
    ExportNotAllowedError,
    FileTooLargeError,
    InvalidRequestError,
    NotEnoughCreditsError,
    ProtocolError,
    RateLimitedError,
    SessionNotFoundError,
    TokenError,
    TurnFailedError,
    UnsupportedFileError,
)
from diapo.client.gui import Action, translate_gui
from diapo.client.intents import Intent, export_options, route_intent
from diapo.client.models import (
    Balance,
    MediaItem,
    RenderInfo,
    SessionInfo,
    SessionSummary,
    StateInfo,
    UploadResult,
    summarise_change,
)
from diapo.client.sse import SSEEvent, SSEParser
from diapo.client.sync import DiapoClient
from diapo.client.turns import TurnReader, TurnResult, TurnUpdate
from diapo.client.webhooks import WebhookSignatureError, verify_webhook

__all__ = [
    "DEFAULT_SERVER",
    "APIError",
    "Action",
    "AsyncDiapoClient",
    "BadRequestError",
    "Balance",
    "ClientConfig",
    "ClientStore",
    "DiapoClient",
    "ExportFailedError",
    "ExportNotAllowedError",
    "FileTooLargeError",
    "Intent",
    "InvalidRequestError",
    "MediaItem",
    "NotEnoughCreditsError",
    "ProtocolError",
    "RateLimitedError",
    "RenderInfo",
    "SSEEvent",
    "SSEParser",
    "SessionInfo",
    "SessionNotFoundError",
    "SessionSummary",
    "StateInfo",
    "TokenError",
    "TurnFailedError",
    "TurnReader",
    "TurnResult",
    "TurnUpdate",
    "UnsupportedFileError",
    "UploadResult",
    "WebhookSignatureError",
    "configured_server",
    "export_options",
    "route_intent",
    "summarise_change",
    "translate_gui",
    "verify_webhook",
]
