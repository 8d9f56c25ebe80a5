"""Log lines never carry the token of an e-mailed link.

Pages reached from e-mailed links are served at addresses without their token
(`emailed_links`), but the link's own first request, and a mail program's one-click
unsubscription (RFC 8058), still name it in their path, and Django names the path of a
request that fails ("Internal Server Error: /newsletter/unsubscribe/<token>/"), as of
a staff password reset's link. This
filter, on the site's log handler, cuts the token out of every record before it is
written.
"""

from __future__ import annotations

import logging
import re

TOKEN_IN_PATH = re.compile(
    r"(/(?:registration/(?:mine|authorise|guardian|accept)|newsletter/(?:confirm|unsubscribe)"
    r"|admin/password_reset/confirm/[^/\s]+)/)"  # a staff password reset: /<uid>/<token>/
    r"(?!(?:download|erase|set-password)/)[^/\s?#\"'<>]+"
)


def redact(text: str) -> str:
    return TOKEN_IN_PATH.sub(r"\1[token]", text)


class RedactLinkTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, ()
        return True
