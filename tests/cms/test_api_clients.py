"""The JSON API as programs nobody here wrote see it (issue 22, items 7–8): Schemathesis generates
requests for every operation of /api/schema/ against a live server, with a bounded number of
examples, and every one of its checks passes; errors under /api/ are JSON and documented."""

import json

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from tests.cms.opendata_data import build_repository

EXAMPLES = 25  # generated requests per operation: enough to find, bounded for `make test`


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_schemathesis_finds_nothing_wrong(live_server):
    import schemathesis

    build_repository()
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")
    schema.config.update(base_url=f"{live_server.url}")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {operation.label for operation in operations} >= {
        "GET /api/topics/",
        "GET /api/topics/{id}/",
        "GET /api/outputs/",
        "GET /api/outputs/{id}/",
        "GET /api/people/",
        "GET /api/people/{id}/",
    }
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            case.call_and_validate()

        run()


@pytest.mark.django_db
def test_errors_under_api_are_json(client):
    for url, status in (
        ("/api/outputs/9315229974203465705/", 404),
        ("/api/topics/99999999999999999999999/", 404),
        ("/api/topics/1/", 404),
        ("/api/nothing-here/", 404),
        ("/api/topics/?page=0", 404),
        ("/api/topics/?year=abc", 400),
    ):
        response = client.get(url)
        assert response.status_code == status, url
        assert response["Content-Type"].startswith("application/json"), url
        json.loads(response.content)
    redirect = client.get("/api/topics?page=1")
    assert (redirect.status_code, redirect["Location"]) == (301, "/api/topics/?page=1")


@pytest.mark.django_db
def test_the_description_documents_nulls_nested_items_and_errors(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    topic = schema["components"]["schemas"]["Topic"]["properties"]
    assert topic["accepted_on"].get("nullable") is True
    funding = topic["approved_funding"]["items"]
    output = schema["components"]["schemas"]["Output"]["properties"]
    files = output["files"]["items"]
    resolved = [
        schema["components"]["schemas"][item["$ref"].rsplit("/", 1)[1]] for item in (funding, files)
    ]
    assert set(resolved[0]["properties"]) == {"source", "approved"}
    assert set(resolved[1]["properties"]) == {"title", "url"}
    listing = schema["paths"]["/api/topics/"]["get"]["responses"]
    assert {"200", "400", "404"} <= set(listing)
    assert "404" in schema["paths"]["/api/outputs/{id}/"]["get"]["responses"]
