"""Service tokens: issued short-lived with the issuer's own key, verified strictly."""

import time

import jwt
import pytest

from services.common.auth import (
    MAX_TTL,
    AuthError,
    TokenIssuer,
    TokenVerifier,
    new_signing_key,
    public_key_of,
)

CMS_KEY = new_signing_key()


def verifier(**kwargs):
    return TokenVerifier({"cms": public_key_of(CMS_KEY)}, audience="registration", **kwargs)


def signed(payload: dict, key: str = CMS_KEY, kid: str = "cms") -> str:
    return jwt.encode(payload, TokenIssuer(key, kid)._key, algorithm="EdDSA", headers={"kid": kid})


def test_round_trip_carries_user_roles_and_regions():
    token = TokenIssuer(CMS_KEY, "cms").issue(
        "registration", subject="user:3", roles=["secretariat"], regions=["ECE", "ECA"]
    )
    claims = verifier().verify(token)
    assert claims.subject == "user:3" and claims.issuer == "cms"
    assert claims.has_role("secretariat") and not claims.has_role("cms")
    assert claims.may_see_region("ECA") and not claims.may_see_region("ESCAP")
    assert len(claims.token_id) == 32


def test_each_token_is_unique_short_lived_and_signed_with_eddsa():
    issuer = TokenIssuer(CMS_KEY, "cms")
    a, b = issuer.issue("registration"), issuer.issue("registration")
    assert a != b
    assert jwt.get_unverified_header(a) == {"alg": "EdDSA", "kid": "cms", "typ": "JWT"}
    payload = jwt.decode(a, options={"verify_signature": False})
    assert payload["exp"] - payload["iat"] <= MAX_TTL
    with pytest.raises(ValueError):
        TokenIssuer(CMS_KEY, "cms", ttl=3600)


@pytest.mark.parametrize(
    ("make_token", "message"),
    [
        (lambda: None, "required"),
        (lambda: "not-a-jwt", "invalid"),
        (lambda: TokenIssuer(CMS_KEY, "cms").issue("mailer"), "not meant"),
        (lambda: TokenIssuer(new_signing_key(), "cms").issue("registration"), "invalid"),
        (lambda: TokenIssuer(CMS_KEY, "stranger").issue("registration"), "unknown issuer"),
    ],
)
def test_bad_tokens_are_refused(make_token, message):
    with pytest.raises(AuthError, match=message):
        verifier().verify(make_token())


def test_a_token_must_name_as_issuer_the_key_that_signed_it():
    # Signed with the CMS's key but claiming to come from someone else: refused.
    now = int(time.time())
    base = {"aud": "registration", "sub": "x", "jti": "1", "iat": now, "exp": now + 30}
    with pytest.raises(AuthError, match="invalid"):
        verifier().verify(signed({**base, "iss": "mailer"}))


def test_hmac_tokens_are_refused_whatever_their_secret():
    """The algorithm-confusion attack: an HS256 token whose secret is the CMS's public key
    (which every service holds), or any other value."""
    now = int(time.time())
    payload = {"iss": "cms", "aud": "registration", "sub": "cms", "jti": "1"}
    payload |= {"iat": now, "exp": now + 30}
    for secret in (public_key_of(CMS_KEY), bytes.fromhex(public_key_of(CMS_KEY)), "s" * 40):
        token = jwt.encode(payload, secret, algorithm="HS256", headers={"kid": "cms"})
        with pytest.raises(AuthError):
            verifier().verify(token)


def test_expired_and_long_lived_tokens_are_refused():
    now = int(time.time())
    base = {"iss": "cms", "aud": "registration", "sub": "cms", "jti": "1"}
    with pytest.raises(AuthError, match="expired"):
        verifier().verify(signed({**base, "iat": now - 90, "exp": now - 30}))
    with pytest.raises(AuthError, match="too long"):
        verifier().verify(signed({**base, "iat": now, "exp": now + 3600}))
    unsigned = jwt.encode({**base, "iat": now, "exp": now + 30}, None, algorithm="none")
    with pytest.raises(AuthError):
        verifier().verify(unsigned)


def test_a_token_checked_once_still_expires():
    check = verifier()
    token = TokenIssuer(CMS_KEY, "cms", ttl=1).issue("registration")
    assert check.verify(token).issuer == "cms"
    assert check.verify(token).issuer == "cms"  # from the cache of checked signatures
    time.sleep(2.05)
    with pytest.raises(AuthError, match="expired"):
        check.verify(token)


def test_a_forged_token_is_refused_even_after_a_genuine_one():
    check = verifier()
    genuine = TokenIssuer(CMS_KEY, "cms").issue("registration")
    check.verify(genuine)
    forged = TokenIssuer(new_signing_key(), "cms").issue("registration")
    with pytest.raises(AuthError):
        check.verify(forged)
