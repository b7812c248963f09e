"""Edit operations: typed, validated changes to a draft, and their registry.

Each operation is a pydantic model named by its `op` field, with
`describe(lang)` (one line in it/en/zh) and `apply(draft, media)` returning a
new valid draft or raising `InvalidDraftError`. Positions are 1-based, as
people count. `parse_op` validates a dict (an LLM's tool call, a request body)
into an operation; `op_json_schemas` gives one tool definition per operation.

Operations with `changes_draft = False` are read by the caller instead:
`SetOutput` and `ExportRequest` (output settings), `Undo` and `Redo` (the
session's history).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import Field, TypeAdapter, ValidationError

from diapo.draft.ops_audio import (
    SetClipVolume,
    SetDucking,
    SetMusic,
    SetMusicFades,
    SetMusicVolume,
    TrimClip,
)
from diapo.draft.ops_base import MUSIC_STYLES, Op, OpError, say
from diapo.draft.ops_cull import KeepBest, RemoveBlurred, RemoveDuplicates, SetBeatSync
from diapo.draft.ops_ending import SetEnding
from diapo.draft.ops_look import VARIED_TRANSITIONS, SetAspect, SetFit, SetKenBurns, SetTransition
from diapo.draft.ops_order import (
    MovePhoto,
    RemovePhoto,
    RestorePhoto,
    ReverseOrder,
    ShufflePhotos,
    SortPhotos,
    SwapPhotos,
)
from diapo.draft.ops_preset import SetPreset, TrimToDuration
from diapo.draft.ops_session import (
    OUTPUT_FORMATS,
    STYLES,
    ApplyStyle,
    ExportRequest,
    MakeSlideshow,
    Redo,
    SetOutput,
    Undo,
)
from diapo.draft.ops_story import SetStory, UseSuggestedTitle
from diapo.draft.ops_template import UseTemplate
from diapo.draft.ops_text import AddTitle, EditText, RemoveCaption, RemoveText, SetCaption
from diapo.draft.ops_timing import SetDuration, SetPace, SetTotalLength

__all__ = [
    "MUSIC_STYLES",
    "OPS",
    "OUTPUT_FORMATS",
    "STYLES",
    "VARIED_TRANSITIONS",
    "AddTitle",
    "AnyOp",
    "ApplyStyle",
    "EditText",
    "ExportRequest",
    "KeepBest",
    "MakeSlideshow",
    "MovePhoto",
    "Op",
    "OpError",
    "Redo",
    "RemoveBlurred",
    "RemoveCaption",
    "RemoveDuplicates",
    "RemovePhoto",
    "RemoveText",
    "RestorePhoto",
    "ReverseOrder",
    "SetAspect",
    "SetBeatSync",
    "SetCaption",
    "SetClipVolume",
    "SetDucking",
    "SetDuration",
    "SetEnding",
    "SetFit",
    "SetKenBurns",
    "SetMusic",
    "SetMusicFades",
    "SetMusicVolume",
    "SetOutput",
    "SetPace",
    "SetPreset",
    "SetStory",
    "SetTotalLength",
    "SetTransition",
    "ShufflePhotos",
    "SortPhotos",
    "SwapPhotos",
    "TrimClip",
    "TrimToDuration",
    "Undo",
    "UseSuggestedTitle",
    "UseTemplate",
    "op_json_schemas",
    "parse_op",
    "say",
]

AnyOp = Annotated[
    MakeSlideshow
    | MovePhoto
    | SwapPhotos
    | ReverseOrder
    | SortPhotos
    | ShufflePhotos
    | RemovePhoto
    | RestorePhoto
    | KeepBest
    | RemoveBlurred
    | RemoveDuplicates
    | SetBeatSync
    | SetDuration
    | SetTotalLength
    | SetPace
    | SetTransition
    | SetKenBurns
    | SetAspect
    | SetFit
    | SetEnding
    | AddTitle
    | EditText
    | RemoveText
    | SetCaption
    | RemoveCaption
    | SetStory
    | UseSuggestedTitle
    | SetMusic
    | SetMusicVolume
    | SetMusicFades
    | SetDucking
    | TrimClip
    | SetClipVolume
    | ApplyStyle
    | SetPreset
    | TrimToDuration
    | SetOutput
    | ExportRequest
    | UseTemplate
    | Undo
    | Redo,
    Field(discriminator="op"),
]

_ADAPTER: TypeAdapter[AnyOp] = TypeAdapter(AnyOp)

OPS: dict[str, type[Op]] = {
    cls.model_fields["op"].default: cls
    for cls in (
        MakeSlideshow, MovePhoto, SwapPhotos, ReverseOrder, SortPhotos, ShufflePhotos,
        RemovePhoto, RestorePhoto, KeepBest, RemoveBlurred, RemoveDuplicates, SetBeatSync,
        SetDuration, SetTotalLength, SetPace, SetTransition,
        SetKenBurns, SetAspect, SetFit, AddTitle, EditText, RemoveText, SetCaption,
        RemoveCaption, SetMusic, SetMusicVolume, SetMusicFades, SetDucking, TrimClip,
        SetClipVolume, SetStory, UseSuggestedTitle, ApplyStyle, SetOutput, ExportRequest, Undo,
        Redo,
        SetPreset, TrimToDuration,  # platform presets
        SetEnding,
        UseTemplate,
    )
}  # fmt: skip


def parse_op(data: Mapping[str, Any]) -> Op:
    """Validate a dict such as `{"op": "set_pace", "factor": 1.3}` into an operation."""
    name = data.get("op") if isinstance(data, Mapping) else None
    if name not in OPS:
        raise OpError(
            en=f"Unknown operation {name!r}.",
            it=f"Operazione sconosciuta {name!r}.",
            zh=f"未知操作 {name!r}。",
            loc="op",
        )
    try:
        op: Op = _ADAPTER.validate_python(dict(data))
    except ValidationError as exc:
        errors = [
            {
                "loc": ".".join(str(p) for p in err["loc"][1:]) or "op",
                "msg": err["msg"],
                "type": err["type"],
            }
            for err in exc.errors(include_url=False)
        ]
        lines = "; ".join(f"{e['loc']}: {e['msg']}" for e in errors[:5])
        raise OpError(
            en=f"Invalid {name}: {lines}",
            it=f"{name} non valida: {lines}",
            zh=f"{name} 参数无效：{lines}",
            loc=errors[0]["loc"] if errors else "op",
        ) from None
    return op


def op_json_schemas() -> list[dict[str, Any]]:
    """One function definition per operation (OpenAI `tools` shape, without the wrapper)."""
    out = []
    for name, cls in OPS.items():
        schema = cls.model_json_schema()
        props = {k: v for k, v in schema.get("properties", {}).items() if k != "op"}
        params: dict[str, Any] = {"type": "object", "properties": props}
        required = [r for r in schema.get("required", []) if r != "op"]
        if required:
            params["required"] = required
        if "$defs" in schema:
            params["$defs"] = schema["$defs"]
        params["additionalProperties"] = False
        doc = " ".join((cls.__doc__ or name).split())
        out.append({"name": name, "description": doc, "parameters": params})
    return out
