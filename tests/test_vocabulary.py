"""Every layer speaks the draft layer's one vocabulary, and no layer keeps a copy of its own."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Annotated, Any, Literal, get_args, get_origin, get_type_hints

import pytest
from tests.test_architecture import ALLOWED
from typer.testing import CliRunner

import diapo
from diapo.draft import vocabulary as v

SRC = Path(diapo.__file__).resolve().parent


def _enum(schema: dict[str, Any], *path: str) -> list[str]:
    """The allowed values of a field in a pydantic JSON schema (following $ref and anyOf)."""
    node: Any = schema
    for key in path:
        node = node["properties"][key]
        node = _resolve(schema, node)
    return sorted(_values(schema, node))


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _values(schema: dict[str, Any], node: dict[str, Any]) -> set[str]:
    node = _resolve(schema, node)
    if "enum" in node:
        return {x for x in node["enum"] if x is not None}
    if "const" in node:
        return {node["const"]}
    found: set[str] = set()
    for option in node.get("anyOf", []):
        found |= _values(schema, option)
    return found


def test_service_schemas_accept_exactly_the_vocabulary() -> None:
    from diapo.service.schemas import OutputSpec, SessionCreate

    out = OutputSpec.model_json_schema()
    assert _enum(out, "format") == sorted(v.OUTPUT_FORMATS)
    assert _enum(out, "resolution") == sorted(v.RESOLUTIONS)
    assert _enum(SessionCreate.model_json_schema(), "language") == sorted(v.LANGUAGES)


def test_edit_operations_offer_exactly_the_vocabulary() -> None:
    from diapo.draft.ops import SetAspect, SetOutput

    out = SetOutput.model_json_schema()
    assert _enum(out, "format") == sorted(v.OUTPUT_FORMATS)
    assert _enum(out, "resolution") == sorted(v.RESOLUTIONS)
    assert _enum(SetAspect.model_json_schema(), "aspect") == sorted(v.ASPECTS)


def test_the_draft_canvas_accepts_exactly_the_vocabulary() -> None:
    from diapo.draft import Draft, canvas_for

    schema = Draft.model_json_schema()
    canvas = schema["$defs"]["Canvas"]
    assert sorted(_values(schema, canvas["properties"]["ar"])) == sorted(v.ASPECTS)
    for aspect, (w, h) in v.CANVAS_SIZES.items():
        c = canvas_for(aspect, long_side=max(w, h))
        assert (c.w, c.h) == (w, h)


def test_pricing_knows_every_output_format() -> None:
    from diapo.service.pricing import export_cost
    from diapo.service.settings import Settings

    settings = Settings(data_dir=Path("unused"), secret_key="x" * 40)
    for fmt in v.OUTPUT_FORMATS:
        for resolution in v.RESOLUTIONS:
            assert export_cost(
                settings=settings, duration_ms=30_000, resolution=resolution, fmt=fmt
            )
    assert set(v.PREVIEW_FORMATS) <= set(v.VIDEO_FORMATS)
    assert set(v.PREVIEW_RESOLUTIONS) <= set(v.RESOLUTIONS)


def test_the_renderer_writes_every_format_and_draws_every_transition() -> None:
    from diapo.render import OUTPUT_FORMATS
    from diapo.render.encode import CONTAINERS

    assert OUTPUT_FORMATS == v.OUTPUT_FORMATS
    assert v.OUTPUT_FORMATS == v.VIDEO_FORMATS + v.STILL_FORMATS + v.AUDIO_FORMATS
    assert set(v.VIDEO_FORMATS) - {"gif"} <= set(CONTAINERS)


def test_every_style_alias_means_one_style_in_the_music_layer() -> None:
    from diapo.music import STYLE_INFO, resolve_style

    assert tuple(STYLE_INFO) == v.MUSIC_STYLES
    assert v.DEFAULT_STYLE in v.MUSIC_STYLES
    for alias, style in v.STYLE_ALIASES.items():
        assert style in v.MUSIC_STYLES, alias
        assert resolve_style(alias) == style, alias
        assert v.normalise_name(alias) == alias, f"alias {alias!r} is not in folded form"
    assert resolve_style("Romántica") == "serenata"
    assert resolve_style("music:festa") == "festa"


def _cli_choices(command: Any) -> dict[str, list[str]]:
    """The values each option of a Typer command accepts, from its `Literal` annotations."""
    found: dict[str, list[str]] = {}
    for name, hint in get_type_hints(command, include_extras=True).items():
        base = get_args(hint)[0] if get_origin(hint) is Annotated else hint
        # An option that may be left out (`Aspect | None`) offers its Literal's values.
        present = [a for a in get_args(base) if a is not type(None)]
        if get_origin(base) is not Literal and len(present) == 1:
            base = present[0]
        if get_origin(base) is Literal:
            found[name] = sorted(str(x) for x in get_args(base))
    return found


def test_cli_options_offer_exactly_the_vocabulary() -> None:
    from diapo.cli.demo_cmd import demo
    from diapo.cli.main import app
    from diapo.cli.render_cmd import render

    assert render in [c.callback for c in app.registered_commands]
    choices = _cli_choices(render)
    assert choices["aspect"] == sorted(v.ASPECTS)
    assert choices["resolution"] == sorted(v.RESOLUTIONS)
    assert choices["quality"] == sorted(v.QUALITIES)
    assert choices["fit"] == sorted(v.FITS)
    assert choices["transition"] == sorted(v.TRANSITION_NAMES)
    choices = _cli_choices(demo)
    assert choices["aspect"] == sorted(v.ASPECTS)
    assert choices["resolution"] == sorted(v.RESOLUTIONS)
    # The choices are enforced: a name outside the vocabulary is refused before any work.
    result = CliRunner().invoke(app, ["render", "x.jpg", "--resolution", "2160p"])
    assert result.exit_code != 0
    assert "2160p" in result.output


def test_the_page_reads_the_vocabulary_from_the_service(tmp_path: Path) -> None:
    import asyncio

    import httpx

    from diapo.service import create_app, load_settings

    app = create_app(load_settings(data_dir=tmp_path, workers=0))

    async def fetch() -> httpx.Response:
        # The route is public and stateless, so the app's lifespan need not run.
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://diapo") as client:
            return await client.get("/api/vocabulary")

    answer = asyncio.run(fetch())
    assert answer.status_code == 200
    data = answer.json()["data"]
    expected = v.vocabulary_json()
    for key, value in expected.items():
        assert data[key] == value, key
    assert sorted(data["music_titles"]) == sorted(v.MUSIC_STYLES)

    # The page's own files hold no copy of the lists it now reads.
    static = SRC / "web" / "static"
    html = (static / "index.html").read_text(encoding="utf-8")
    for words in (v.OUTPUT_FORMATS, v.RESOLUTIONS):
        assert not re.search('<option value="(?:{})"'.format("|".join(words)), html)
    assert '<div class="segmented" id="aspect-buttons"></div>' in html
    for script in (static / "js").glob("*.js"):
        text = script.read_text(encoding="utf-8")
        assert not all(f'"{style}"' in text for style in v.MUSIC_STYLES), script.name


# Lists of vocabulary words typed as literals anywhere but the vocabulary module.
_WORD_SETS = {
    "formats": set(v.OUTPUT_FORMATS),
    "resolutions": set(v.RESOLUTIONS) | {"2160p"},
    "aspects": set(v.ASPECTS),
    "languages": set(v.LANGUAGES),
    "styles": set(v.MUSIC_STYLES),
    "transitions": set(v.TRANSITION_NAMES),
    "fits": set(v.FITS),
    "qualities": set(v.QUALITIES),
}


def _literal_collections(tree: ast.AST) -> list[tuple[int, set[str]]]:
    found = []
    exported = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(getattr(t, "id", "") == "__all__" for t in node.targets)
    }
    for node in ast.walk(tree):
        if id(node) in exported:  # names of functions, not a list of vocabulary words
            continue
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            items = node.elts
        elif isinstance(node, ast.Subscript) and getattr(node.value, "id", "") == "Literal":
            items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        else:
            continue
        words = {e.value for e in items if isinstance(e, ast.Constant) and isinstance(e.value, str)}
        if len(words) >= 2:
            found.append((node.lineno, words))
    return found


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_keeps_its_own_copy_of_a_vocabulary_list(path: Path) -> None:
    if path == SRC / "draft" / "vocabulary.py":
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for line, words in _literal_collections(tree):
        for name, vocab in _WORD_SETS.items():
            # A chosen few (the varied-transition cycle, the media a reference may name) is
            # fine; all or all but one of a vocabulary list is a copy that will drift.
            overlap = words & vocab
            assert len(overlap) < max(3, len(vocab) - 1), (
                f"{path.relative_to(SRC)}:{line} types {name} {sorted(overlap)}; "
                "import them from diapo.draft.vocabulary"
            )
            # A short list (the fits, the qualities) is a copy when it is all there, e.g.
            # `fit not in ("cover", "contain")`; layers below the draft may not import it.
            if _layer(path) not in _BELOW_THE_VOCABULARY:
                assert not vocab <= words, (
                    f"{path.relative_to(SRC)}:{line} types all the {name}; "
                    "import them from diapo.draft.vocabulary"
                )


# Layers the architecture keeps from importing the draft layer, so from the vocabulary.
_BELOW_THE_VOCABULARY = {layer for layer, deps in ALLOWED.items() if "draft" not in deps} - {
    "draft"
}

# The defaults a caller gets when it names nothing, each typed once in the vocabulary.
_DEFAULTS = {
    v.DEFAULT_ASPECT: "DEFAULT_ASPECT",
    v.DEFAULT_FIT: "DEFAULT_FIT",
    v.DEFAULT_STYLE: "DEFAULT_STYLE",
    v.DEFAULT_TRANSITION: "DEFAULT_TRANSITION",
}


def _layer(path: Path) -> str:
    return path.relative_to(SRC).parts[0].removesuffix(".py")


def _literal_defaults(tree: ast.AST) -> list[tuple[int, str]]:
    """Vocabulary defaults typed as literals where they serve as defaults: a parameter's
    default, a field's or an assignment's value, `Field("…")`/`default="…"`, the fallback
    of `x or "…"`, of `x if … else "…"` (a choice between two literals is no fallback),
    and of `mapping.get(key, "…")`."""
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.arguments):
            found += [d for d in [*node.defaults, *node.kw_defaults] if d is not None]
        elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            found.append(node.value)
        elif isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            found.append(node.values[-1])
        elif isinstance(node, ast.IfExp):
            for this, other in ((node.body, node.orelse), (node.orelse, node.body)):
                if not isinstance(other, ast.Constant):
                    found.append(this)
        elif isinstance(node, ast.Call):
            callee = node.func
            name = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")
            if name == "Field" and node.args:
                found.append(node.args[0])
            if name == "get" and len(node.args) == 2:
                found.append(node.args[1])
            found += [k.value for k in node.keywords if k.arg == "default"]
    return sorted(
        (n.lineno, n.value)
        for n in found
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value in _DEFAULTS
    )


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_types_a_vocabulary_default_of_its_own(path: Path) -> None:
    if path == SRC / "draft" / "vocabulary.py" or _layer(path) in _BELOW_THE_VOCABULARY:
        return
    for line, value in _literal_defaults(ast.parse(path.read_text(encoding="utf-8"))):
        raise AssertionError(
            f"{path.relative_to(SRC)}:{line} types the default {value!r}; "
            f"use {_DEFAULTS[value]} from diapo.draft.vocabulary"
        )


def test_the_defaults_are_vocabulary_words() -> None:
    assert v.DEFAULT_ASPECT in v.ASPECTS and v.DEFAULT_FIT in v.FITS
    assert v.DEFAULT_STYLE in v.MUSIC_STYLES and v.DEFAULT_TRANSITION in v.TRANSITION_NAMES
    from diapo.draft import Draft, Transition

    draft = Draft()
    assert (draft.c.ar, draft.fit, Transition().k) == (
        v.DEFAULT_ASPECT,
        v.DEFAULT_FIT,
        v.DEFAULT_TRANSITION,
    )


def test_the_page_speaks_exactly_the_vocabulary_languages() -> None:
    # i18n.js takes its languages from its own text's keys; no script lists them again.
    static = SRC / "web" / "static" / "js"
    i18n = (static / "i18n.js").read_text(encoding="utf-8")
    text = i18n[i18n.index("const TEXT = {") : i18n.index("\n};\n", i18n.index("const TEXT = {"))]
    assert re.findall(r"^  (\w+): \{$", text, re.MULTILINE) == list(v.LANGUAGES)
    assert "export const LANGS = Object.keys(TEXT);" in i18n
    listed = re.compile(
        r"\[\s*"
        + r"\s*,\s*".join(r'"(?:{})"'.format("|".join(v.LANGUAGES)) for _ in v.LANGUAGES)
        + r"\s*\]"
    )
    for script in static.glob("*.js"):
        assert not listed.search(script.read_text(encoding="utf-8")), script.name


def _chat_ops(text: str, lang: str) -> list[dict[str, Any]]:
    from diapo.chat import run_turn
    from diapo.draft.media import MediaRef
    from diapo.draft.ops import MakeSlideshow

    media = [
        MediaRef(id=f"m{i}", kind="photo", width=4000, height=3000, name=f"IMG_{i}.jpg")
        for i in range(4)
    ]
    draft = MakeSlideshow().apply(None, media)
    return [
        op.model_dump(exclude_none=True)
        for op in run_turn(text, draft=draft, media=media, lang=lang).ops
    ]


_SAY_TRANSITION = {"it": "Transizioni: {}", "en": "Transitions: {}", "zh": "转场：{}"}
_SAY_MUSIC = {"it": "Musica: {}", "en": "Music: {}", "zh": "音乐：{}"}


@pytest.mark.parametrize("kind", v.TRANSITION_NAMES)
def test_the_chat_knows_every_transition_by_its_names(kind: str) -> None:
    for lang in v.LANGUAGES:
        for name in (kind, v.TRANSITION_TITLES[kind][lang]):
            said = _SAY_TRANSITION[lang].format(name)
            assert _chat_ops(said, lang) == [{"op": "set_transition", "kind": kind}], said


@pytest.mark.parametrize("alias", sorted(v.STYLE_ALIASES))
def test_the_chat_gives_every_style_alias_the_same_style(alias: str) -> None:
    style = v.STYLE_ALIASES[alias]
    for lang in v.LANGUAGES:
        said = _SAY_MUSIC[lang].format(alias)
        assert _chat_ops(said, lang) == [{"op": "set_music", "music": style}], said
