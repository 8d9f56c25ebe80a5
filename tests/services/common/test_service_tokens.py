"""Service tokens: issued short-lived, verified strictly."""

import time

import jwt
import pytest

from services.common.auth import MAX_TTL, AuthError, TokenIssuer, TokenVerifier

SECRET = "s" * 40


def verifier(**kwargs):
    return TokenVerifier(SECRET, audience="registration", issuers={"cms"}, **kwargs)


def test_round_trip_carries_user_roles_and_regions():
    token = TokenIssuer(SECRET, "cms").issue(
        "registration", subject="user:3", roles=["secretariat"], regions=["ECE", "ECA"]
    )
    claims = verifier().verify(token)
    assert claims.subject == "user:3" and claims.issuer == "cms"
    assert claims.has_role("secretariat") and not claims.has_role("cms")
    assert claims.may_see_region("ECA") and not claims.may_see_region("ESCAP")
    assert len(claims.token_id) == 32


def test_each_token_is_unique_and_short_lived():
    issuer = TokenIssuer(SECRET, "cms")
    a, b = issuer.issue("registration"), issuer.issue("registration")
    assert a != b
    payload = jwt.decode(a, SECRET, algorithms=["HS256"], audience="registration")
    assert payload["exp"] - payload["iat"] <= MAX_TTL
    with pytest.raises(ValueError):
        TokenIssuer(SECRET, "cms", ttl=3600)


@pytest.mark.parametrize(
    ("make_token", "message"),
    [
        (lambda: None, "required"),
        (lambda: "not-a-jwt", "invalid"),
        (lambda: TokenIssuer(SECRET, "cms").issue("mailer"), "not meant"),
        (lambda: TokenIssuer("x" * 40, "cms").issue("registration"), "invalid"),
        (lambda: TokenIssuer(SECRET, "stranger").issue("registration"), "unknown issuer"),
    ],
)
def test_bad_tokens_are_refused(make_token, message):
    with pytest.raises(AuthError, match=message):
        verifier().verify(make_token())


def test_expired_and_long_lived_tokens_are_refused():
    now = int(time.time())
    base = {"iss": "cms", "aud": "registration", "sub": "cms", "jti": "1"}
    expired = jwt.encode({**base, "iat": now - 90, "exp": now - 30}, SECRET, algorithm="HS256")
    with pytest.raises(AuthError, match="expired"):
        verifier().verify(expired)
    long_lived = jwt.encode({**base, "iat": now, "exp": now + 3600}, SECRET, algorithm="HS256")
    with pytest.raises(AuthError, match="too long"):
        verifier().verify(long_lived)
    unsigned = jwt.encode({**base, "iat": now, "exp": now + 30}, None, algorithm="none")
    with pytest.raises(AuthError):
        verifier().verify(unsigned)


def test_a_token_checked_once_still_expires():
    check = verifier()
    token = TokenIssuer(SECRET, "cms", ttl=1).issue("registration")
    assert check.verify(token).issuer == "cms"
    assert check.verify(token).issuer == "cms"  # from the cache of checked signatures
    time.sleep(2.05)
    with pytest.raises(AuthError, match="expired"):
        check.verify(token)


def test_a_forged_token_is_refused_even_after_a_genuine_one():
    check = verifier()
    genuine = TokenIssuer(SECRET, "cms").issue("registration")
    check.verify(genuine)
    forged = TokenIssuer("f" * 40, "cms").issue("registration")
    with pytest.raises(AuthError):
        check.verify(forged)
