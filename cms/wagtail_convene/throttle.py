"""Per-client limits on the public forms, counted in memory and never tied to a kept address.

Every public POST counts against its form's limit (`conf.form_limits()`: scope → posts per
window of seconds) for the client that sends it. The client is named by an HMAC of its
address whose key is derived from the site's secret and the UTC date, so every name changes
at midnight and yesterday's counts cannot be matched with today's; the address itself is
never kept. A count lives in a cache for one window at most: by default the process's own
memory (Django's LocMemCache, nothing written anywhere), or the cache that
`WAGTAILCONVENE_THROTTLE_CACHE` names, shared by the processes (it holds the names, never
an address). Counting is an atomic `add` then `incr`.

With the default, each process counts alone: with P processes on a host, a client whose
posts are spread over them is refused after between `posts` and P × `posts` posts in a
window. nginx's `limit_req` (infra/nginx/convene.conf) is the per-host limit in production,
set above these so that people meet this page (their answers kept) first.

Behind nginx (`CONVENE_TRUSTED_PROXIES`), a request that comes without X-Forwarded-For is
not counted here: on the reporting path nginx passes no client address at all, and counts
that path itself, in its shared memory.

A refusal is a 429 with `Retry-After`, in the reader's language, on the form with the
person's answers (files excepted: a browser cannot be given a file back).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import ngettext

from . import conf
from .signin import client_address

PREFIX = "wagtail_convene:throttle"


@dataclass(frozen=True)
class Refusal:
    """Too many posts: `seconds` until the window ends, `minutes` rounded up."""

    seconds: int

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.seconds / 60))

    def message(self) -> str:
        """For a form shown again with the person's answers."""
        return ngettext(
            "Too many attempts from your connection. Your answers are kept below: "
            "try again in %(minutes)d minute.",
            "Too many attempts from your connection. Your answers are kept below: "
            "try again in %(minutes)d minutes.",
            self.minutes,
        ) % {"minutes": self.minutes}

    def short_message(self) -> str:
        """For a page without a form to keep."""
        return ngettext(
            "Too many attempts from your connection: try again in %(minutes)d minute.",
            "Too many attempts from your connection: try again in %(minutes)d minutes.",
            self.minutes,
        ) % {"minutes": self.minutes}

    def applied(self, response):
        """`response` as the refusal: 429, Retry-After, never cached."""
        response.status_code = 429
        response["Retry-After"] = str(self.seconds)
        response["Cache-Control"] = "no-store"
        return response


def client_name(request) -> str | None:
    """Today's keyed name of the client's address, or None when it is not known here."""
    proxies = getattr(settings, "CONVENE_TRUSTED_PROXIES", 0)
    if proxies and not request.META.get("HTTP_X_FORWARDED_FOR", "").strip():
        return None  # behind nginx with no address passed on: nginx counts this path
    address = client_address(request)
    if not address:
        return None
    day = timezone.now().date().isoformat()  # UTC: USE_TZ
    return salted_hmac(f"{PREFIX}:{day}", address, algorithm="sha256").hexdigest()[:32]


def _store():
    alias = conf.throttle_cache()
    if alias:
        return caches[alias]
    return apps.get_app_config("wagtail_convene").throttle_store


def check(request, scope: str) -> Refusal | None:
    """Count this post against `scope`; a Refusal when the client is over the limit."""
    name = client_name(request)
    if name is None:
        return None
    posts, seconds = conf.form_limits()[scope]
    now = time.time()
    window = int(now // seconds)
    key = f"{PREFIX}:{scope}:{window}:{name}"
    store = _store()
    store.add(key, 0, timeout=seconds + 1)
    try:
        count = store.incr(key)
    except ValueError:  # the entry ended between add and incr: a new window
        store.add(key, 1, timeout=seconds + 1)
        count = 1
    if count <= posts:
        return None
    return Refusal(max(1, math.ceil((window + 1) * seconds - now)))


def put_on(form, refusal: Refusal) -> None:
    """Show the refusal above the form's fields, with what was posted (a form posted empty
    is unbound: it is bound here to the empty post, as its constructor would have)."""
    form.is_bound = True  # its data is already an empty MultiValueDict when unbound
    form.add_error(None, refusal.message())


def refused_page(request, refusal: Refusal):
    """The 429 page for an action without a form to keep (a button, a link's page)."""
    response = TemplateResponse(
        request, "wagtail_convene/too_many.html", {"message": refusal.short_message()}
    )
    return refusal.applied(response)
