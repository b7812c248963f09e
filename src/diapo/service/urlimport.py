"""Importing media from URLs without letting the server be used to reach private networks.

Only http and https. Every hop's host is resolved here and each address is
checked (private, loopback, link-local, metadata, multicast, reserved are
refused); the connection then goes to the checked address itself, with the
original name as Host and TLS SNI, so DNS cannot change its answer in
between. Redirects are followed by hand, each one checked again. The body
streams to disk under a byte cap and a time cap.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from email.message import Message
from pathlib import Path
from urllib.parse import unquote

import httpx

from diapo.errors import MediaTooLargeError
from diapo.service.errors import UnsafeURLError
from diapo.service.filenames import display_name
from diapo.service.ingest import Incoming, discard_scratch_file, scratch_file

__all__ = ["check_address", "fetch_url"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Cloud metadata endpoints not already covered by the non-global ranges.
_BLOCKED = (ipaddress.ip_network("fd00:ec2::254/128"), ipaddress.ip_network("100.100.100.200/32"))


def check_address(ip: IPAddress, *, allow_loopback: bool) -> None:
    """Raise UnsafeURLError unless `ip` is a public address (or loopback when allowed)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback and allow_loopback:
        return
    if any(ip in net for net in _BLOCKED) or not ip.is_global or ip.is_multicast:
        kind = (
            "loopback"
            if ip.is_loopback
            else "link-local"
            if ip.is_link_local
            else "private"
            if ip.is_private
            else "not public"
        )
        raise UnsafeURLError(f"Refused to fetch from {ip}: the address is {kind}.", address=str(ip))


def _resolve(host: str, port: int, *, allow_loopback: bool) -> IPAddress:
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    if literal is not None:
        check_address(literal, allow_loopback=allow_loopback)
        return literal
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
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
    transport: httpx.BaseTransport | None = None,
) -> Incoming:
    """Download `url` into a temporary file in `scratch`; refusals come back as `Incoming.error`."""
    name = display_name(url.rsplit("/", 1)[-1], default="download")
    try:
        return _fetch(
            url,
            scratch=scratch,
            max_bytes=max_bytes,
            timeout=timeout,
            max_redirects=max_redirects,
            allow_loopback=allow_loopback,
            transport=transport,
        )
    except (UnsafeURLError, MediaTooLargeError) as exc:
        return Incoming(name=name, error=exc, source_url=url)
    except httpx.HTTPError as exc:
        return Incoming(
            name=name, error=UnsafeURLError(f"Could not download {url}: {exc}"), source_url=url
        )


def _fetch(
    url: str,
    *,
    scratch: Path,
    max_bytes: int,
    timeout: float,
    max_redirects: int,
    allow_loopback: bool,
    transport: httpx.BaseTransport | None,
) -> Incoming:
    deadline = time.monotonic() + timeout
    try:
        current = httpx.URL(url)
    except httpx.InvalidURL:
        raise UnsafeURLError(f"Not a valid URL: {url!r}.") from None
    with httpx.Client(
        timeout=httpx.Timeout(min(timeout, 30.0)),
        follow_redirects=False,
        trust_env=False,  # no proxy from the environment: we connect where we checked
        transport=transport,
    ) as client:
        for _hop in range(max_redirects + 1):
            if current.scheme not in ("http", "https") or not current.host:
                raise UnsafeURLError(
                    f"Only http and https URLs can be imported, not {str(current)!r}."
                )
            port = current.port or (443 if current.scheme == "https" else 80)
            ip = _resolve(current.host, port, allow_loopback=allow_loopback)
            host_header = current.host if current.port is None else f"{current.host}:{current.port}"
            pinned = current.copy_with(host=str(ip))
            extensions = {"sni_hostname": current.host} if current.scheme == "https" else {}
            request = client.build_request(
                "GET",
                pinned,
                headers={"Host": host_header, "User-Agent": "Diapo/0.1 (media import)"},
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
            for chunk in response.iter_bytes(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise too_large()
                if time.monotonic() > deadline:
                    raise UnsafeURLError(f"Downloading {source} took too long.")
                out.write(chunk)
    except BaseException:
        discard_scratch_file(path)
        raise
    return Incoming(name=name, path=path, size=size, source_url=source)
