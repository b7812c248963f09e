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
                "path.style": "romantica",
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
    return schema


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
    assert not failures, f"{len(failures)} failures in {cases} cases:\n" + "\n".join(
        f"{label}: {text}" for label, text in sorted(failures)
    )
    assert cases > 200  # the run really ran (a few hundred requests)
