"""Importing media from URLs without letting the server be used to reach private networks.

Only http and https. Every hop's host is resolved here and each address is
checked (private, loopback, link-local, metadata, multicast, reserved are
refused); the connection then goes to the checked address itself, with the
original name as Host and TLS SNI, so DNS cannot change its answer in
between. Redirects are followed by hand, each one checked again. The body
streams to disk under a byte cap and a time cap.

An IPv6 address that carries an IPv4 address inside it (IPv4-mapped and
-translated, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`, IPv4-compatible
`::a.b.c.d`, Teredo) reaches that IPv4 host, so it is judged by it.

The time cap is one deadline for the whole download: every socket read and
write, the TLS handshake and the name lookup get only the time left, so a
host that sends one byte a second is cut off at the deadline, not kept alive
by each byte resetting a per-read timeout. `ImportSlots` caps how many
imports run at once, per account and in all.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpcore
import httpx

from diapo.errors import MediaTooLargeError
from diapo.service.errors import RateLimitedError, UnsafeURLError
from diapo.service.filenames import display_name
from diapo.service.ingest import Incoming, discard_scratch_file, scratch_file

__all__ = ["ImportSlots", "check_address", "embedded_ipv4", "fetch_url"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Cloud metadata endpoints not already covered by the non-global ranges.
_BLOCKED = (ipaddress.ip_network("fd00:ec2::254/128"), ipaddress.ip_network("100.100.100.200/32"))


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries and reaches, if it is one of those forms."""
    if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d
        return ip.ipv4_mapped
    if ip.sixtofour is not None:  # 2002:AABB:CCDD::/48
        return ip.sixtofour
    if ip.teredo is not None:  # 2001:0::/32; the client is the last 32 bits, inverted
        return ip.teredo[1]
    value = int(ip)
    low = ipaddress.IPv4Address(value & 0xFFFF_FFFF)
    if ip in _NAT64:
        return low
    if value >> 32 == 0xFFFF_0000:  # IPv4-translated ::ffff:0:a.b.c.d (SIIT)
        return low
    if value >> 32 == 0 and value > 1:  # IPv4-compatible ::a.b.c.d (:: and ::1 are themselves)
        return low
    return None


def check_address(ip: IPAddress, *, allow_loopback: bool) -> None:
    """Raise UnsafeURLError unless `ip` is a public address (or loopback when allowed)."""
    inner = embedded_ipv4(ip) if isinstance(ip, ipaddress.IPv6Address) else None
    target = inner if inner is not None else ip
    if target.is_loopback and allow_loopback:
        return
    if any(target in net for net in _BLOCKED) or not target.is_global or target.is_multicast:
        kind = (
            "loopback"
            if target.is_loopback
            else "link-local"
            if target.is_link_local
            else "private"
            if target.is_private
            else "not public"
        )
        where = (
            f"{ip}: it leads to {inner}, which is" if inner is not None else f"{ip}: the address is"
        )
        raise UnsafeURLError(f"Refused to fetch from {where} {kind}.", address=str(ip))


# Name lookups block in the C library with no timeout of their own; they run
# here so that the import can stop waiting for one at its deadline.
_LOOKUPS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="diapo-dns")


def _resolve(host: str, port: int, *, allow_loopback: bool, deadline: float) -> IPAddress:
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    if literal is not None:
        check_address(literal, allow_loopback=allow_loopback)
        return literal
    lookup = _LOOKUPS.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        infos = lookup.result(timeout=max(0.0, deadline - time.monotonic()))
    except FutureTimeout:
        lookup.cancel()
        raise UnsafeURLError(f"Looking up {host!r} took too long.") from None
    except (socket.gaierror, UnicodeError):
        raise UnsafeURLError(f"Cannot resolve {host!r}.") from None
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not addresses:
        raise UnsafeURLError(f"Cannot resolve {host!r}.")
    for ip in addresses:  # every answer must be safe, not only the first
        check_address(ip, allow_loopback=allow_loopback)
    return addresses[0]


def _file_name(response: httpx.Response, url: httpx.URL) -> str:
    disposition = response.headers.get("content-disposition")
    if disposition:
        msg = Message()
        msg["content-disposition"] = disposition
        name = msg.get_filename()
        if name:
            return display_name(name)
    last = unquote(url.path.rsplit("/", 1)[-1])
    return display_name(last, default="download")


def fetch_url(
    url: str,
    *,
    scratch: Path,
    max_bytes: int,
    timeout: float,
    max_redirects: int,
    allow_loopback: bool,
    idle_timeout: float = 30.0,
    transport: httpx.BaseTransport | None = None,
) -> Incoming:
    """Download `url` into a temporary file in `scratch`; refusals come back as `Incoming.error`.

    `timeout` caps the whole download; `idle_timeout` each wait for the server to
    connect, answer or send more. The refusal names the limit that cut it.
    """
    name = display_name(url.rsplit("/", 1)[-1], default="download")
    deadline = time.monotonic() + timeout
    try:
        return _fetch(
            url,
            scratch=scratch,
            max_bytes=max_bytes,
            deadline=deadline,
            idle_timeout=min(timeout, idle_timeout),
            max_redirects=max_redirects,
            allow_loopback=allow_loopback,
            transport=transport,
        )
    except (UnsafeURLError, MediaTooLargeError) as exc:
        return Incoming(name=name, error=exc, source_url=url)
    except httpx.TimeoutException:
        if idle_timeout < timeout and time.monotonic() < deadline:
            message = f"{url} sent nothing for {idle_timeout:g} s; the import was stopped."
        else:
            message = f"Downloading {url} took longer than {timeout:g} s."
        return Incoming(name=name, error=UnsafeURLError(message), source_url=url)
    except httpx.HTTPError as exc:
        return Incoming(
            name=name, error=UnsafeURLError(f"Could not download {url}: {exc}"), source_url=url
        )


def _fetch(
    url: str,
    *,
    scratch: Path,
    max_bytes: int,
    deadline: float,
    idle_timeout: float,
    max_redirects: int,
    allow_loopback: bool,
    transport: httpx.BaseTransport | None,
) -> Incoming:
    try:
        current = httpx.URL(url)
    except httpx.InvalidURL:
        raise UnsafeURLError(f"Not a valid URL: {url!r}.") from None
    with httpx.Client(
        timeout=httpx.Timeout(idle_timeout),
        follow_redirects=False,
        trust_env=False,  # no proxy from the environment: we connect where we checked
        transport=transport or _DeadlineTransport(deadline),
    ) as client:
        for _hop in range(max_redirects + 1):
            if current.scheme not in ("http", "https") or not current.host:
                raise UnsafeURLError(
                    f"Only http and https URLs can be imported, not {str(current)!r}."
                )
            port = current.port or (443 if current.scheme == "https" else 80)
            ip = _resolve(current.host, port, allow_loopback=allow_loopback, deadline=deadline)
            host_header = current.host if current.port is None else f"{current.host}:{current.port}"
            pinned = current.copy_with(host=str(ip))
            extensions = {"sni_hostname": current.host} if current.scheme == "https" else {}
            request = client.build_request(
                "GET",
                pinned,
                headers={
                    "Host": host_header,
                    "User-Agent": "Diapo/0.1 (media import)",
                    # The byte cap counts what is stored; no compressed body to inflate.
                    "Accept-Encoding": "identity",
                },
                extensions=extensions,
            )
            response = client.send(request, stream=True)
            try:
                if response.status_code in (301, 302, 303, 307, 308):
                    location = response.headers.get("location")
                    if not location:
                        raise UnsafeURLError(f"{current} redirects nowhere.")
                    current = current.join(location)
                    continue
                if response.status_code != 200:
                    raise UnsafeURLError(
                        f"Could not download {current}: the server answered {response.status_code}."
                    )
                return _save_body(
                    response,
                    name=_file_name(response, current),
                    scratch=scratch,
                    max_bytes=max_bytes,
                    deadline=deadline,
                    source=url,
                )
            finally:
                response.close()
    raise UnsafeURLError(f"Too many redirects from {url}.")


def _save_body(
    response: httpx.Response,
    *,
    name: str,
    scratch: Path,
    max_bytes: int,
    deadline: float,
    source: str,
) -> Incoming:
    def too_large() -> MediaTooLargeError:
        return MediaTooLargeError(
            f"{name} is larger than the {max_bytes // (1024 * 1024) or max_bytes} "
            f"{'MB' if max_bytes >= 1024 * 1024 else 'bytes'} limit.",
            name=name,
            limit_bytes=max_bytes,
        )

    length = response.headers.get("content-length")
    if length and re.fullmatch(r"\d+", length) and int(length) > max_bytes:
        raise too_large()
    path = scratch_file(scratch, name)
    size = 0
    try:
        with open(path, "wb") as out:
            # Chunks as they arrive (no gathering into 64 KB first): the deadline
            # is looked at after every read, and each read waits only the time left.
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise too_large()
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("the deadline passed")
                out.write(chunk)
    except BaseException:
        discard_scratch_file(path)
        raise
    return Incoming(name=name, path=path, size=size, source_url=source)


class ImportSlots:
    """How many URL imports run at once, per account and in all; one more is a 429."""

    def __init__(self, *, per_account: int, total: int, retry_after: int) -> None:
        self.per_account, self.total, self.retry_after = per_account, total, retry_after
        self._lock = threading.Lock()
        self._running: dict[str, int] = {}

    @contextmanager
    def hold(self, account_id: str) -> Iterator[None]:
        """Take a slot for `account_id` for the block, or raise RateLimitedError."""
        with self._lock:
            if sum(self._running.values()) >= self.total:
                raise RateLimitedError(
                    f"The server is importing as many URLs as it can; "
                    f"retry in {self.retry_after} s.",
                    retry_after=self.retry_after,
                )
            mine = self._running.get(account_id, 0)
            if mine >= self.per_account:
                raise RateLimitedError(
                    f"You already have {mine} URL imports running; wait for one to finish.",
                    retry_after=self.retry_after,
                )
            self._running[account_id] = mine + 1
        try:
            yield
        finally:
            with self._lock:
                left = self._running[account_id] - 1
                if left:
                    self._running[account_id] = left
                else:
                    del self._running[account_id]


# -- the deadline on every socket operation ----------------------------------


def _time_left(deadline: float, timeout: float | None, error: type[Exception]) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the import's deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write waits at most until the deadline."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: float) -> None:
        self._stream, self._deadline = stream, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        wait = _time_left(self._deadline, timeout, httpcore.ReadTimeout)
        return self._stream.read(max_bytes, wait)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        wait = _time_left(self._deadline, timeout, httpcore.WriteTimeout)
        self._stream.write(buffer, wait)

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        wait = _time_left(self._deadline, timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(
            self._stream.start_tls(ssl_context, server_hostname, wait), self._deadline
        )

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, deadline: float) -> None:
        self._backend, self._deadline = httpcore.SyncBackend(), deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        wait = _time_left(self._deadline, timeout, httpcore.ConnectTimeout)
        stream = self._backend.connect_tcp(host, port, wait, local_address, socket_options)
        return _DeadlineStream(stream, self._deadline)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("URL imports do not use Unix sockets")

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


@contextmanager
def _httpx_errors() -> Iterator[None]:
    """httpcore's errors as httpx's, as httpx's own transport does."""
    try:
        yield
    except httpcore.TimeoutException as exc:
        raise httpx.TimeoutException(str(exc)) from exc
    except (
        httpcore.NetworkError,
        httpcore.ProtocolError,
        httpcore.UnsupportedProtocol,
        httpcore.ConnectionNotAvailable,
    ) as exc:
        raise httpx.TransportError(str(exc)) from exc


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        with _httpx_errors():
            yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


class _DeadlineTransport(httpx.BaseTransport):
    """httpx's HTTP/1.1 transport on connections bounded by one deadline."""

    def __init__(self, deadline: float) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            network_backend=_DeadlineBackend(deadline),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        core = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _httpx_errors():
            response = self._pool.handle_request(core)
        assert isinstance(response.stream, Iterable)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response.stream),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._pool.close()
