"""File names from the outside: the name a person sees, the name stored on disk, and header parsing.

A file keeps two names. The display name is what the client sent, as
Unicode ("照片.jpg", "caffè.jpg", even "a/b/../c.jpg"), only normalised to
NFC and without control characters; it is text, never used as a path. The
stored name is derived from it for the scratch file the engine reads: one
path part, no separators, never `.` or `..`, bounded in bytes.

`parse_content_disposition` reads a multipart part's Content-Disposition
from text, with `filename*` (RFC 2231/5987 ext-value) preferred to
`filename` as RFC 6266 says. python-multipart's own parser cannot serve here:
it re-encodes every parameter to Latin-1, so a Chinese name raised
UnicodeEncodeError (a 500) and UTF-8 bytes came back as mojibake, and it
drops `filename*` altogether.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

from diapo.draft.bidi import without_bidi_controls
from diapo.service.db.tables import Media
from diapo.service.errors import BadRequestError

__all__ = [
    "DISPLAY_NAME_LIMIT",
    "STORED_NAME_BYTES",
    "decode_header_value",
    "display_name",
    "parse_content_disposition",
    "stored_name",
]

#: The media table's name column holds this many characters (PostgreSQL
#: enforces it); a longer display name is shortened in the middle to fit.
DISPLAY_NAME_LIMIT: int = getattr(Media.__table__.c.name.type, "length", None) or 300

#: Well under the 255-byte limit of a file name on Linux and macOS file systems.
STORED_NAME_BYTES = 120

_UNSAFE_IN_STORED = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_EXT_VALUE = re.compile(
    r"(?P<charset>[A-Za-z0-9!#$&+\-^_`{}~]*)'(?P<lang>[^']*)'(?P<value>.*)", re.S
)


def display_name(raw: str | None, default: str = "file") -> str:
    """The name to show: NFC, no control or bidi-override characters, within the column."""
    text = without_bidi_controls(unicodedata.normalize("NFC", raw or ""))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc")
    if not text.strip():
        return default
    if len(text) > DISPLAY_NAME_LIMIT:
        # Keep the start and the end (the extension tells the kind at a glance).
        tail = 40
        text = text[: DISPLAY_NAME_LIMIT - tail - 1] + "…" + text[-tail:]
    return text


def stored_name(name: str, default: str = "file") -> str:
    """A safe single-part file name made from a display name."""
    base = re.split(r"[\\/]", name)[-1]
    # Stripping dots also turns "." and ".." into nothing, and hides no file.
    base = _UNSAFE_IN_STORED.sub("_", unicodedata.normalize("NFC", base)).strip(" .")
    if not base:
        return default
    stem, dot, ext = base.rpartition(".")
    if not dot or not stem or not ext.isalnum() or len(ext) > 10:
        stem, ext = base, ""
    suffix = f".{ext}" if ext else ""
    budget = STORED_NAME_BYTES - len(suffix.encode())
    while len(stem.encode()) > budget:
        stem = stem[:-1]
    return (stem.rstrip(" .") or default) + suffix


def decode_header_value(raw: bytes) -> str:
    """A header value as text: UTF-8 as browsers send it, else Latin-1 as older clients do."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def parse_content_disposition(value: str) -> tuple[str, dict[str, str]]:
    """`form-data; name="files"; filename="x.jpg"` as ("form-data", {name, filename}).

    `filename*` is decoded and stored as `filename`, taking precedence. A
    malformed value raises BadRequestError (400), never anything else.
    """
    parts = _split_params(value)
    kind = parts[0].strip().lower()
    if not _TOKEN.fullmatch(kind):
        raise _malformed("it has no disposition type")
    params: dict[str, str] = {}
    extended: dict[str, str] = {}
    for segment in parts[1:]:
        if not segment.strip():
            continue  # a stray ";" (trailing or doubled) is harmless
        key, eq, raw = segment.partition("=")
        key = key.strip().lower()
        if not eq or not _TOKEN.fullmatch(key):
            raise _malformed(f"the parameter {segment.strip()[:40]!r} is not key=value")
        text = _unquote_value(raw.strip())
        target = extended if key.endswith("*") else params
        bare = key.rstrip("*")
        if bare in target:
            # Two names for one file: which one would a filter have checked?
            raise _malformed(f"{key} is given twice")
        target[bare] = _decode_ext_value(text) if key.endswith("*") else text
    params.update(extended)
    return kind, params


def _split_params(value: str) -> list[str]:
    """Split on the semicolons that are outside quoted strings."""
    parts: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for ch in value:
        if escaped:
            escaped = False
        elif quoted and ch == "\\":
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == ";" and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    if quoted:
        raise _malformed("a quoted value is not closed")
    parts.append("".join(current))
    return parts


def _unquote_value(raw: str) -> str:
    if len(raw) >= 2 and raw[0] == '"' and raw[-1] == '"':
        return re.sub(r"\\(.)", r"\1", raw[1:-1], flags=re.S)
    if '"' in raw:
        raise _malformed(f"the value {raw[:40]!r} is badly quoted")
    return raw


def _decode_ext_value(text: str) -> str:
    """RFC 5987 `charset'language'percent-encoded` to text."""
    match = _EXT_VALUE.fullmatch(text)
    if match is None:
        raise _malformed("filename* is not charset'language'value")
    charset = match["charset"].lower()
    if charset not in ("utf-8", "iso-8859-1"):
        raise _malformed(f"filename* uses the charset {charset!r}; use UTF-8")
    value = match["value"]
    if re.search(r"%(?![0-9A-Fa-f]{2})", value):
        raise _malformed("filename* has a broken percent escape")
    try:
        return unquote(value, encoding=charset, errors="strict")
    except UnicodeDecodeError:
        raise _malformed("filename* is not valid UTF-8") from None


def _malformed(why: str) -> BadRequestError:
    return BadRequestError(f"A part's Content-Disposition header is malformed: {why}.")
