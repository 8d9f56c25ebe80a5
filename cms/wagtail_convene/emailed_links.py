"""The token of an e-mailed link, exchanged at once for a short cookie and a clean address.

"My registration", a focal point's or a guardian's consent, a nomination, a newsletter
confirmation, the unsubscribe page and "never e-mail me again" are opened from links
that carry their only credential in the address: `/registration/mine/<token>/`. An
address is written into access logs (with the visitor's IP address and browser), error
logs, browser history, and the Referer of the next request. So the page behind a link
is never served at the link's address: the first request is answered with a redirect to
the same page without the token (`/registration/mine/`), and a cookie that carries the token for
`conf.link_seconds()` (30 minutes). nginx keeps no log line of the first request
(infra/nginx/convene.conf); nothing else ever sees the token in an address.

The cookie is HttpOnly, SameSite=Lax (a link opened from a mail program is a top-level
navigation: Lax lets the cookie come back on it, and keeps it off other sites' posts),
Secure behind HTTPS, and holds the token sealed with its expiry (AES-GCM under the CMS's
field key, bound to the link's purpose: `sealing`): a copy of the browser's cookies reveals
no token, and after 30 minutes opens nothing even if its deletion failed. No row is
written: the site keeps no session for people who follow a link.
"""

from __future__ import annotations

import base64
import binascii
import json
import time

from django.http import HttpResponseRedirect

from . import conf, sealing

PURPOSES = ("mine", "authorise", "guardian", "accept", "confirm", "unsubscribe", "never")


def _cookie(purpose: str) -> str:
    return f"convene_{purpose}"


def _context(purpose: str) -> str:
    return f"emailed-link|{purpose}"


def exchange(request, purpose: str, token: str, clean_url: str) -> HttpResponseRedirect:
    """Answer a link's first request: a redirect to `clean_url`, with the cookie."""
    assert purpose in PURPOSES, purpose  # noqa: S101 - a programming error, not input
    until = int(time.time()) + conf.link_seconds()
    sealed = sealing.seal(json.dumps({"token": token, "until": until}), _context(purpose))
    response = HttpResponseRedirect(clean_url)
    response.set_cookie(
        _cookie(purpose),
        base64.urlsafe_b64encode(sealed).decode(),
        max_age=conf.link_seconds(),
        path="/",
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    no_trace(response)
    return response


def token(request, purpose: str) -> str | None:
    """The token this browser exchanged for `purpose`, while it lasts; else None."""
    value = request.COOKIES.get(_cookie(purpose))
    if not value:
        return None
    try:
        opened = json.loads(sealing.unseal(base64.urlsafe_b64decode(value), _context(purpose)))
    except (sealing.SealError, binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(opened, dict) or opened.get("until", 0) < time.time():
        return None
    found = opened.get("token")
    return found if isinstance(found, str) and found else None


def forget(response, purpose: str):
    """Delete the cookie (after an erasure, a confirmation, an unsubscription)."""
    response.delete_cookie(_cookie(purpose), path="/", samesite="Lax")
    return response


def no_trace(response):
    """Neither kept by a cache nor named as the referrer of the next request."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
