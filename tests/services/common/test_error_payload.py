"""One JSON error payload for every error, with a message and no personal data."""

import logging

import pytest
from flask import Flask
from flask_smorest import Blueprint, abort

from services.common.errors import Conflict
from services.common.factory import OneLineFormatter, init_api

CANARY = "amina.canary@example.org"
bp = Blueprint("boom", __name__, url_prefix="/boom")


@bp.route("/<int:code>")
def boom(code):
    if code == 500:
        raise RuntimeError(f"database said: duplicate {CANARY}")
    if code == 409:
        raise Conflict("Already there.", errors={"email": ["Already registered."]})
    abort(code)


@pytest.fixture
def client():
    app = Flask("boom")
    app.extensions["sqlalchemy"] = None
    app.config["SERVICE_NAME"] = "boom"
    init_api(app, "Boom", [bp])
    app.before_request_funcs.clear()  # no tokens here: only payloads are under test
    return app.test_client()


@pytest.mark.parametrize("code", [400, 401, 403, 404, 409, 422, 429, 500])
def test_every_error_has_the_same_shape(client, code, caplog):
    with caplog.at_level(logging.ERROR):
        response = client.get(f"/boom/{code}")
    assert response.status_code == code
    payload = response.get_json()
    assert payload["code"] == code
    assert payload["status"] and payload["message"]
    assert CANARY not in response.get_data(as_text=True)
    if code == 429:
        assert response.headers["Retry-After"]


def test_unhandled_errors_are_logged_on_one_line_without_their_message(client, caplog):
    with caplog.at_level(logging.ERROR):
        client.get("/boom/500")
    lines = [OneLineFormatter().format(r) for r in caplog.records]
    assert lines and all("\n" not in line for line in lines)
    assert any("error=RuntimeError" in line for line in lines)
    assert not any(CANARY in line for line in lines)


def test_unknown_route_and_method(client):
    assert client.get("/nowhere").get_json()["code"] == 404
    response = client.delete("/boom/400")
    assert response.status_code == 405 and response.get_json()["message"]
