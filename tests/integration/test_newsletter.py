"""Double opt-in from the website, a campaign, and RFC 8058 one-click unsubscribe, for real."""

import email
import re
import time
from email import policy

import httpx

from tests.support.site import cms_bearer, csrf, wait_for_mail


def outreach_headers(stack):
    return cms_bearer(stack.data_dir, "mailer", subject="user:1", roles=["outreach"])


def send_campaign(stack, name: str) -> str:
    mailer = stack.url("mailer")
    created = httpx.post(
        f"{mailer}/campaigns",
        headers=outreach_headers(stack),
        json={
            "name": name,
            "segment": {"lists": ["updates"]},
            "fallback_language": "en",
            "versions": {
                "en": {"subject": name, "text": "Hello {{ name }}"},
                "fr": {"subject": f"{name} (fr)", "text": "Bonjour {{ name }}"},
            },
        },
    ).json()
    httpx.post(
        f"{mailer}/campaigns/{created['id']}/actions",
        json={"action": "schedule"},
        headers=outreach_headers(stack),
    )
    return created["id"]


def campaign_done(stack, cid: str, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = httpx.get(
            f"{stack.url('mailer')}/campaigns/{cid}", headers=outreach_headers(stack)
        ).json()
        if state["status"] == "sent":
            return state["progress"]
        time.sleep(0.3)
    raise AssertionError("campaign did not finish")


def test_subscribe_confirm_receive_and_unsubscribe_in_one_click(stack):
    cms = stack.url("cms")
    with httpx.Client(base_url=cms, follow_redirects=True) as web:
        form = web.get("/fr/newsletter/subscribe/")
        sent = web.post(
            "/fr/newsletter/subscribe/",
            data={
                **csrf(form.text),
                "email": "reader.canary@example.org",
                "name": "Reader",
            },
        )
        assert "Consultez votre messagerie" in sent.text
        raw = wait_for_mail(stack.mail_dir, "reader.canary@example.org")
        confirmation = email.message_from_string(raw, policy=policy.default)
        assert confirmation["Subject"] == "Veuillez confirmer votre abonnement"
        link = re.search(r"(/fr/newsletter/confirm/[\w-]+/)", confirmation.get_content()).group(1)
        page = web.get(link)  # the token is exchanged for a cookie: the page has no token
        assert page.url.path == "/fr/newsletter/confirm/"
        assert "Abonnement confirmé" in web.post(page.url.path, data=csrf(page.text)).text

    cid = send_campaign(stack, "First update")
    first = campaign_done(stack, cid)["sent"]
    assert first >= 1
    mails = [
        email.message_from_bytes(p.read_bytes(), policy=policy.default)
        for p in stack.mail_dir.glob("*.eml")
    ]
    update = next(m for m in mails if m["Subject"] == "First update (fr)")
    assert update["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = update["List-Unsubscribe"].strip("<>")
    assert url.startswith(f"{cms}/fr/newsletter/unsubscribe/") and "reader" not in url

    # What a mail client does for RFC 8058: a bare POST, no cookies, no CSRF token.
    one_click = httpx.post(url, data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200 and "Vous êtes désabonné" in one_click.text

    cid = send_campaign(stack, "Second update")
    progress = campaign_done(stack, cid)
    later = [
        email.message_from_bytes(p.read_bytes(), policy=policy.default)
        for p in stack.mail_dir.glob("*.eml")
    ]
    assert not any(
        m["Subject"].startswith("Second update") and "reader.canary" in m["To"] for m in later
    )
    assert progress["sent"] == first - 1  # everyone else on the list, as before
