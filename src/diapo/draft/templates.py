"""Templates: a draft with named fields, and the pure merge of a template with values.

A template's draft is an ordinary draft (it validates against the draft's JSON
Schema) in which some strings stand for fields: a text may hold `{{nome}}`, a
video segment's `src` may be a media slot `{{foto}}` and a music segment's
`src` the music field `{{musica}}`. `merge` replaces them:

- each text field's value (or its default, which may itself name other
  fields, as "Buon compleanno, {{nome}}!") goes into every text that names it;
  a text left empty by an optional field is dropped;
- the run of slot segments becomes one segment per photo or clip given, with
  the slot's pacing, transition and motion strength (each photo its own
  varied, face-keeping Ken Burns, as the default builder does);
- the music field becomes a built-in style or the user's song, under the
  whole video, synced to its beat when the template's music is;
- texts keep their place in time: those in the first half of the template's
  video from its start, the others (an end card) from its end.

Every failure is an `InvalidTemplateError` that lists each bad field by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from diapo.draft.beats import sync_to_beats
from diapo.draft.builder import MAX_CLIP_MS, fit_for, intensity_of, ken_burns_for, with_transitions
from diapo.draft.media import MediaRef
from diapo.draft.model import (
    AudioSegment,
    AudioTrack,
    Draft,
    TextSegment,
    TextTrack,
    Track,
    VideoMeta,
    VideoSegment,
    VideoTrack,
    canvas_for,
)
from diapo.draft.vocabulary import LANGUAGES, Language, find_style
from diapo.errors import InvalidDraftError

__all__ = [
    "TEMPLATE_SCHEMA_VERSION",
    "FieldValue",
    "InvalidTemplateError",
    "Template",
    "TemplateField",
    "field_names_in",
    "merge",
    "parse_template",
    "template_from_draft",
    "template_json_schema",
]

TEMPLATE_SCHEMA_VERSION = 1
FIELD_RE = re.compile(r"\{\{\s*([a-z][a-z0-9_]{0,31})\s*\}\}")
_NAME = r"^[a-z][a-z0-9_]{0,31}$"
_SHORTEST_CARD_MS = 1200  # a closing card shorter than this cannot be read

FieldKind = Literal["text", "photos", "clip", "music"]
# A media slot takes MediaRefs; a text field a string; the music a style name or an audio MediaRef.
FieldValue = str | MediaRef | Sequence[MediaRef]


class InvalidTemplateError(InvalidDraftError):
    """A template, or the values merged into it, failed validation; `errors` names each field."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Words(_Model):
    """One text in the three languages."""

    it: str = Field(min_length=1, max_length=300)
    en: str = Field(min_length=1, max_length=300)
    zh: str = Field(min_length=1, max_length=300)

    def get(self, lang: str) -> str:
        return str(getattr(self, lang if lang in LANGUAGES else "en"))


class TemplateField(_Model):
    """One named field: its type, its label for people, its default and its rule."""

    name: str = Field(pattern=_NAME, description="as written between braces: {{name}}")
    kind: FieldKind = Field("text", description="text, photos (a slot), clip (a slot) or music")
    label: Words
    required: bool = Field(True, description="a value must be given (or a default exist)")
    default: Words | str | None = Field(
        None, description="text: per language, may name other fields; music: a style"
    )
    max_chars: int = Field(60, ge=1, le=500, description="text: the most characters that fit")
    min_count: int = Field(1, ge=0, le=2000, description="slots: the fewest items")
    max_count: int = Field(60, ge=1, le=2000, description="slots: the most items")

    @model_validator(mode="after")
    def _coherent(self) -> TemplateField:
        if self.min_count > self.max_count:
            raise ValueError(f"{self.name}: min_count is over max_count")
        if self.kind == "music" and isinstance(self.default, Words):
            raise ValueError(f"{self.name}: a music default is one style name")
        return self


class Template(_Model):
    """A draft with named fields, versioned; built in or saved by an account."""

    v: int = Field(TEMPLATE_SCHEMA_VERSION, description="template schema version")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    version: int = Field(1, ge=1, description="this template's own revision")
    name: Words
    description: Words | None = None
    fields: list[TemplateField] = Field(default_factory=list, max_length=40)
    draft: Draft

    @model_validator(mode="after")
    def _fields_match_the_draft(self) -> Template:
        if self.v != TEMPLATE_SCHEMA_VERSION:
            raise ValueError(f"template schema version {self.v} is not supported")
        declared = {f.name: f for f in self.fields}
        if len(declared) != len(self.fields):
            raise ValueError("two fields have the same name")
        used = field_names_in(self.draft)
        for f in self.fields:
            if isinstance(f.default, Words):
                used |= {n for lang in LANGUAGES for n in FIELD_RE.findall(f.default.get(lang))}
        unknown = sorted(used - declared.keys())
        if unknown:
            raise ValueError(f"the draft names fields that are not declared: {unknown}")
        for name, kinds in _slot_kinds(self.draft).items():
            field = declared[name]
            if field.kind not in kinds:
                raise ValueError(f"{{{{{name}}}}} stands where a {kinds[0]} goes")
        return self


def template_json_schema() -> dict[str, Any]:
    """The JSON Schema every template validates against (its draft: the draft's schema)."""
    schema = Template.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Diapo template"
    return schema


def field_names_in(draft: Draft) -> set[str]:
    """Every field a draft names, in its texts, captions and sources."""
    names: set[str] = set()
    for track in draft.t:
        for seg in track.sg:
            for attr in ("text", "src"):
                value = getattr(seg.m, attr, None)
                if isinstance(value, str):
                    names.update(FIELD_RE.findall(value))
            cap = getattr(seg.m, "cap", None)
            if cap is not None:
                names.update(FIELD_RE.findall(cap.text))
    return names


def _slot_kinds(draft: Draft) -> dict[str, tuple[FieldKind, ...]]:
    kinds: dict[str, tuple[FieldKind, ...]] = {}
    for track in draft.t:
        for seg in track.sg:
            src = getattr(seg.m, "src", None)
            match = FIELD_RE.fullmatch(src) if isinstance(src, str) else None
            if match:
                slot: tuple[FieldKind, ...] = (
                    ("music",) if isinstance(track, AudioTrack) else ("photos", "clip")
                )
                kinds[match.group(1)] = slot
    return kinds


# -- merging -------------------------------------------------------------------


def merge(
    template: Template,
    values: Mapping[str, FieldValue],
    *,
    lang: Language = "it",
    aspect: str | None = None,
) -> Draft:
    """The draft a template makes with these values (pure).

    Text values are strings; a photos or clip slot takes a sequence of `MediaRef`
    (photos and clips in the order they should play); the music takes a style name
    or alias, or an audio `MediaRef`. `aspect` puts the template on another canvas
    shape, the photos' motion planned for it. Raises `InvalidTemplateError` naming
    every missing, unknown or wrong field.
    """
    texts, slots, music = _checked(template, values, lang)
    draft = template.draft
    old_total = draft.video_duration_ms()
    if aspect is not None and aspect != draft.c.ar:
        long_side = max(draft.c.w, draft.c.h)
        canvas = canvas_for(aspect, long_side=long_side, fps=draft.c.fps)
        draft = draft.model_copy(update={"c": canvas})
    draft = _fill_slots(draft, slots)
    draft = _fill_music(draft, music, template)
    draft = sync_to_beats(draft)
    draft = _fill_texts(draft, texts, old_total)
    try:
        return Draft.parse(draft.to_dict())
    except InvalidDraftError as exc:
        raise InvalidTemplateError(
            f"The merged video is not valid: {exc.message}", exc.errors
        ) from None


def _checked(
    template: Template, values: Mapping[str, FieldValue], lang: str
) -> tuple[dict[str, str], dict[str, list[MediaRef]], str | MediaRef | None]:
    errors: list[dict[str, Any]] = []
    declared = {f.name: f for f in template.fields}
    for extra in sorted(values.keys() - declared.keys()):
        errors.append(_err(extra, "unknown", "this template has no such field"))
    texts: dict[str, str] = {}
    slots: dict[str, list[MediaRef]] = {}
    music: str | MediaRef | None = None
    for f in template.fields:
        value = values.get(f.name)
        if f.kind == "text":
            text = _text_value(f, value, lang, errors)
            if text is not None:
                texts[f.name] = text
        elif f.kind == "music":
            music = _music_value(f, value, errors)
        else:
            slots[f.name] = _slot_value(f, value, errors)
    # Defaults may name other fields ("Buon compleanno, {{nome}}!"): one level deep.
    for name, text in list(texts.items()):
        texts[name] = FIELD_RE.sub(lambda m: texts.get(m.group(1), ""), text).strip(" ,")
        if len(texts[name]) > declared[name].max_chars:
            errors.append(_too_long(declared[name], texts[name]))
    if errors:
        names = ", ".join(dict.fromkeys(e["field"] for e in errors))
        raise InvalidTemplateError(
            f"The template '{template.id}' cannot be filled in: check {names}. "
            + " ".join(f"{e['field']}: {e['msg']}." for e in errors),
            errors,
        )
    return texts, slots, music


def _err(field: str, kind: str, msg: str) -> dict[str, Any]:
    return {"field": field, "loc": f"merge.{field}", "type": kind, "msg": msg}


def _too_long(f: TemplateField, text: str) -> dict[str, Any]:
    return _err(f.name, "too_long", f"{len(text)} characters, at most {f.max_chars} fit its box")


def _text_value(
    f: TemplateField, value: FieldValue | None, lang: str, errors: list[dict[str, Any]]
) -> str | None:
    if value is None:
        if isinstance(f.default, Words):
            return f.default.get(lang)
        if isinstance(f.default, str):
            return f.default
        if f.required:
            errors.append(_err(f.name, "missing", "a text is needed"))
        return None
    if not isinstance(value, str):
        errors.append(_err(f.name, "type", "must be a text"))
        return None
    text = " ".join(value.split())
    if not text and f.required:
        errors.append(_err(f.name, "missing", "a text is needed"))
        return None
    if len(text) > f.max_chars:
        errors.append(_too_long(f, text))
        return None
    return text


def _music_value(
    f: TemplateField, value: FieldValue | None, errors: list[dict[str, Any]]
) -> str | MediaRef | None:
    if value is None:
        if isinstance(f.default, str):
            return f.default
        if f.required:
            errors.append(_err(f.name, "missing", "choose a music style or a song"))
        return None
    if isinstance(value, MediaRef):
        if value.kind != "audio":
            errors.append(_err(f.name, "type", f"{value.name or value.id} is not a song"))
            return None
        return value
    if isinstance(value, str):
        style = "none" if value.strip().lower() in {"none", "nessuna", "无"} else find_style(value)
        if style is None:
            errors.append(_err(f.name, "type", f"no music style is called {value!r}"))
        return style
    errors.append(_err(f.name, "type", "must be a music style or a song"))
    return None


def _slot_value(
    f: TemplateField, value: FieldValue | None, errors: list[dict[str, Any]]
) -> list[MediaRef]:
    if value is None:
        items: list[MediaRef] = []
    elif isinstance(value, MediaRef):
        items = [value]
    elif isinstance(value, str) or not all(isinstance(v, MediaRef) for v in value):
        errors.append(_err(f.name, "type", "must be photos or clips"))
        return []
    else:
        items = list(value)
    wanted = ("clip",) if f.kind == "clip" else ("photo", "clip")
    wrong = [m.name or m.id for m in items if m.kind not in wanted]
    if wrong:
        what = "a clip" if f.kind == "clip" else "a photo or a clip"
        errors.append(_err(f.name, "type", f"{', '.join(wrong)}: not {what}"))
    elif len(items) < f.min_count and (items or f.required):
        errors.append(_err(f.name, "too_few", f"{len(items)} given, at least {f.min_count}"))
    elif len(items) > f.max_count:
        errors.append(_err(f.name, "too_many", f"{len(items)} given, at most {f.max_count}"))
    return items


def _slot_of(seg: VideoSegment) -> str | None:
    match = FIELD_RE.fullmatch(seg.m.src)
    return match.group(1) if match else None


def _fill_slots(draft: Draft, slots: Mapping[str, list[MediaRef]]) -> Draft:
    tracks: list[Track] = []
    for track in draft.t:
        if isinstance(track, VideoTrack):
            track = _filled_video(track, slots, draft.c.ar, draft.c.fps, draft.fit)
        tracks.append(track)
    return draft.model_copy(update={"t": tracks})


def _filled_video(
    track: VideoTrack, slots: Mapping[str, list[MediaRef]], aspect: str, fps: int, fit: str
) -> VideoTrack:
    out: list[VideoSegment] = []
    pattern_tr = None
    filled: set[str] = set()
    for seg in track.sg:
        name = _slot_of(seg)
        if name is None:
            out.append(seg)
            continue
        if seg.m.tr is not None and pattern_tr is None:
            pattern_tr = seg.m.tr
        if name in filled:
            continue  # a slot drawn over several segments (to show its pace) fills once
        filled.add(name)
        for item in slots.get(name, []):
            out.append(_segment_for(item, seg, len(out), aspect, fps, fit))
    if pattern_tr is None:
        pattern_tr = next((s.m.tr for s in track.sg[1:] if s.m.tr is not None), None)
    if pattern_tr is not None:
        out = with_transitions(out, pattern_tr.k, pattern_tr.d)
    return track.model_copy(update={"sg": out})


def _segment_for(
    item: MediaRef, pattern: VideoSegment, index: int, aspect: str, fps: int, fit: str
) -> VideoSegment:
    if item.kind == "clip":
        d = min(item.duration_ms or pattern.d, MAX_CLIP_MS)
        meta = VideoMeta(src=item.id, kind="clip", name=item.name or None)
        return VideoSegment(d=max(d, 100), m=meta)
    own_fit = fit_for(item, aspect, pattern.m.fit or fit)
    kb = ken_burns_for(
        index,
        item,
        aspect,
        intensity=intensity_of(pattern.m.kb),
        seconds=pattern.d / 1000,
        fps=fps,
        fit=own_fit,
    )
    subj = [s.to_dict() for s in item.subjects]
    meta = VideoMeta.model_validate(
        {
            "src": item.id,
            "kind": "photo",
            "kb": kb.model_dump(),
            "fit": own_fit if own_fit != fit else None,
            "subj": subj or None,
            "name": item.name or None,
            "cap": pattern.m.cap.model_dump() if pattern.m.cap is not None else None,
        }
    )
    return VideoSegment(d=pattern.d, m=meta)


def _fill_music(draft: Draft, music: str | MediaRef | None, template: Template) -> Draft:
    total = draft.video_duration_ms()
    music_fields = {f.name for f in template.fields if f.kind == "music"}
    tracks: list[Track] = []
    for track in draft.t:
        if isinstance(track, AudioTrack):
            segs: list[AudioSegment] = []
            for seg in track.sg:
                match = FIELD_RE.fullmatch(seg.m.src)
                if match and match.group(1) in music_fields:
                    if music is None or music == "none":
                        continue
                    seg = _music_segment(seg, music)
                segs.append(_stretched(seg, total))
            if not segs:
                continue
            track = track.model_copy(update={"sg": segs})
        tracks.append(track)
    return draft.model_copy(update={"t": tracks})


def _music_segment(seg: AudioSegment, music: str | MediaRef) -> AudioSegment:
    if isinstance(music, MediaRef):
        update: dict[str, Any] = {"src": music.id, "bpm": music.bpm, "beat_at": music.beat_at}
    else:
        update = {"src": f"music:{music}", "bpm": None, "beat_at": None}
    return seg.model_copy(update={"m": seg.m.model_copy(update=update)})


def _stretched(seg: AudioSegment, total: int) -> AudioSegment:
    # Music under the whole template video stays under the whole merged one.
    fo = min(seg.m.fo, total // 3)
    return seg.model_copy(
        update={"d": max(total - seg.m.at, 100), "m": seg.m.model_copy(update={"fo": fo})}
    )


def _fill_texts(draft: Draft, texts: Mapping[str, str], old_total: int) -> Draft:
    total = draft.video_duration_ms()

    def fill(text: str) -> str:
        return " ".join(FIELD_RE.sub(lambda m: texts.get(m.group(1), ""), text).split()).strip(
            " ,·"
        )

    tracks: list[Track] = []
    for track in draft.t:
        if isinstance(track, TextTrack):
            segs: list[TextSegment] = []
            opening_end = 0  # where the texts kept from the start stop showing
            for seg in track.sg:
                text = fill(seg.m.text)
                if not text:
                    continue  # an optional field left empty takes its text away
                at = seg.m.at
                if old_total and at * 2 >= old_total:
                    # An end card keeps its distance to the end, but never covers the opening's
                    # texts: in a very short video it shortens, and goes when too short to read.
                    at = max(total - (old_total - at), opening_end)
                    if total - at < _SHORTEST_CARD_MS:
                        continue
                else:
                    opening_end = max(opening_end, at + min(seg.d, total - at))
                d = min(seg.d, max(total - at, 100))
                segs.append(
                    seg.model_copy(
                        update={"d": d, "m": seg.m.model_copy(update={"text": text, "at": at})}
                    )
                )
            if segs:
                tracks.append(track.model_copy(update={"sg": segs}))
            continue
        if isinstance(track, VideoTrack):
            track = _filled_captions(track, fill)
        tracks.append(track)
    return draft.model_copy(update={"t": tracks})


def _filled_captions(track: VideoTrack, fill: Callable[[str], str]) -> VideoTrack:
    segs: list[VideoSegment] = []
    for seg in track.sg:
        cap = seg.m.cap
        if cap is not None:
            text = fill(cap.text)
            new_cap = cap.model_copy(update={"text": text}) if text else None
            seg = seg.model_copy(update={"m": seg.m.model_copy(update={"cap": new_cap})})
        segs.append(seg)
    return track.model_copy(update={"sg": segs})


def parse_template(data: Any) -> Template:
    """Validate a template (a dict or JSON text); every bad part is reported with its path."""
    try:
        if isinstance(data, (str, bytes, bytearray)):
            return Template.model_validate_json(data)
        return Template.model_validate(data)
    except ValidationError as exc:
        errors = [
            {"loc": ".".join(str(p) for p in e["loc"]), "msg": e["msg"], "type": e["type"]}
            for e in exc.errors(include_url=False)
        ]
        lines = "; ".join(f"{e['loc'] or '(template)'}: {e['msg']}" for e in errors[:10])
        raise InvalidTemplateError(f"The template is not valid: {lines}", errors) from None


# -- saving a draft as a template ------------------------------------------------


def template_from_draft(
    draft: Draft,
    *,
    template_id: str,
    name: str,
    texts: Mapping[str, str],
    photos: str = "foto",
    music: str = "musica",
) -> Template:
    """A template made of any draft ("salva come modello"), with the fields the user chose.

    `texts` maps each text of the draft that becomes a field (a title, a caption)
    to the field's name; its text now is the field's default. The main video's
    photos and clips become the slot `photos` (its first photo's length, motion and
    transition give the pace); built-in music becomes `music` (its style the
    default). Chapter cards, which belong to the photos they name, are left out.
    """
    found: set[str] = set()

    def field_text(text: str) -> str:
        if text in texts:
            found.add(text)
            return "{{" + texts[text] + "}}"
        return text

    tracks: list[dict[str, Any]] = []
    style: str | None = None
    slot_added = False
    for track in draft.t:
        data = track.model_dump(mode="json", exclude_none=True)
        if isinstance(track, VideoTrack) and not slot_added:
            pattern = [s for s in data["sg"] if s["m"].get("kind", "photo") == "photo"][:4]
            pattern = pattern or data["sg"][:1]
            data["sg"] = [
                {
                    "d": s["d"],
                    "m": {
                        "src": "{{" + photos + "}}",
                        "kb": s["m"].get("kb"),
                        "tr": s["m"].get("tr"),
                    },
                }
                for s in pattern
            ]
            slot_added = bool(pattern)
        elif isinstance(track, AudioTrack):
            for seg in data["sg"]:
                if style is None and seg["m"]["src"].startswith("music:"):
                    style = seg["m"]["src"].removeprefix("music:")
                    seg["m"]["src"] = "{{" + music + "}}"
        elif isinstance(track, TextTrack):
            data["sg"] = [s for s in data["sg"] if not s["m"].get("chapter")]
            for seg in data["sg"]:
                seg["m"]["text"] = field_text(seg["m"]["text"])
            if not data["sg"]:
                continue
        tracks.append(data)
    missing = sorted(set(texts) - found)
    errors = [_err(texts[t], "missing", f"the draft has no text {t!r}") for t in missing]
    if not slot_added:
        errors.append(_err(photos, "missing", "the draft has no photo or clip"))
    if errors:
        raise InvalidTemplateError(
            "Cannot save this draft as a template: " + " ".join(e["msg"] + "." for e in errors),
            errors,
        )
    label = Words(it=name, en=name, zh=name)
    fields = [
        TemplateField(
            name=field,
            label=Words(it=field, en=field, zh=field),
            required=False,
            default=text,
            max_chars=max(60, len(text)),
        )
        for text, field in texts.items()
    ]
    fields.append(
        TemplateField(
            name=photos,
            kind="photos",
            label=Words(it="Foto e video", en="Photos and clips", zh="照片和视频"),
            max_count=200,
        )
    )
    if style is not None:
        fields.append(
            TemplateField(
                name=music,
                kind="music",
                label=Words(it="Musica", en="Music", zh="音乐"),
                required=False,
                default=style,
            )
        )
    body = draft.to_dict()
    body["t"] = tracks
    body.pop("story", None)
    return parse_template(
        {
            "id": template_id,
            "name": label.model_dump(),
            "fields": [f.model_dump(mode="json", exclude_none=True) for f in fields],
            "draft": body,
        }
    )
