"""The website's "never e-mail me again" page (issue 17), in front of the real mailer: a link
scanner's GET changes nothing, a person's button or a mail client's RFC 8058 one-click
POST stops every mail to the address, and the same link undoes it."""

from __future__ import annotations

import secrets
import threading

import pytest

pytestmark = pytest.mark.django_db
VICTIM = "focal.victim@example.net"


@pytest.fixture
def mailer_service(settings, tmp_path):
    """The real mailer on a loopback port."""
    from werkzeug.serving import make_server

    from services.common.auth import public_key_of
    from services.common.config import CryptoConfig, TokenKeys
    from services.common.crypto import LocalKeyring
    from services.mailer import create_app
    from services.mailer.config import Config
    from services.mailer.extensions import db
    from tests.services.conftest import build_app, dispose

    LocalKeyring.add_key(tmp_path / "keys")
    config = Config(
        database_url=f"sqlite:///{tmp_path / 'mailer.sqlite3'}",
        crypto=CryptoConfig(
            keyring="local", key_dir=tmp_path / "keys", blind_index_key=secrets.token_bytes(32)
        ),
        tokens=TokenKeys("", {"cms": public_key_of(settings.WAGTAILCONVENE_SIGNING_KEY)}),
        public_url="http://testserver",
    )
    app = build_app(create_app, config)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILCONVENE_MAILER_URL = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    dispose(app, db)


def page_of(mailer) -> str:
    """The path of the link a mail to VICTIM carries (as the mailer builds it)."""
    from services.mailer.recipients import never_mail_url

    with mailer.app_context():
        return never_mail_url(VICTIM, "fr").removeprefix("http://testserver")


def blocked(mailer) -> bool:
    from services.mailer.contacts import email_index
    from services.mailer.recipients import blocked as is_blocked

    with mailer.app_context():
        return is_blocked(email_index(VICTIM))


def test_a_scanner_changes_nothing_and_a_person_stops_every_mail(client, mailer_service):
    path = page_of(mailer_service)
    assert path.startswith("/fr/mail/never/")
    opened = client.get(path)  # the token is exchanged for a cookie, the address cleaned
    assert opened.status_code == 302 and opened["Location"] == "/fr/mail/never/"
    path = opened["Location"]
    shown = client.get(path)
    assert shown.status_code == 200 and "Ne plus jamais m'écrire" in shown.text
    assert not blocked(mailer_service)
    done = client.post(path, {"action": "never"})
    assert done.status_code == 200 and "Nous ne vous écrirons plus" in done.text
    assert blocked(mailer_service)
    undone = client.post(path, {"action": "again"})
    assert "Nos messages peuvent de nouveau vous parvenir" in undone.text
    assert not blocked(mailer_service)


def test_a_mail_clients_one_click_post_needs_no_csrf_token(mailer_service):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    path = page_of(mailer_service)
    done = browser.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and blocked(mailer_service)


def test_a_forged_link_suppresses_nothing(client, mailer_service):
    path = page_of(mailer_service)
    forged = client.post(path.replace("/never/", "/never/AAAA"), {"action": "never"})
    assert forged.status_code == 404 and not blocked(mailer_service)
