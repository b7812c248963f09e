"""`diapo templates` and `diapo render --template`: the built-in occasions, filled in and rendered.

`--set name=value` fills a text field (or the music: a style or a song file);
the photos and clips named on the command line fill the `{{foto}}` slot.
`--batch FILE` renders one video per value set: a CSV whose header names the
fields, or a JSON list of objects. A value set may name its own photos (a
`foto` column: a folder, a file, or several separated by `;`); the others use
the photos given on the command line. The output path may name fields
(`-o "auguri-{nome}.mp4"`); without any, each video is numbered.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from diapo.cli.inputs import Collected
from diapo.draft import Draft, MediaRef
from diapo.draft.occasions import BUILTIN_TEMPLATES, OCCASIONS, builtin_template
from diapo.draft.templates import FieldValue, Template, merge
from diapo.draft.vocabulary import Language
from diapo.errors import DiapoError

__all__ = [
    "ValueSet",
    "batch_outputs",
    "draft_from_template",
    "find_template",
    "parse_sets",
    "read_batch",
    "template_drafts",
    "templates",
]

_out = Console(stderr=True)
_MAX_BATCH = 500
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def templates(
    lang: Annotated[Language, typer.Option("--lang", help="Language of the names.")] = "it",
    as_json: Annotated[bool, typer.Option("--json", help="Print the templates as JSON.")] = False,
) -> None:
    """List the built-in templates and the fields each one asks for."""
    if as_json:
        typer.echo(
            json.dumps(
                [t.model_dump(mode="json", exclude_none=True) for t in BUILTIN_TEMPLATES.values()],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    table = Table("template", "name", "music", "seconds a photo", "fields")
    for o in OCCASIONS:
        t = BUILTIN_TEMPLATES[o.id]
        fields = ", ".join(f.name + ("" if f.required else "?") for f in t.fields)
        table.add_row(o.id, o.name.get(lang), o.music, f"{o.seconds:g}", fields)
    Console().print(table)


@dataclass(frozen=True, slots=True)
class ValueSet:
    """One video's values: field name -> text, and the photos of its own (if any)."""

    values: dict[str, str]
    photos: tuple[Path, ...] = ()


def parse_sets(pairs: Sequence[str]) -> dict[str, str]:
    """`--set name=value` pairs as a mapping; a pair without `=` is an error naming it."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise DiapoError(f"--set {pair!r}: write it as name=value, e.g. --set nome=Maria.")
        values[name.strip()] = value
    return values


def read_batch(path: Path) -> list[ValueSet]:
    """The value sets of a batch file (CSV with a header, or a JSON list of objects)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise DiapoError(f"Cannot read the batch file {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise DiapoError(f"{path} is not text: a batch is a CSV or JSON file.") from None
    rows: list[dict[str, str]]
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DiapoError(f"{path} is not valid JSON (line {exc.lineno}).") from None
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise DiapoError(f"{path}: a JSON batch is a list of objects, one a video.")
        rows = [{str(k): str(v) for k, v in r.items() if v is not None} for r in data]
    else:
        reader = csv.DictReader(text.splitlines())
        if not reader.fieldnames:
            raise DiapoError(f"{path}: a CSV batch needs a header line naming the fields.")
        rows = [{k.strip(): (v or "").strip() for k, v in r.items() if k} for r in reader]
    if not rows:
        raise DiapoError(f"{path} holds no value set: nothing to render.")
    if len(rows) > _MAX_BATCH:
        raise DiapoError(f"{path} holds {len(rows)} value sets; at most {_MAX_BATCH} a batch.")
    sets: list[ValueSet] = []
    for row in rows:
        photos = tuple(
            (path.parent / p.strip()).expanduser()
            for p in row.pop("foto", "").split(";")
            if p.strip()
        )
        sets.append(ValueSet({k: v for k, v in row.items() if v != ""}, photos))
    return sets


def batch_outputs(output: Path, sets: Sequence[ValueSet], template: str) -> list[Path]:
    """One distinct output path a value set: fields named in `output`, else numbered."""
    paths: list[Path] = []
    for n, vs in enumerate(sets, start=1):
        if _PLACEHOLDER.search(output.name):
            path = output.with_name(_named(output.name, vs.values))
        else:
            path = output.with_name(f"{output.stem}-{n:03d}{output.suffix}")
        paths.append(path)
    seen: dict[Path, int] = {}
    for i, path in enumerate(paths):
        if path in seen:
            raise DiapoError(
                f"Value sets {seen[path] + 1} and {i + 1} of the {template} batch would both be "
                f"written to {path.name}: name a field that differs in -o, or leave fields out."
            )
        seen[path] = i
    return paths


def _named(pattern: str, values: Mapping[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: _safe(values.get(m.group(1), "")), pattern)


def _safe(value: str) -> str:
    cleaned = re.sub(r"[^\w.-]+", "-", value, flags=re.UNICODE).strip("-.")
    return cleaned[:60] or "video"


def find_template(name: str) -> Template:
    """A built-in template by id or name, or an error listing them."""
    found = builtin_template(name)
    if found is None:
        raise DiapoError(
            f"No template is called {name!r}; the built-in ones are: "
            + ", ".join(BUILTIN_TEMPLATES)
            + " (diapo templates lists them)."
        )
    return found


def draft_from_template(
    template: Template,
    media: Sequence[MediaRef],
    values: Mapping[str, str],
    *,
    lang: Language,
    aspect: str | None = None,
) -> Draft:
    """The draft of `template` with these photos and values (music: a style or a song file)."""
    from diapo.cli.inputs import media_ref

    merged: dict[str, FieldValue] = dict(values)
    slot = next((f.name for f in template.fields if f.kind in ("photos", "clip")), None)
    visual = [m for m in media if m.kind in ("photo", "clip")]
    songs = [m for m in media if m.kind == "audio"]
    if slot is not None and slot not in merged:
        merged[slot] = visual
    music = next((f.name for f in template.fields if f.kind == "music"), None)
    if music is not None:
        asked = merged.get(music)
        if isinstance(asked, str) and asked and Path(asked).expanduser().is_file():
            merged[music] = media_ref(Path(asked).expanduser())
        elif asked is None and songs:
            merged[music] = songs[0]
    return merge(template, merged, lang=lang, aspect=aspect)


def template_drafts(
    name: str | None,
    inputs: Sequence[Path],
    pairs: Sequence[str],
    batch: Path | None,
    output: Path,
    *,
    lang: Language,
    aspect: str | None,
    order: str,
) -> Iterator[tuple[Draft, Path]]:
    """Each video `diapo render --template` makes: its draft and where it goes.

    One video for `--set` values, or one a value set of `--batch` (the `--set`
    values apply to every set, the set's own win). Each is made just before it is
    rendered, so a long batch starts at once and a bad set stops only itself.
    """
    from diapo.cli.inputs import collect_media

    if name is None:
        raise DiapoError("--set and --batch fill a template's fields: name it with --template.")
    template = find_template(name)
    common = parse_sets(pairs)
    sets = read_batch(batch) if batch is not None else [ValueSet({})]
    outputs = batch_outputs(output, sets, template.id) if batch is not None else [output]
    shared: list[MediaRef] | None = None
    for vs, out in zip(sets, outputs, strict=True):
        if vs.photos:
            media = _collected(collect_media(list(vs.photos), order=order))
        else:
            if shared is None:
                if not inputs:
                    raise DiapoError(
                        f"The {template.id} template needs photos: name them or a folder."
                    )
                shared = _collected(collect_media(list(inputs), order=order))
            media = shared
        yield (
            draft_from_template(template, media, {**common, **vs.values}, lang=lang, aspect=aspect),
            out,
        )


def _collected(collected: Collected) -> list[MediaRef]:
    for message in collected.skipped:
        _out.print(f"[yellow]Skipped:[/yellow] {escape(message)}")
    return collected.media
