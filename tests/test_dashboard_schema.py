"""Property-based tests of the dashboard API against its own OpenAPI spec (schemathesis):
no request the spec allows makes the server fail, and every response matches the spec."""
from __future__ import annotations

import pytest
import schemathesis
from schemathesis.checks import positive_data_acceptance
from hypothesis import HealthCheck, given, settings

#: Examples per operation: enough to reach every parameter, bounded to keep the suite quick.
EXAMPLES = 12


@pytest.fixture(scope="module")
def api_schema():
    from innoscope.dashboard import create_app

    app = create_app(max_upload_mb=0.01)
    # downloads re-run the whole evaluation and write a workbook per request: they are
    # tested directly in test_dashboard.py
    return schemathesis.openapi.from_asgi("/openapi.json", app).exclude(path="/api/download")


def test_api_conforms_to_its_spec(api_schema):
    operations = [r.ok() for r in api_schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/meta", "/api/scores", "/api/whatif", "/api/upload"}
    for op in operations:
        @given(case=op.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            # a method or weight the spec allows may still not apply to these data (a
            # geometric mean of a zero score, a weight on an unknown node): the answer is a
            # 422 listing why, which the positive-data check would count as a failure
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        check()
