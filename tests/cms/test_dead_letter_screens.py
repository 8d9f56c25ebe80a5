"""The dead-letter screen, against the real registration service (over WSGI): labels in
the reviewer's admin language, discard with a reason, and refused to those without the
role."""

import html
import secrets
import uuid

import httpx
import pytest
from django.contrib.auth.models import Permission

from services.common.auth import public_key_of
from services.common.config import CryptoConfig, TokenKeys
from services.common.crypto import LocalKeyring
from services.common.db import utcnow
from services.registration import create_app
from services.registration.config import Config
from services.registration.extensions import db
from services.registration.models import OutboxMessage
from wagtail_convene.clients import registration as registration_client

from .conftest import make_reviewer

pytestmark = pytest.mark.django_db
SCREEN = "/admin/convene/dead-letters/registration/"


@pytest.fixture
def registration(settings, tmp_path, monkeypatch):
    """The registration service with one dead letter; the CMS's client speaks to it."""
    from flask_migrate import upgrade

    LocalKeyring.add_key(tmp_path / "keys")
    config = Config(
        database_url=f"sqlite:///{tmp_path / 'registration.sqlite3'}",
        crypto=CryptoConfig("local", tmp_path / "keys", secrets.token_bytes(32)),
        tokens=TokenKeys("", {"cms": public_key_of(settings.WAGTAILCONVENE_SIGNING_KEY)}),
        mailer_url="http://127.0.0.1:9",
    )
    app = create_app(config)
    with app.app_context():
        upgrade()
        item = OutboxMessage(
            id=uuid.uuid4(),
            topic="registration.receipt",
            object_id=str(uuid.uuid4()),  # its registration was erased: no region
            attempts=8,
            last_error="ConnectError",
            failed_at=utcnow(),
        )
        db.session.add(item)
        db.session.commit()
        item_id = str(item.id)
    real = registration_client.RegistrationClient.__init__

    def over_wsgi(self, base_url, tokens, timeout=10.0, transport=None):
        real(self, "http://registration", tokens, timeout, httpx.WSGITransport(app=app))

    monkeypatch.setattr(registration_client.RegistrationClient, "__init__", over_wsgi)
    yield item_id
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_reviewer_reads_labels_in_french_and_discards_with_a_reason(
    client, django_user_model, registration
):
    from wagtail.users.models import UserProfile

    user = make_reviewer(django_user_model)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(user)
    page = client.get(SCREEN)
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "Accusé de réception d'inscription" in text
    assert "Le service destinataire était injoignable" in text
    assert "Aucune région (dossier effacé)" in text
    assert "registration.receipt" not in text and "ConnectError" not in text
    assert "no-store" in page["Cache-Control"]

    kept = client.post(SCREEN, {"item": registration, "action": "discard"}, follow=True)
    assert "Indiquez pourquoi le message est abandonné." in html.unescape(kept.text)
    done = client.post(
        SCREEN, {"item": registration, "action": "discard", "reason": "erased"}, follow=True
    )
    assert "Le message a été abandonné." in html.unescape(done.text)
    assert "Aucun message n'est définitivement en échec." in html.unescape(done.text)


def test_without_the_role_the_screens_are_refused(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="pw-0123456789")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for url in (SCREEN, "/admin/convene/dead-letters/mailer/", "/admin/convene/dead-letters/"):
        refused = client.get(url, follow=True)
        assert refused.redirect_chain == [("/admin/", 302)], url
    assert "convene-dead-letters" not in client.get("/admin/").text
