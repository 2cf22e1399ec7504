"""Property-based tests generated from /api/openapi.json: no 5xx, answers match the document.

schemathesis's pytest integration does not run under pytest 9 (it reads a private pytest
attribute), so each operation's strategy is driven with hypothesis directly.

Every check runs but "schema-valid data is accepted": OpenAPI cannot state the rules that span
fields (since <= until), and those answers are tested as 400s in tests/test_bad_input.py.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from server.app import close_app, create_app
from tests.conftest import TEST_PORT

EXAMPLES_PER_OPERATION = 40


@pytest.fixture(scope="module")
def wsgi_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    app = create_app({"DATA_DIR": str(folder), "PORT": TEST_PORT, "BACKGROUND": False})
    yield app
    close_app(app)


def _headers(app) -> dict[str, str]:
    token = app.config["QUOTEBANK_TOKEN"]
    return {"Host": f"127.0.0.1:{TEST_PORT}", "Authorization": f"Bearer {token}"}


def _operations(app) -> list:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app, headers=_headers(app))
    return [result.ok() for result in schema.get_all_operations()]


def test_every_documented_operation_is_fuzzed(wsgi_app):
    labels = {operation.label for operation in _operations(wsgi_app)}
    assert "POST /api/quotes" in labels
    assert "GET /api/search" in labels
    assert len(labels) == 15


@pytest.mark.slow
def test_api_matches_its_openapi_document(wsgi_app):
    headers = _headers(wsgi_app)
    for operation in _operations(wsgi_app):

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        check()
