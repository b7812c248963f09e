"""Templates: list, read, save, delete; render one with merge values, or apply it to a session."""

from __future__ import annotations

import importlib.util
import json
from importlib.resources import files
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator

from diapo.draft import Draft, describe
from diapo.draft.occasions import BUILTIN_TEMPLATES
from diapo.draft.templates import (
    InvalidTemplateError,
    Template,
    merge,
    parse_template,
    template_from_draft,
)
from diapo.draft.vocabulary import LANGUAGES, Aspect, Language
from diapo.errors import InvalidDraftError
from diapo.service.chatturn import load_turn_input
from diapo.service.db.sessions import append_version, latest_version, require_session
from diapo.service.db.templates import (
    MAX_TEMPLATES,
    account_templates,
    delete_template,
    new_template_id,
    owned_template,
    save_template,
)
from diapo.service.deps import AttributionDep, CurrentToken, IdempotencyKey, State
from diapo.service.envelope import errors, name_session, ok
from diapo.service.errors import ConflictError, NotFoundError
from diapo.service.routes.renders import submit_render
from diapo.service.schemas import Envelope, OutputSpec, RenderInfo, RenderRequest
from diapo.service.views import absolute_url

__all__ = ["router"]

router = APIRouter(tags=["templates"])

MergeValues = dict[str, str | list[str]]


class TemplateSave(BaseModel):
    """Save a template: a whole template, or a session's draft with the texts that become fields."""

    model_config = ConfigDict(extra="forbid")

    template: dict[str, Any] | None = Field(None, description="a whole template (its JSON)")
    session_id: str | None = Field(None, min_length=1, max_length=64)
    name: str | None = Field(None, min_length=1, max_length=120)
    texts: dict[str, str] = Field(
        default_factory=dict,
        description="each text of the draft that becomes a field -> the field's name",
    )

    @model_validator(mode="after")
    def _one_source(self) -> TemplateSave:
        if (self.template is None) == (self.session_id is None):
            raise ValueError("give either `template` or `session_id` (with `name`)")
        if self.session_id is not None and not self.name:
            raise ValueError("a template saved from a session needs a `name`")
        return self


class TemplateMerge(BaseModel):
    """What a template is filled with, in a session (its uploads fill the media slots)."""

    model_config = ConfigDict(extra="forbid")

    session_id: str = Field(min_length=1, max_length=64)
    merge: MergeValues = Field(
        default_factory=dict,
        description="field -> value: a text; media ids for a slot (default: every photo and "
        "clip of the session, in order); a style or a song's media id for the music",
    )
    aspect: Aspect | None = Field(None, description="the canvas shape (default: the template's)")


class TemplateRender(TemplateMerge):
    """A render of a template: the merge, then the same options as any export."""

    id: str | None = Field(None, pattern=r"^[A-Za-z0-9_-]{1,64}$", description="client render id")
    output: OutputSpec = Field(default_factory=OutputSpec)
    preview: bool = Field(False, strict=True)
    callback: str | None = Field(None, max_length=2000)


def _sample_url(request: Request, tid: str, ext: str, base: str | None) -> str | None:
    if importlib.util.find_spec("diapo.web") is None:
        return None
    if not files("diapo.web").joinpath("static", "templates", f"{tid}.{ext}").is_file():
        return None
    return absolute_url(request, f"/web/templates/{tid}.{ext}", public_base_url=base)


def _summary(
    template: Template, *, builtin: bool, lang: str, request: Request, base: str | None
) -> dict[str, Any]:
    fields = []
    for f in template.fields:
        default = (
            f.default.get(lang)
            if f.default is not None and not isinstance(f.default, str)
            else f.default
        )
        fields.append(
            {
                "name": f.name,
                "kind": f.kind,
                "label": f.label.get(lang),
                "required": f.required,
                "default": default,
                "max_chars": f.max_chars,
                "min_count": f.min_count,
                "max_count": f.max_count,
            }
        )
    return {
        "id": template.id,
        "version": template.version,
        "builtin": builtin,
        "name": template.name.get(lang),
        "description": template.description.get(lang) if template.description else None,
        "fields": fields,
        "thumbnail_url": _sample_url(request, template.id, "jpg", base) if builtin else None,
        "sample_url": _sample_url(request, template.id, "mp4", base) if builtin else None,
    }


def _find(state: State, account_id: str, template_id: str) -> tuple[Template, bool]:
    if template_id in BUILTIN_TEMPLATES:
        return BUILTIN_TEMPLATES[template_id], True
    with state.db.transaction() as db:
        row = owned_template(db=db, account_id=account_id, template_id=template_id)
        if row is None:
            raise NotFoundError(
                f"No template {template_id!r} in your templates or the built-in ones."
            )
        return row.template(), False


@router.get(
    "/api/templates",
    summary="The built-in templates and this account's own, with their fields",
    response_model=Envelope[list[dict[str, Any]]],
    responses=errors(401, 422, 429),
)
def list_templates(
    request: Request,
    state: State,
    token: CurrentToken,
    language: Annotated[Language, Query(description="language of names and labels")] = "it",
) -> JSONResponse:
    base = state.settings.public_base_url
    found = [
        _summary(t, builtin=True, lang=language, request=request, base=base)
        for t in BUILTIN_TEMPLATES.values()
    ]
    with state.db.transaction() as db:
        for row in account_templates(db=db, account_id=token.account_id):
            found.append(
                _summary(row.template(), builtin=False, lang=language, request=request, base=base)
            )
    return ok(found)


@router.get(
    "/api/templates/{template_id}",
    summary="One template: its summary and its whole JSON (`template`)",
    response_model=Envelope[dict[str, Any]],
    responses=errors(401, 404, 422, 429),
)
def get_template(
    request: Request,
    state: State,
    token: CurrentToken,
    template_id: str,
    language: Annotated[Language, Query()] = "it",
) -> JSONResponse:
    template, builtin = _find(state, token.account_id, template_id)
    summary = _summary(
        template,
        builtin=builtin,
        lang=language,
        request=request,
        base=state.settings.public_base_url,
    )
    return ok({**summary, "template": template.model_dump(mode="json", exclude_none=True)})


@router.post(
    "/api/templates",
    summary="Save a template of this account: a whole template, or a session's draft",
    description=(
        "With `session_id`, `name` and `texts` (each text of the draft that becomes a field "
        "-> the field's name), the session's current draft is saved as a template: its "
        "photos become the `foto` slot and built-in music the `musica` field. 422 names "
        "each bad part; 409 past 100 templates."
    ),
    response_model=Envelope[dict[str, Any]],
    responses=errors(400, 401, 404, 409, 422, 429),
)
def create_template(
    request: Request, state: State, token: CurrentToken, body: TemplateSave
) -> JSONResponse:
    with state.db.transaction() as db:
        if len(account_templates(db=db, account_id=token.account_id)) >= MAX_TEMPLATES:
            raise ConflictError(f"You keep {MAX_TEMPLATES} templates already: delete one first.")
        if body.session_id is not None:
            name_session(request, body.session_id)
            session = require_session(db=db, session_id=body.session_id, token=token)
            current = latest_version(db=db, session=session)
            if not current.draft:
                raise InvalidDraftError("This project has no video yet to save as a template.")
            assert body.name is not None
            template = template_from_draft(
                Draft.parse(current.draft),
                template_id=new_template_id(body.name),
                name=body.name,
                texts=body.texts,
            )
        else:
            data = dict(body.template or {})
            data["id"] = new_template_id(str(data.get("id") or "modello"))
            template = parse_template(data)
        save_template(db=db, account_id=token.account_id, template=template)
    summary = _summary(template, builtin=False, lang="it", request=request, base=None)
    return ok({**summary, "template": template.model_dump(mode="json", exclude_none=True)})


@router.delete(
    "/api/templates/{template_id}",
    summary="Delete one of this account's templates (built-in ones stay)",
    response_model=Envelope[dict[str, Any]],
    responses=errors(401, 404, 409, 422, 429),
)
def remove_template(state: State, token: CurrentToken, template_id: str) -> JSONResponse:
    if template_id in BUILTIN_TEMPLATES:
        raise ConflictError("A built-in template cannot be deleted.")
    with state.db.transaction() as db:
        row = owned_template(db=db, account_id=token.account_id, template_id=template_id)
        if row is None:
            raise NotFoundError(f"No template {template_id!r} in your templates.")
        delete_template(db=db, row=row)
    return ok({"id": template_id, "deleted": True})


def _merged(
    state: State,
    token: CurrentToken,
    template: Template,
    body: TemplateMerge,
    merge_values: MergeValues | None = None,
) -> tuple[Draft, str]:
    """The template filled with `body.merge`, media ids read as the session's uploads."""
    given = load_turn_input(db=state.db, session_id=body.session_id, token=token)
    asked = body.merge if merge_values is None else merge_values
    by_id = {m.id: m for m in given.media}
    declared = {f.name: f for f in template.fields}
    values: dict[str, Any] = {k: v for k, v in asked.items() if k not in declared}
    unknown: list[dict[str, Any]] = []
    for f in template.fields:
        value = asked.get(f.name)
        if f.kind in ("photos", "clip"):
            if value is None:  # every photo and clip of the project, in its order
                values[f.name] = [m for m in given.media if m.kind in ("photo", "clip")]
                continue
            ids = [value] if isinstance(value, str) else value
            missing = [i for i in ids if i not in by_id]
            if missing:
                unknown.append(
                    {"field": f.name, "type": "unknown", "msg": f"no media {missing[0]!r} here"}
                )
            values[f.name] = [by_id[i] for i in ids if i in by_id]
        elif f.kind == "music" and isinstance(value, str) and value in by_id:
            values[f.name] = by_id[value]  # an uploaded song
        elif f.kind == "music" and value is None:
            songs = [m for m in given.media if m.kind == "audio"]
            if songs:
                values[f.name] = songs[0]
        elif value is not None:
            values[f.name] = value  # merge says it if a list stands where a text goes
    if unknown:
        raise InvalidTemplateError(" ".join(f"{u['field']}: {u['msg']}." for u in unknown), unknown)
    lang = given.language if given.language in LANGUAGES else "it"
    return merge(template, values, lang=lang, aspect=body.aspect), lang  # type: ignore[arg-type]


@router.post(
    "/api/templates/{template_id}/render",
    summary="Render a template filled with `merge` values: queued, polled and paid as any export",
    description=(
        "The session's uploads fill the media slots (all its photos and clips, or the ids "
        "given). The merged draft is rendered like `POST /api/render/proxy/lambda` with that "
        "draft: the same attribution headers, price, idempotency, webhook and polling. 422 "
        "names each missing, unknown or wrong field."
    ),
    response_model=Envelope[RenderInfo],
    responses=errors(400, 401, 402, 404, 409, 422, 429),
)
def render_template(
    request: Request,
    state: State,
    token: CurrentToken,
    attribution: AttributionDep,
    template_id: str,
    body: TemplateRender,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    name_session(request, body.session_id)
    template, _ = _find(state, token.account_id, template_id)
    draft, _lang = _merged(state, token, template, body)
    render = _render_request(body, draft, body.id)
    return submit_render(request, state, token, attribution, render, idempotency_key)


def _render_request(body: TemplateRender, draft: Draft, render_id: str | None) -> RenderRequest:
    return RenderRequest.model_validate(
        {
            "id": render_id,
            "session_id": body.session_id,
            "draft": draft.to_dict(),
            "output": body.output.model_dump(),
            "preview": body.preview,
            "callback": body.callback,
        }
    )


class TemplateBatch(TemplateRender):
    """One template, many value sets: one render a set."""

    sets: list[MergeValues] = Field(min_length=1, max_length=50, description="one merge a video")


@router.post(
    "/api/templates/{template_id}/batch",
    summary="Render a template once for each value set: a list of renders, polled as any export",
    description=(
        "Every set is merged first: one bad set refuses the whole batch (422 naming the set "
        "and its fields) and nothing is charged. Then each set is an export of its own, with "
        "the same output, callback and attribution; `id` (and an `Idempotency-Key`) are "
        "suffixed with the set's number (`-1`, `-2`...), so a retried batch charges nothing twice."
    ),
    response_model=Envelope[list[RenderInfo]],
    responses=errors(400, 401, 402, 404, 409, 422, 429),
)
def render_batch(
    request: Request,
    state: State,
    token: CurrentToken,
    attribution: AttributionDep,
    template_id: str,
    body: TemplateBatch,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    name_session(request, body.session_id)
    template, _ = _find(state, token.account_id, template_id)
    drafts: list[Draft] = []
    for n, values in enumerate(body.sets, start=1):
        try:
            drafts.append(_merged(state, token, template, body, values)[0])
        except InvalidTemplateError as exc:
            raise InvalidTemplateError(
                f"Value set {n}: {exc.message}",
                [{**e, "loc": f"sets.{n - 1}.{e.get('field', '')}"} for e in exc.errors],
            ) from None
    answers: list[Any] = []
    for n, draft in enumerate(drafts, start=1):
        render_id = f"{body.id[:60]}-{n}" if body.id else None
        key = f"{idempotency_key}-{n}" if idempotency_key else None
        one = submit_render(
            request, state, token, attribution, _render_request(body, draft, render_id), key
        )
        answers.append(json.loads(bytes(one.body))["data"])
    return ok(answers)


@router.post(
    "/api/templates/{template_id}/session",
    summary="Start a project from a template: the merged draft becomes the session's video",
    description=(
        "Create a session, upload its photos, then this call: the template filled with "
        "`merge` and the session's uploads becomes its next draft version, undoable like "
        "any edit."
    ),
    response_model=Envelope[dict[str, Any]],
    responses=errors(400, 401, 404, 422, 429),
)
def start_from_template(
    request: Request, state: State, token: CurrentToken, template_id: str, body: TemplateMerge
) -> JSONResponse:
    name_session(request, body.session_id)
    template, _ = _find(state, token.account_id, template_id)
    draft, lang = _merged(state, token, template, body)
    with state.db.transaction() as db:
        session = require_session(db=db, session_id=body.session_id, token=token)
        before = session.version
        row = append_version(
            db=db,
            session=session,
            draft_json=draft.to_json(),
            source="template",
            description=f"template {template.id}",
            undo_to=before,
        )
        version = row.version
    return ok(
        {
            "session_id": body.session_id,
            "version": version,
            "template_id": template.id,
            "summary": describe(draft, lang),
            "draft": draft.to_dict(),
        }
    )
