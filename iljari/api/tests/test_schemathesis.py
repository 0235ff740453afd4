"""Schemathesis against the API's own OpenAPI schema, in process, for every demo role, on the test database.

Every operation of /api/schema/ gets generated requests (data that fits the schema and data that does not) as each
demo login; a response fails the test when it is a 5xx, when its status code is not documented for the operation,
or when its body does not match the documented schema. Each request runs in a savepoint that is rolled back, so the
demo data stays as loaded and the run is the same every time (derandomized).
"""

from __future__ import annotations

import io

import hypothesis
import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

ROLES = ["admin", "portfolio", "women", "ydp", "gwanak", "council"]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = {GenerationMode.POSITIVE: 5, GenerationMode.NEGATIVE: 3}
# Data that does not fit the schema is refused alike for every role (or refused earlier, with 403, for readers):
# it is sent as one role of each kind, which keeps the whole module near two minutes per database.
NEGATIVE_ROLES = {"admin", "women", "ydp"}

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The demo data and logins, loaded once for this module inside a transaction rolled back at its end."""
    from iljari.programs.codes import seed_code_lists
    from iljari.programs.models import Code, Measure

    # The WSGI handler closes the connection around each request (the test client does not): keep it open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock():
        with transaction.atomic():
            if not Code.objects.exists():  # a transactional test flushed the seeded rows
                seed_code_lists(Code, Measure)
            call_command("load-demo", stdout=io.StringIO(), stderr=io.StringIO())
            yield
            transaction.set_rollback(True)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def api_schema(demo):  # type: ignore[no-untyped-def]
    from iljari.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


def _token(username: str) -> str:
    from django.contrib.auth import get_user_model

    from iljari.access.tokens import api_token_create

    user = get_user_model().objects.get(username=username)
    return api_token_create(actor=user, user=user, reason="schemathesis")[1]


def _run_operation(operation, mode: GenerationMode, headers: dict[str, str]) -> list[str]:  # type: ignore[no-untyped-def]
    failures: list[str] = []

    @hypothesis.settings(max_examples=EXAMPLES[mode], derandomize=True, database=None, deadline=None,
                         suppress_health_check=list(HealthCheck), phases=[hypothesis.Phase.generate],
                         report_multiple_bugs=False)
    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    def run(case):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            response = case.call(headers=headers)
            transaction.set_rollback(True)
        try:
            case.validate_response(response, checks=CHECKS)
        except (AssertionError, BaseExceptionGroup) as exc:  # collected and reported below
            found = exc.exceptions if isinstance(exc, BaseExceptionGroup) else (exc,)
            failures.extend([f"{operation.label} [{mode}] -> {response.status_code} {case.path_parameters or ''} "
                         f"{case.query or ''} {case.body if isinstance(case.body, dict) else ''}\n{e}"
                             for e in found])

    try:
        run()
    except hypothesis.errors.Unsatisfiable:
        pass  # nothing in this operation can be made invalid (e.g. only a free-text path parameter)
    return failures


@pytest.mark.parametrize("role", ROLES)
def test_api_answers_every_generated_request_as_documented(api_schema, role):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Token {_token(role)}"}
    failures: list[str] = []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        for mode in EXAMPLES:
            if mode == GenerationMode.NEGATIVE and role not in NEGATIVE_ROLES:
                continue
            failures += _run_operation(operation, mode, headers)
    assert not failures, f"{len(failures)} failures:\n\n" + "\n\n".join(failures[:40])
