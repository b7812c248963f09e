"""Clause handlers for templates: "usa il modello compleanno per Maria", "make a wedding video",
"用婚礼模板".

A template is named with its word ("modello", "template", "模板") and an occasion, or
an occasion is asked for as a whole video ("fai un video di matrimonio"). Who or
where it is for follows "per"/"for"/"给" (or stands in quotes); a template that
needs a name it was not given asks for it, and nothing changes.
"""

from __future__ import annotations

import re

from diapo.chat.clauses import Clause
from diapo.chat.context import Context, Handler, Outcome
from diapo.chat.keywords import has, lookup, phrases
from diapo.draft.occasions import BUILTIN_TEMPLATES
from diapo.draft.ops import UseTemplate
from diapo.draft.vocabulary import LANGUAGES, Language

__all__ = ["TEMPLATE_HANDLERS"]

_END = re.compile(r"[\s.,;:!?。！？，]+$")


# A trip or the sea is what most slideshows show anyway: "crea uno slideshow del viaggio"
# is the default video, so these templates are used only when the word "template" is said.
_NAMED_ONLY = frozenset({"viaggio", "mare"})


def template(c: Clause, ctx: Context) -> Outcome | None:
    t = c.text
    quoted = [q.casefold() for q in c.quotes]
    found = lookup(" ".join([t, *quoted]), "TEMPLATES")
    if found is None:
        return None
    template_id = str(found[0])
    if template_id not in BUILTIN_TEMPLATES:
        return None
    if not has(t, "template") and (template_id in _NAMED_ONLY or not has(t, "make")):
        return None
    subject = BUILTIN_TEMPLATES[template_id].fields[0].name
    # A quoted name wins; a quoted occasion ("il modello \"natale\"") is no name.
    named = [q for q in c.quotes if lookup(q.casefold(), "TEMPLATES") is None]
    name = named[0] if named else _named_for(c.original or c.raw)
    values = {subject: name} if name else {}
    return Outcome([UseTemplate(template=template_id, values=values, lang=_lang(ctx))])


def _named_for(raw: str) -> str | None:
    """The words after the last "per"/"for"/"给", as the person typed them (capitals kept)."""
    match = None
    for m in phrases("TEMPLATE_FOR").finditer(raw):
        match = m  # the last one: "il modello di compleanno per Maria" names Maria
    if match is None:
        return None
    words = _END.sub("", raw[match.end() :]).strip()
    if not words or lookup(words.casefold(), "TEMPLATES") is not None:
        return None  # "per il matrimonio" names the occasion, not a person
    return words[:40]


def _lang(ctx: Context) -> Language:
    return ctx.lang if ctx.lang in LANGUAGES else "it"  # type: ignore[return-value]


TEMPLATE_HANDLERS: list[Handler] = [template]
