"""Pieces every service's `create_app` puts together the same way."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from flask import Flask, current_app, g, jsonify, request
from flask_smorest import Api, Blueprint, abort
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from .auth import AuthError, Claims, TokenVerifier, bearer
from .errors import DomainError
from .token_uses import SAFE_METHODS, spend

log = logging.getLogger("convene")

DEFAULT_MESSAGES = {
    400: "The request could not be understood.",
    401: "A valid service token is required.",
    403: "You may not do this.",
    404: "Nothing was found here.",
    405: "This method is not allowed here.",
    409: "This conflicts with what is already stored.",
    413: "The request is too large.",
    415: "Send JSON.",
    422: "Some fields are not valid.",
    429: "Too many requests; try again shortly.",
    500: "Something went wrong on our side; nothing was stored.",
    503: "The service is busy; try again shortly.",
}


PUBLIC_ENDPOINTS = {"health", "ready", "api-docs.openapi_json", None}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    # Every answer may carry personal data (a registration, a case, a contact).
    "Cache-Control": "no-store",
}


class OneLineFormatter(logging.Formatter):
    """`time level logger message` on one line; exceptions become `type at file:line`.

    Exception messages can quote data (a database error quotes its parameters), so
    only the exception's type and where it was raised are written.
    """

    def format(self, record: logging.LogRecord) -> str:
        record.message = record.getMessage().replace("\n", " ")
        line = f"{self.formatTime(record)} {record.levelname} {record.name} {record.message}"
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            frames = traceback.extract_tb(exc.__traceback__)[-3:]
            where = " < ".join(f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames))
            line += f" error={type(exc).__name__} at={where}"
        return line


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLineFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def _string_keys(errors):
    """Field errors with every key a string. webargs keys an error by what the client sent:
    a multipart part without a name is `None`, a list item an integer, and JSON sorts keys,
    which fails on a mixture (a 500 while answering a 422)."""
    if isinstance(errors, dict):
        return {("" if k is None else str(k)): _string_keys(v) for k, v in errors.items()}
    if isinstance(errors, list | tuple):
        return [_string_keys(item) for item in errors]
    return errors


class ConveneApi(Api):
    """flask-smorest's Api with one error payload that always carries a message."""

    def handle_http_exception(self, error: HTTPException):
        code = error.code or 500
        data = getattr(error, "data", None) or {}
        message = data.get("message")
        if not message:
            description = error.description
            default = type(error).description
            message = description if description and description != default else None
        payload = {
            "code": code,
            "status": error.name,
            "message": message or DEFAULT_MESSAGES.get(code, error.name),
        }
        errors = data.get("errors") or data.get("messages")
        if errors:
            payload["errors"] = _string_keys(errors)
        headers = data.get("headers", {})
        if code == 429 and "Retry-After" not in headers:
            headers = {**headers, "Retry-After": "5"}
        return jsonify(payload), code, headers


def init_api(app: Flask, title: str, blueprints: list[Blueprint]) -> ConveneApi:
    app.config.setdefault("API_TITLE", title)
    app.config.setdefault("API_VERSION", "1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    api = ConveneApi(app)
    api.spec.components.security_scheme(
        "serviceToken", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    )
    for bp in blueprints:
        api.register_blueprint(bp)

    @app.errorhandler(Exception)
    def _unhandled(exc: Exception):
        if isinstance(exc, DomainError):
            body = {
                "code": exc.status,
                "status": HTTP_STATUS_CODES.get(exc.status, "Error"),
                "message": exc.message,
            }
            if exc.errors:
                body["errors"] = exc.errors
            return jsonify(body), exc.status
        if isinstance(exc, HTTPException):
            return api.handle_http_exception(exc)
        log.error(
            "event=request.error method=%s endpoint=%s",
            request.method,
            request.endpoint,
            exc_info=exc,
        )
        return api.handle_http_exception(InternalServerError())

    @app.after_request
    def _security_headers(response):
        # The services answer JSON (and the odd CSV or evidence file) to other parts, never
        # pages to a browser; if one is opened in a browser anyway (a leaked URL, the public
        # /bounces/sns path), nothing in it runs, frames or sniffs, and no cache keeps it.
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.before_request
    def _authenticate():
        # Every resource but health and the OpenAPI document needs a service token,
        # checked before the body is parsed so a stranger learns nothing from a 422.
        public = PUBLIC_ENDPOINTS | app.config.get("CONVENE_PUBLIC_ENDPOINTS", set())
        if request.endpoint not in public:
            current_claims()

    @app.get("/health")
    def health():
        """Liveness: the process answers (an orchestrator restarts it when it does not)."""
        return {"status": "ok", "service": app.config["SERVICE_NAME"]}

    @app.get("/ready")
    def ready():
        """Readiness: the database answers and the keyring seals and opens a probe."""
        failed = []
        try:
            with app.extensions["sqlalchemy"].engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        except Exception:  # noqa: BLE001 - any failure means: not ready
            failed.append("database")
        try:
            envelope = app.extensions["convene_envelope"]
            if envelope.open(envelope.seal("probe", b"ready"), b"ready") != "probe":
                failed.append("keyring")
        except Exception:  # noqa: BLE001
            failed.append("keyring")
        status = 503 if failed else 200
        body = {"status": "not ready" if failed else "ready", "failed": failed}
        work = app.extensions.get("convene_work_model")  # the queue its worker drains
        if work is not None and "database" not in failed:
            from .dead_letters import backlog

            # Reported, not judged: a backlog makes the worker late, not the service unready.
            body["backlog"] = backlog(app.extensions["sqlalchemy"].session, work)
        return body, status

    return api


def stored_response(status: int, body: dict):
    """A response already serialised (first answer or idempotent replay), sent as is."""
    response = jsonify(body)
    response.status_code = status
    return response


def init_auth(app: Flask, verifier: TokenVerifier, token_uses) -> None:
    """`token_uses`: the service's table of spent token ids (`common.token_uses`)."""
    app.extensions["convene_verifier"] = verifier
    app.extensions["convene_token_uses"] = token_uses


def current_claims() -> Claims:
    """The verified caller of this request; aborts with 401 when there is none, or when
    a call that changes something comes with a token already used."""
    if "claims" not in g:
        verifier: TokenVerifier = current_app.extensions["convene_verifier"]
        try:
            claims = verifier.verify(bearer(request.headers.get("Authorization")))
            if request.method not in SAFE_METHODS:
                engine = current_app.extensions["sqlalchemy"].engine
                spend(engine, current_app.extensions["convene_token_uses"], claims)
        except AuthError as exc:
            abort(401, message=str(exc))
        g.claims = claims
    return g.claims


def require_role(role: str) -> Claims:
    claims = current_claims()
    if not claims.has_role(role):
        abort(403, message=f"This needs the {role} role.")
    return claims


def engine_options(name: str, database_url: str) -> dict:
    """Connection pool per process, sized by `<S>_DATABASE_POOL_SIZE` (5) and
    `<S>_DATABASE_POOL_OVERFLOW` (5): keep replicas x processes x (size + overflow) under
    the server's `max_connections`."""
    options: dict = {"pool_pre_ping": True}
    if not database_url.startswith("sqlite"):
        from .config import Env

        env = Env(name.upper())
        options["pool_size"] = env.int("DATABASE_POOL_SIZE", 5)
        options["max_overflow"] = env.int("DATABASE_POOL_OVERFLOW", 5)
        options["pool_recycle"] = 1800  # behind proxies that drop idle connections
    return options


def init_service(
    app: Flask,
    config,
    db,
    migrate,
    name: str,
    title: str,
    blueprints: list[Blueprint],
    token_uses,
) -> None:
    """Bind database, migrations, crypto, token verification and the API to `app`.

    `config` is the service's frozen config; it must have `database_url`, `crypto` and
    `tokens` (the public keys of the parts it accepts). `token_uses` is its model of
    spent token ids.
    """
    from .config import Env
    from .db import tune_sqlite
    from .overload import database_options, init_overload
    from .production import refuse_unsafe

    refuse_unsafe(config)
    app.config["SERVICE_NAME"] = name
    app.config["SQLALCHEMY_DATABASE_URI"] = config.database_url
    env = Env(name.upper())
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        **engine_options(name, config.database_url),
        **database_options(env, config.database_url),
    }
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    app.extensions["convene_config"] = config
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path) / "migrations"))
    with app.app_context():
        tune_sqlite(db.engine)
    envelope, index = config.crypto.build()
    app.extensions["convene_envelope"] = envelope
    app.extensions["convene_index"] = index
    init_auth(app, TokenVerifier(config.tokens.issuer_keys, audience=name), token_uses)
    init_api(app, title, blueprints)
    init_overload(app, env)
