"""Decide what a media file is from its first bytes, never from its name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = ["SNIFF_BYTES", "Sniffed", "sniff_bytes", "sniff_file"]

#: How much of the head of a file the sniffer reads; enough for every
#: container signature we look at, including an ID3 tag's header.
SNIFF_BYTES = 4096

Kind = Literal["image", "video", "audio"]

# ISO base media file brands: HEIF stills versus the movie family.
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"M4P ", b"F4A "}
_MOV_ATOMS = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}


@dataclass(frozen=True, slots=True)
class Sniffed:
    """What the bytes say: a supported `format` with its `kind`, or only a `label`."""

    kind: Kind | None
    format: str | None
    label: str

    @property
    def supported(self) -> bool:
        return self.format is not None


def sniff_file(path: Path) -> Sniffed:
    """Read the head of `path` and say what it is."""
    with path.open("rb") as fh:
        return sniff_bytes(fh.read(SNIFF_BYTES))


def sniff_bytes(head: bytes) -> Sniffed:
    """Say what a file starting with `head` is."""
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("image", "jpeg", "a JPEG image")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("image", "png", "a PNG image")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Sniffed("image", "gif", "a GIF image")
    if head[:4] == b"RIFF":
        riff = head[8:12]
        if riff == b"WEBP":
            return Sniffed("image", "webp", "a WEBP image")
        if riff == b"WAVE":
            return Sniffed("audio", "wav", "a WAV audio file")
        if riff == b"AVI ":
            return Sniffed("video", "avi", "an AVI video")
        return Sniffed(None, None, "a RIFF file")
    if head[4:8] == b"ftyp":
        return _sniff_iso_bmff(head)
    if head[4:8] in _MOV_ATOMS:
        # Old QuickTime files start straight with an atom and carry no `ftyp`.
        return Sniffed("video", "mov", "a QuickTime movie")
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        # The EBML header names its DocType early; WebM is a Matroska subset.
        if b"webm" in head[:64]:
            return Sniffed("video", "webm", "a WebM video")
        return Sniffed("video", "mkv", "a Matroska video")
    if head.startswith(b"ID3"):
        return _sniff_after_id3(head)
    audio = _sniff_audio_frame(head)
    if audio is not None:
        return audio
    return Sniffed(None, None, _describe_unsupported(head))


def _sniff_iso_bmff(head: bytes) -> Sniffed:
    box_size = int.from_bytes(head[0:4], "big")
    major = head[8:12]
    compatible = {head[i : i + 4] for i in range(16, min(box_size, len(head), 256), 4)}
    brands = {major} | compatible
    if major in {b"avif", b"avis"}:
        return Sniffed(None, None, "an AVIF image")
    if major in _HEIF_BRANDS or (major not in {b"qt  "} and brands & {b"heic", b"heix"}):
        return Sniffed("image", "heic", "a HEIC image")
    if major == b"qt  ":
        return Sniffed("video", "mov", "a QuickTime movie")
    if major in _AUDIO_BRANDS:
        return Sniffed("audio", "m4a", "an M4A audio file")
    if major in {b"3gp4", b"3gp5", b"3gp6", b"3g2a"}:
        return Sniffed(None, None, "a 3GP video")
    # Plain MP4 brands: whether it is a movie or only sound is settled by
    # the probe, which looks at the streams.
    return Sniffed("video", "mp4", "an MP4 video")


def _sniff_after_id3(head: bytes) -> Sniffed:
    # An ID3v2 tag's size is a 28-bit "syncsafe" integer; the audio frames
    # follow it. Without them in the head, MP3 is by far the likeliest.
    if len(head) >= 10:
        size = 0
        for b in head[6:10]:
            size = (size << 7) | (b & 0x7F)
        after = _sniff_audio_frame(head[10 + size :])
        if after is not None:
            return after
    return Sniffed("audio", "mp3", "an MP3 audio file")


def _sniff_audio_frame(head: bytes) -> Sniffed | None:
    if len(head) < 4 or head[0] != 0xFF:
        return None
    if head[1] & 0xF6 == 0xF0:
        # 12 sync bits then layer 00: an ADTS header, i.e. raw AAC.
        return Sniffed("audio", "aac", "an AAC audio file")
    if head[1] & 0xE0 == 0xE0 and (head[1] >> 1) & 0x3 != 0 and (head[2] >> 4) != 0xF:
        # 11 sync bits, a non-reserved layer and a valid bitrate index: MPEG audio.
        return Sniffed("audio", "mp3", "an MP3 audio file")
    return None


_OTHER_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", "a BMP image"),
    (b"\x00\x00\x01\x00", "an icon file"),
    (b"8BPS", "a Photoshop document"),
    (b"fLaC", "a FLAC audio file"),
    (b"OggS", "an Ogg file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
    (b"<svg", "an SVG drawing"),
)


def _describe_unsupported(head: bytes) -> str:
    for magic, label in _OTHER_SIGNATURES:
        if head.startswith(magic):
            return label
    if head[:12].lstrip().lower().startswith((b"<!doctype", b"<html")):
        return "a web page"
    if head[4:12] == b"ftypcrx " or head.startswith(b"IIRO") or head.startswith(b"IIU"):
        return "a camera RAW file"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The head may cut a multi-byte character in two at its very end.
        if exc.start < len(head) - 3:
            return "a file of an unknown type"
        text = head[: exc.start].decode("utf-8")
    if text and all(ch.isprintable() or ch in "\r\n\t" for ch in text):
        return "a text file"
    return "a file of an unknown type"
