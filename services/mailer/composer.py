"""Building MIME messages: plain text and HTML parts, language, unsubscribe headers."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

DOMAIN = "convene.localhost"


def compose(
    from_address: str,
    to: str,
    subject: str,
    text: str,
    language: str,
    message_id: str,
    html: str = "",
    unsubscribe_url: str | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = from_address
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(idstring=message_id, domain=DOMAIN)
    if unsubscribe_url:
        # RFC 8058: mail clients offer a one-click unsubscribe that POSTs to this URL.
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    message["Content-Language"] = language  # after set_content, which clears Content-*
    return message
