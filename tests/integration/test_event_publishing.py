"""Publishing an event sends its settings to the registration service; unpublishing closes it."""

import httpx

from services.common.auth import TokenIssuer

UNPUBLISH = """
from wagtail_convene.events.models import EventPage
page = EventPage.objects.get(slug="review-meeting", locale__language_code="en", region="ECA")
print("KEY", page.event_key)
page.unpublish()
"""


def cms_headers(stack) -> dict:
    secret = (stack.data_dir / "keys" / "service-jwt.key").read_bytes().hex()
    token = TokenIssuer(secret, "cms").issue("registration", roles=["cms"])
    return {"Authorization": f"Bearer {token}"}


def test_unpublishing_closes_registration(stack):
    out = stack.manage("shell", "-c", UNPUBLISH)
    key = out.split("KEY ")[1].split()[0]
    event = httpx.get(
        f"{stack.url('registration')}/events/{key}", headers=cms_headers(stack)
    ).json()
    assert event["region"] == "ECA" and event["timezone"] == "Africa/Addis_Ababa"
    assert event["registration_open"] is False
    assert [(t["name"], t["kind"]) for t in event["tracks"]] == [
        ("Speaking from the floor", "floor_speaker"),
        ("Observers", "observer"),
    ]
