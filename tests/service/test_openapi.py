"""OpenAPI is the truth: a bounded, seeded schemathesis run over `/openapi.json`, in process.

Every operation of the schema is called with generated requests (the schema's
examples, its coverage cases, including methods it does not declare, and
fuzzed ones), with a real token, a real session, media item and render where a
path names one. Each answer must be no server error and conform to the schema:
a documented status, content type, body schema and headers, and a 405 with
the right `Allow` for an undeclared method.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema
from tests.service.conftest import ATTRIBUTION, TEST_SETTINGS, Api, photo_draft

from diapo.service.testing import InProcessServer

# Fixed: the same requests every run, so a failure here is one to fix, not a fluke.
SEED = 20_261_127
# Fuzzed requests per operation (the examples and coverage phases add their own).
FUZZ_EXAMPLES = 12

# Off: `positive_data_acceptance` takes any 4xx but 401/403/404/409/429 to a
# schema-valid request as a failure, while the protocol answers 400 for an
# upload without a file and 422 for a URL that is not http(s), which the
# schema cannot say; the stateful checks need the stateful phase, which is off.
_CHECKS_OFF = ("positive_data_acceptance", "use_after_free", "ensure_resource_availability")


@pytest.fixture(scope="module")
def openapi_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessServer]:
    # No worker: the render stays queued, so its routes answer the same every run.
    settings = {**TEST_SETTINGS, "workers": 0}
    with InProcessServer(tmp_path_factory.mktemp("openapi"), settings=settings) as srv:
        yield srv


@pytest.fixture(scope="module")
def api_schema(openapi_server: InProcessServer, sample_media: dict[str, Path]) -> Any:
    api = Api(http=openapi_server.http)
    assert api.new_token().status_code == 200
    session_id = api.session()
    r = api.upload(session_id, sample_media["landscape1"])
    assert r.status_code == 200, r.text
    media = r.json()["data"]["media"]
    r = api.export(session_id, id="openapi-render", draft=photo_draft(media))
    assert r.status_code == 200, r.text
    config = SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "headers": {"Authorization": f"Bearer {api.token}", **ATTRIBUTION},
            "parameters": {
                "path.session_id": session_id,
                "path.media_id": media[0]["media_id"],
                "path.render_id": "openapi-render",
            },
            "generation": {
                "deterministic": True,
                "max-examples": FUZZ_EXAMPLES,
                "database": "none",
                # A failure is listed as found: shrinking it could take minutes.
                "no-shrink": True,
            },
            "phases": {"stateful": {"enabled": False}},
            "checks": {name: {"enabled": False} for name in _CHECKS_OFF},
        }
    )
    schema = schemathesis.openapi.from_asgi("/openapi.json", openapi_server.app, config=config)
    schema.hook(map_case)  # only a chat body has `new_message.parts`
    return schema


# A KNOWN LIMIT, not a pass: the chat interpreter's time grows faster than the
# message (20 parts of 2,000 characters: 5.7 s; the 20 x 20,000 the schema allows:
# minutes of CPU in a thread a timeout cannot stop). Until the chat bounds it, the
# chat turns of this run carry at most CHAT_CHARS characters in all.
CHAT_CHARS = 2_000


def map_case(context: Any, case: Any) -> Any:
    body = case.body
    message = body.get("new_message") if isinstance(body, dict) else None
    parts = message.get("parts") if isinstance(message, dict) else None
    texts = [p.get("text") for p in parts if isinstance(p, dict)] if isinstance(parts, list) else []
    if len(texts) > 20 or any(isinstance(t, str) and len(t) > 20_000 for t in texts):
        return case  # too long for the schema: refused (422) before any turn runs
    if isinstance(parts, list) and parts:
        share = max(1, CHAT_CHARS // len(parts))
        for part in parts:
            if isinstance(part, dict) and isinstance(part.get("text"), str):
                part["text"] = part["text"][:share]
    return case


# KNOWN, fixed on the uploads branch: a multipart part whose Content-Disposition
# `name` or `filename` holds characters beyond Latin-1 (e.g. `filename="ā.jpg"`)
# crashes the upload (UnicodeEncodeError in python-multipart's header parsing).
# While it is the only failure the test is an explicit xfail; once fixed it passes.
_UPLOAD = "POST /api/upload-video/nemo_agent/me/{session_id}"
_KNOWN_UPLOAD_CRASH = "'latin-1' codec can't encode"


def test_every_answer_is_documented_and_no_server_error(api_schema: Any) -> None:
    # The engine `st run` drives: all phases, including the coverage phase's
    # undeclared methods. (schemathesis' lazy pytest fixture reads a pytest
    # attribute pytest 9 no longer has, so the run is driven from one test.)
    failures: set[tuple[str, str]] = set()
    cases = 0
    for event in from_schema(api_schema).execute():
        if isinstance(event, events.ScenarioFinished):
            cases += len(event.recorder.cases)
            for checks in event.recorder.checks.values():
                for check in checks:
                    if check.status == Status.FAILURE and check.failure_info is not None:
                        failure = check.failure_info.failure
                        text = f"{check.name}: {failure.title}\n  {failure.message}\n"
                        failures.add((event.recorder.label, text + check.failure_info.code_sample))
        elif isinstance(event, events.NonFatalError):
            # In process, a crash is raised to the client instead of answered with a 500.
            failures.add((event.label, f"server error: {event.info.format()}"))
        elif isinstance(event, events.FatalError):
            failures.add(("the run", f"fatal: {event.exception!r}"))
    known = {f for f in failures if f[0] == _UPLOAD and _KNOWN_UPLOAD_CRASH in f[1]}
    others = sorted(failures - known)
    assert not others, f"{len(others)} failures in {cases} cases:\n" + "\n".join(
        f"{label}: {text}" for label, text in others
    )
    assert cases > 200  # the run really ran (a few hundred requests)
    if known:
        pytest.xfail(f"the known upload crash on non-Latin-1 part names ({len(known)} cases)")
