"""Where a request came from, as the browser says (Fetch Metadata).

Screens that decrypt personal data on GET (queues, records) refuse a navigation that
another site started: under SameSite=Lax a page elsewhere could otherwise open them in the
officer's name, and each opening is recorded as theirs. Browsers send `Sec-Fetch-Site`;
a request without it (a script, an old browser) is not a cross-site navigation by a
modern browser, and decrypting actions that matter (opening a record with a reason, the
CSV export) are POSTs with the CSRF check in any case.
"""

from __future__ import annotations

FOREIGN = {"cross-site", "same-site"}


def cross_site(request) -> bool:
    return request.headers.get("Sec-Fetch-Site", "").lower() in FOREIGN
