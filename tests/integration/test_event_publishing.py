"""Publishing an event sends its settings to the registration service; unpublishing closes it."""

import httpx

from tests.support.site import cms_bearer

UNPUBLISH = """
from wagtail_convene.events.models import EventPage
page = EventPage.objects.get(slug="review-meeting", locale__language_code="en", region="ECA")
print("KEY", page.event_key)
page.unpublish()
"""


def cms_headers(stack):
    return cms_bearer(stack.data_dir, "registration", roles=["cms"])


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
