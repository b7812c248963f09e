"""Make the video from a built-in template: "usa il modello compleanno", "用婚礼模板"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import Field

from diapo.draft.media import MediaRef
from diapo.draft.model import Draft
from diapo.draft.occasions import BUILTIN_TEMPLATES
from diapo.draft.ops_base import Op, OpError, finish, say
from diapo.draft.templates import InvalidTemplateError, merge
from diapo.draft.vocabulary import Language

__all__ = ["UseTemplate"]


class UseTemplate(Op):
    """Make the video from a built-in template, filled with `values` and the session's media.

    The photos and clips fill its photo slot, an uploaded song its music (else the
    template's own style). A required field with no value is asked for, and the
    draft stays as it was.
    """

    op: Literal["use_template"] = "use_template"
    template: str = Field(description="a built-in template: " + ", ".join(BUILTIN_TEMPLATES))
    values: dict[str, str] = Field(
        default_factory=dict, description="its text fields, e.g. {'nome': 'Maria'}"
    )
    lang: Language = Field("it", description="the language of its texts")

    def describe(self, lang: str = "en") -> str:
        name = _name(self.template, lang)
        return say(
            lang,
            it=f"Video dal modello «{name}»",
            en=f"Video from the “{name}” template",
            zh=f"用“{name}”模板生成视频",
        )

    def apply(self, draft: Draft | None, media: Sequence[MediaRef]) -> Draft:
        return finish(self.edit(draft, media))

    def edit(self, draft: Draft | None, media: Sequence[MediaRef]) -> Draft:
        template = BUILTIN_TEMPLATES.get(self.template)
        if template is None:
            names = ", ".join(BUILTIN_TEMPLATES)
            raise OpError(
                en=f"There is no template called {self.template!r}; there are: {names}.",
                it=f"Non c'è un modello chiamato {self.template!r}; ci sono: {names}.",
                zh=f"没有名为 {self.template!r} 的模板；可选：{names}。",
                loc="template",
            )
        visual = [m for m in media if m.kind in ("photo", "clip")]
        if not visual:
            raise OpError(
                en="Upload the photos first: the template sets them to music, with titles.",
                it="Carica prima le foto: il modello le mette in ordine con musica e titoli.",
                zh="请先上传照片：模板会为它们配上音乐和标题。",
                loc="media",
            )
        missing = [f for f in template.fields if f.required and f.kind == "text"]
        missing = [f for f in missing if not self.values.get(f.name, "").strip()]
        if missing:
            field = missing[0]
            raise OpError(
                en=f"The {_name(self.template, 'en')} template needs one more thing: "
                f"{field.label.en.lower()}? Say for example “use the "
                f"{self.template} template for Maria”.",
                it=f"Il modello {_name(self.template, 'it')} chiede ancora una cosa: "
                f"{field.label.it.lower()}? Scrivi per esempio «usa il modello "
                f"{self.template} per Maria».",
                zh=f"{_name(self.template, 'zh')}模板还需要：{field.label.zh}？"
                f"例如说“用{_name(self.template, 'zh')}模板，给Maria”。",
                loc=f"values.{field.name}",
            )
        values: dict[str, Any] = dict(self.values)
        values["foto"] = visual
        songs = [m for m in media if m.kind == "audio"]
        if songs and "musica" not in values:
            values["musica"] = songs[0]
        try:
            return merge(template, values, lang=self.lang, aspect=draft.c.ar if draft else None)
        except InvalidTemplateError as exc:
            raise _said(exc, template_id=self.template) from None


def _said(exc: InvalidTemplateError, *, template_id: str) -> OpError:
    """The merge's first problem, said in every reply language."""
    first = exc.errors[0] if exc.errors else {}
    field = str(first.get("field", ""))
    template = BUILTIN_TEMPLATES[template_id]
    label = next((f.label for f in template.fields if f.name == field), None)
    it, en, zh = (label.it, label.en, label.zh) if label else (field, field, field)
    if first.get("type") == "too_long":
        return OpError(
            en=f"{en}: too long for the template's text box; say it in fewer words.",
            it=f"{it}: troppo lungo per lo spazio del modello; dillo in meno parole.",
            zh=f"{zh}：太长了，放不进模板的文字框；请说得短一些。",
            loc=f"values.{field}",
        )
    return OpError(en=exc.message, it=exc.message, zh=exc.message, loc=f"values.{field}")


def _name(template_id: str, lang: str) -> str:
    template = BUILTIN_TEMPLATES.get(template_id)
    return template.name.get(lang) if template is not None else template_id
