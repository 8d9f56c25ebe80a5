"""Over HTTP against the real CMS and grievance service: a reporter's contact details are
not on the case's page for staff with the region; the case's assignee opens them with a
reason (a POST with CSRF), and another member of staff cannot."""

import html
import re
import secrets

import httpx

from tests.support.site import csrf, login, report_fields

REPORT = "/review-ece/report/grievance/"
COLLEAGUE = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from wagtail_convene.intake.models import IntakeReviewer
user = get_user_model().objects.create_user({name!r}, password={password!r}, is_staff=True)
user.user_permissions.add(Permission.objects.get(codename="access_admin"))
IntakeReviewer.objects.create(user=user, regions="ECE")
"""


def test_only_the_assignee_opens_the_reporters_contact_details(stack, admin):
    tag = secrets.token_hex(3)
    email = f"contact.{tag}@example.org"
    with httpx.Client(base_url=stack.url("cms"), timeout=30) as public:
        form = public.get(REPORT)
        sent = public.post(
            REPORT,
            data={
                **report_fields(form.text),
                "category": "language_and_interpretation",
                "description": f"Canary-Contact {tag}: the venue had no ramp.",
                "contact_name": f"Canary {tag}",
                "contact_email": email,
            },
        )
    assert sent.status_code == 200, sent.text[:1000]

    queue = admin.get("/admin/convene/intake/cases/grievances/")
    for link in re.findall(
        r'href="(/admin/convene/intake/cases/grievances/[0-9a-f-]{36}/)"', queue.text
    ):
        case = admin.get(link)
        if f"Canary-Contact {tag}" in html.unescape(case.text):
            break
    text = html.unescape(case.text)
    assert f"Canary-Contact {tag}" in text and email not in text
    assert "Only the case's assignee can open them" in text
    # Opening without being the assignee: refused by the service, nothing shown.
    refused = admin.post(link, data={**csrf(case.text), "action": "contact", "reason": "safety"})
    assert email not in html.unescape(refused.text)

    # Nobody takes a case for themselves: the admin is not offered to the admin.
    assert not re.search(r'<option value="cms:user:\d+"[^>]*>admin</option>', case.text)
    # A colleague of the region assigns it to the admin.
    password = secrets.token_urlsafe(12)
    stack.manage("shell", "-c", COLLEAGUE.format(name=f"lead-{tag}", password=password))
    with httpx.Client(base_url=stack.url("cms"), follow_redirects=True, timeout=60) as lead:
        login(lead, f"lead-{tag}", password)
        seen = lead.get(link)
        me = re.search(r'<option value="(cms:user:\d+)"[^>]*>admin</option>', seen.text).group(1)
        given = lead.post(link, data={**csrf(seen.text), "action": "assign", "assignee": me})
        assert given.status_code == 200 and email not in html.unescape(given.text)
    case = admin.get(link)
    assert "As the case's assignee you may open them" in html.unescape(case.text)
    assert email not in html.unescape(case.text)
    opened = admin.post(link, data={**csrf(case.text), "action": "contact", "reason": "answering"})
    assert email in html.unescape(opened.text)
    # A GET of the page afterwards shows them no longer: each opening is its own, recorded.
    assert email not in html.unescape(admin.get(link).text)
