"""The baseline for `bench.registration`: a bare Flask JSON endpoint under the same
gunicorn settings, which parses the same body and answers 201 with an id."""

import uuid

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/registrations")
def register():
    body = request.get_json()
    if not body or "email" not in body:
        return jsonify(message="bad request"), 422
    return jsonify(id=str(uuid.uuid4()), event=body["event"], status="received"), 201
