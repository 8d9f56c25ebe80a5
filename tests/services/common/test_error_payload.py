"""One JSON error payload for every error, with a message and no personal data."""

import logging

import pytest
from flask import Flask
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields

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


class FormSchema(Schema):
    list = fields.String(required=True)
    items = fields.List(fields.Integer())


@bp.route("/form", methods=["POST"])
@bp.arguments(FormSchema, location="form")
def form(data):
    return data


@bp.route("/json", methods=["POST"])
@bp.arguments(FormSchema)
def json_body(data):
    return data


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


def test_a_form_part_without_a_name_answers_422_not_500(client):
    # Found by schemathesis (POST /imports): webargs keys that part's error by None, and
    # sorting the payload's keys failed while answering.
    body = b"--b\r\nContent-Disposition: form-data\r\n\r\nnull\r\n--b--\r\n"
    response = client.post("/boom/form", data=body, content_type="multipart/form-data; boundary=b")
    assert response.status_code == 422
    errors = response.get_json()["errors"]["form"]
    assert errors[""] == ["Unknown field."] and errors["list"]


def test_errors_of_list_items_are_keyed_by_strings(client):
    response = client.post("/boom/json", json={"list": "x", "items": [1, "two", 3, "four"]})
    assert response.status_code == 422
    assert response.get_json()["errors"]["json"]["items"].keys() == {"1", "3"}
