"""A message made ready for matching: quoted text set aside, normalised, split into clauses."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from diapo.chat.lexicon_it import CLITIC_VERBS
from diapo.chat.numbers import replace_number_words

__all__ = ["Clause", "Message", "normalise", "prepare", "unquoted_tail"]

# Opening and closing quote marks; the plain ASCII ones only count at word edges,
# so that the apostrophe of "l'ultima" or "don't" never opens a quote.
_QUOTES = re.compile(
    r"«\s*(?P<a>[^»]+?)\s*»"
    r"|“(?P<b>[^”]+)”"
    r"|„(?P<c>[^“”]+)[“”]"
    r"|「(?P<d>[^」]+)」"
    r"|『(?P<e>[^』]+)』"
    r"|‘(?P<f>[^’]+)’"
    r"|\"(?P<g>[^\"]+)\""
    r"|(?:(?<=^)|(?<=[\s:(（，,]))'(?P<h>[^']+?)'(?=$|[\s,.;:!?)，。！？])"
)
_PLACEHOLDER = "qqq{}qqq"
# Italian pronouns written onto a verb: "mettila" -> "metti la", "fallo" ->
# "fa lo", "toglierla" -> "togliere la".
_CLITIC = re.compile(
    r"\b(" + "|".join(sorted(CLITIC_VERBS, key=len, reverse=True)) + r")(la|lo|le|li|ne)\b"
    r"|\b(fa|di|sta)l(l[aoei])\b"
    r"|\b(\w{3,}?[aei]r)(la|lo|le|li|ne)\b"
)


def _split_clitic(m: re.Match[str]) -> str:
    if m.group(1):
        return f"{m.group(1)} {m.group(2)}"
    if m.group(3):
        return f"{m.group(3)} {m.group(4)}"
    return f"{m.group(5)}e {m.group(6)}"


_SPLIT = re.compile(
    r"\s+(?:e poi|e anche|ed|e|poi|inoltre|and then|and also|and|then|also|plus)\s+"
    r"|\s*[;!?]\s*|(?<!\d)\s*,\s*|,\s+|\s*[。；！？]\s*|然后|并且|而且|同时|另外|接着|还有"
)


@dataclass(frozen=True, slots=True)
class Clause:
    """One instruction: its normalised text and the quoted strings it holds (original case)."""

    text: str
    quotes: tuple[str, ...] = ()
    raw: str = ""
    original: str = ""  # the whole message as typed, for unquoted titles

    def quote(self) -> str | None:
        return self.quotes[0] if self.quotes else None


@dataclass(frozen=True, slots=True)
class Message:
    text: str
    clauses: list[Clause] = field(default_factory=list)
    quotes: tuple[str, ...] = ()


def normalise(text: str) -> str:
    """Lower case, accents off, apostrophes as spaces, number words as digits, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(
        ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn"
    )
    text = text.casefold().replace("’", "'").replace("`", "'").replace("‘", "'")
    text = re.sub(r"(?<=[a-z])'(?=[a-z])|(?<=[a-z])'\s|\s'(?=[a-z])", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = _CLITIC.sub(_split_clitic, text)
    return replace_number_words(text)


def prepare(message: str) -> Message:
    """Quotes set aside, the rest normalised and split into clauses."""
    quotes: list[str] = []

    def keep(m: re.Match[str]) -> str:
        value = next(v for v in m.groupdict().values() if v is not None).strip()
        quotes.append(value)
        return " " + _PLACEHOLDER.format(len(quotes) - 1) + " "

    masked = _QUOTES.sub(keep, message)
    text = normalise(masked)
    parts = [p.strip(" .,:") for p in _SPLIT.split(text)]
    clauses = []
    for part in parts:
        if not part:
            continue
        found = tuple(quotes[int(i)] for i in re.findall(r"qqq(\d+)qqq", part))
        clean = re.sub(r"qqq(\d+)qqq", "qqq", part)
        raw = re.sub(r"qqq(\d+)qqq", lambda m: quotes[int(m[1])], part)
        clauses.append(Clause(text=clean, quotes=found, raw=raw, original=message))
    return Message(text=text, clauses=clauses, quotes=tuple(quotes))


def unquoted_tail(raw_message: str, keyword: str) -> str | None:
    """Text after `keyword` in the original message (case kept), up to the end of the clause."""
    m = re.search(keyword, raw_message, flags=re.IGNORECASE)
    if not m:
        return None
    tail = raw_message[m.end() :]
    tail = re.split(r"[,;.!?。，；！？]| e | and |然后", tail)[0]
    return tail.strip(" :：\"'") or None
