"""OpenAPI document and health probes."""

from __future__ import annotations

from qualitygate.schemas import SubmissionIn


def test_openapi_document_describes_the_webhook(client):
    resp = client.get("/api/v1/openapi.json")
    assert resp.status_code == 200
    doc = resp.get_json()
    assert doc["openapi"].startswith("3.")
    post = doc["paths"]["/api/v1/submissions"]["post"]
    assert set(post["responses"]) == {"200", "202", "400", "401", "409", "413", "415", "422", "429"}
    schema = doc["components"]["schemas"]["SubmissionIn"]
    assert set(schema["required"]) == {"event_id", "brand", "product", "description"}
    # Every $ref resolves inside the document.
    refs = _refs(doc)
    assert refs and all(r.split("/")[-1] in doc["components"]["schemas"] for r in refs)
    assert SubmissionIn.model_json_schema()["required"] == schema["required"]


def _refs(node, out=None):
    out = [] if out is None else out
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref":
                out.append(v)
            else:
                _refs(v, out)
    elif isinstance(node, list):
        for v in node:
            _refs(v, out)
    return out


def test_healthz(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_readyz_checks_database_and_broker(client):
    resp = client.get("/readyz")
    assert resp.status_code == 200
    assert resp.get_json() == {"status": "ready", "checks": {"database": "ok", "broker": "ok"}}
