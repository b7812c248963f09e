"""A message made ready for matching: quoted text set aside, normalised, split into clauses."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from diapo.chat.keywords import phrases
from diapo.chat.lexicon_it import CLITIC_VERBS
from diapo.chat.numbers import replace_number_words
from diapo.chat.typos import fix_typos

__all__ = [
    "CORRECTION",
    "MAX_CLAUSES",
    "MAX_CLAUSE_CHARS",
    "UNREAD",
    "Clause",
    "Message",
    "normalise",
    "prepare",
    "unquoted_tail",
]

#: A clause of its own where the person takes back what they said before ("anzi no").
CORRECTION = "qqfixqq"
#: The text of a clause too long to be an instruction: it is named back, never matched.
UNREAD = "qqunreadqq"
# An instruction is a phrase, not a page: longer clauses, and clauses past the
# first few dozen, are not matched at all, so a hostile message costs linear time.
MAX_CLAUSE_CHARS = 400
MAX_CLAUSES = 40

# Quote marks and what closes each. The plain ASCII ones only count at word edges,
# so that the apostrophe of "l'ultima" or "don't" never opens a quote.
_CLOSERS: dict[str, str] = {
    "«": "»", "“": "”", "„": "“”", "「": "」", "『": "』", "‘": "’", '"': '"', "'": "'"
}  # fmt: skip
_APOSTROPHE_BEFORE = frozenset(" \t\n:(（，,")
_APOSTROPHE_AFTER = frozenset(" \t\n,.;:!?)，。！？")


def _quoted_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, inner text) of each quoted string, in one pass: linear in the text.

    A regular expression for "an opening mark, then anything up to its closing
    mark" rescans the rest of the message from every unclosed mark, which is
    quadratic: ten thousand unclosed “ held the server for minutes. Here a mark
    whose closer is nowhere further on rules out every later mark of its kind.
    """
    spans: list[tuple[int, int, str]] = []
    exhausted: set[str] = set()
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        closers = _CLOSERS.get(ch)
        if closers is None or ch in exhausted:
            i += 1
            continue
        if ch == "'" and i > 0 and text[i - 1] not in _APOSTROPHE_BEFORE:
            i += 1
            continue
        found = [j for j in (text.find(c, i + 1) for c in closers) if j != -1]
        if not found:
            exhausted.add(ch)
            i += 1
            continue
        j = min(found)
        inner = text[i + 1 : j]
        ok = bool(inner.strip()) if ch == "«" else bool(inner)
        if ch == "'":
            ok = ok and (j + 1 == n or text[j + 1] in _APOSTROPHE_AFTER)
        if not ok:
            i += 1
            continue
        spans.append((i, j + 1, inner.strip()))
        i = j + 1
    return spans


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
    r"\s+(?:e poi|e anche|ed|e|poi|inoltre|ma|pero|and then|and also|and|then|also|plus|but)\s+"
    r"|\s*[;!?]\s*|(?<!\d)\s*,\s*|,\s+|\s*[。；！？]\s*|然后|并且|而且|同时|另外|接着|还有|但是|不过"
)


_PAIR = re.compile(
    r"((?:photos?|pictures?|pics?|images?|slides?|foto|immagini) \d+) (?:e|ed|and) (?=\d)"
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
    text = fix_typos(text)
    text = _CLITIC.sub(_split_clitic, text)
    return replace_number_words(text)


def prepare(message: str) -> Message:
    """Quotes set aside, the rest normalised and split into clauses."""
    quotes: list[str] = []

    pieces: list[str] = []
    at = 0
    for start, end, inner in _quoted_spans(message):
        quotes.append(inner)
        pieces += [message[at:start], " " + _PLACEHOLDER.format(len(quotes) - 1) + " "]
        at = end
    masked = "".join(pieces) + message[at:]
    text = normalise(masked)
    text = phrases("CORRECTIONS").sub(f" ; {CORRECTION} ; ", text)
    # "photos 2 and 3" is one group of photos, not two instructions.
    text = _PAIR.sub(r"\1 & ", text)
    parts = [p for p in (p.strip(" .,:") for p in _SPLIT.split(text)) if p]
    if len(parts) > MAX_CLAUSES:
        parts = [*parts[: MAX_CLAUSES - 1], " ".join(parts[MAX_CLAUSES - 1 :])]
    clauses = []
    for part in parts:
        if len(part) > MAX_CLAUSE_CHARS:
            shown = re.sub(r"qqq(\d+)qqq", "…", part[:60]) + "…"
            clauses.append(Clause(text=UNREAD, raw=shown, original=message))
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


def as_typed(raw: str, original: str) -> str:
    """The words of a clause as the person typed them ("don t export" -> "don't export").

    The clause's words are looked for, in order, in the message with case and
    accents folded; when they cannot be found (numbers written as words, typos
    read as commands) the clause is given as read.
    """
    words = re.findall(r"\w+", raw)
    if not words or len(original) > 5_000:
        return raw
    folded: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(original):
        base = "".join(
            c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn"
        )
        for c in base.casefold():
            folded.append(c)
            where.append(i)
    pattern = r"(?<!\w)" + r"\W+".join(re.escape(w) for w in words) + r"(?!\w)"
    m = re.search(pattern, "".join(folded))
    if m is None:
        return raw
    return original[where[m.start()] : where[m.end() - 1] + 1]
