"""One link-token function pair for registration links and mailer unsubscribe links
(issue 16, path 6); links e-mailed before the header convention still work."""

import base64
import hashlib
import hmac
import os
import struct
import time
import uuid

import pytest
from flask import Flask

from services.common.crypto import BlindIndex, InvalidToken, tokens
from services.common.errors import NotFound
from services.mailer import subscriptions
from services.registration import links


@pytest.fixture
def index():
    app = Flask(__name__)
    app.extensions["convene_index"] = index = BlindIndex(os.urandom(32))
    with app.app_context():
        yield index


def old_token(key: bytes, body: bytes) -> str:
    """What registration/links.py and mailer/subscriptions.py wrote before the header."""
    tag = hmac.new(key, body, hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(body + tag).decode().rstrip("=")


def test_a_token_carries_its_body_and_refuses_any_change():
    key = os.urandom(32)
    token = tokens.sign(key, b"twenty bytes of body")
    assert tokens.verify(key, token, 20) == b"twenty bytes of body"
    for wrong in (
        lambda: tokens.verify(os.urandom(32), token, 20),
        lambda: tokens.verify(key, token, 21),
        lambda: tokens.verify(key, token[:-2], 20),
        lambda: tokens.verify(
            key, token[:10] + ("A" if token[10] != "A" else "B") + token[11:], 20
        ),
        lambda: tokens.verify(key, "not base64 at all ✗", 20),
    ):
        with pytest.raises(InvalidToken):
            wrong()


def test_tags_are_compared_in_constant_time(monkeypatch):
    key, calls = os.urandom(32), []
    real = hmac.compare_digest
    monkeypatch.setattr(tokens.hmac, "compare_digest", lambda a, b: calls.append(1) or real(a, b))
    tokens.verify(key, tokens.sign(key, b"x" * 20), 20)
    assert calls == [1]


def test_registration_links_of_the_old_layout_still_open(index):
    rid = uuid.uuid4()
    body = struct.pack(">16sBII", rid.bytes, 1, 3, int(time.time()) + 3600)
    key = index.derive_key(b"registration-links")
    assert links.read(old_token(key, body), "self") == (rid, 3)
    assert links.read(links.make(rid, "self", 3), "self") == (rid, 3)
    with pytest.raises(NotFound):  # another purpose's link is refused, old or new
        links.read(old_token(key, body), "accept")
    with pytest.raises(NotFound):  # signed with the mailer's key
        links.read(old_token(index.derive_key(subscriptions.UNSUBSCRIBE_PURPOSE), body), "self")


def test_unsubscribe_links_of_the_old_layout_still_open(index):
    contact = uuid.uuid4()
    body = contact.bytes + (7).to_bytes(4, "big")
    old = old_token(index.derive_key(subscriptions.UNSUBSCRIBE_PURPOSE), body)
    assert subscriptions.read_unsubscribe_token(old) == (contact, 7)
    new = subscriptions.unsubscribe_token(contact, 7)
    assert new != old and subscriptions.read_unsubscribe_token(new) == (contact, 7)
    with pytest.raises(NotFound):
        subscriptions.read_unsubscribe_token(old_token(os.urandom(32), body))
