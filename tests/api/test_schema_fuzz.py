"""Property-based fuzzing of every API operation from its own OpenAPI schema (schemathesis): whatever
the generated input, the API answers within its schema and never with a server error."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from mufakat.meetings.demo import DemoReport
from mufakat.wsgi import application

SHARDS = 4  # the operations are shared among four tests, so parallel workers split the fuzzing


@pytest.mark.parametrize("shard", range(SHARDS))
def test_api_operations_conform_to_their_schema(demo: DemoReport, shard: int) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 100

    for operation in operations[shard::SHARDS]:

        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        def conforms(case: schemathesis.Case) -> None:
            # Cross-field rules (last_year before first_year) cannot be said in the schema; a 400 naming the
            # field is the right answer there, so "schema-valid data must be accepted" does not apply.
            case.call_and_validate(headers={"Host": "testserver"}, excluded_checks=[positive_data_acceptance])

        conforms()
