"""A rejected submission: the submitter learns the reason by e-mail, then is forgotten."""

import email
from email import policy

import httpx

from demo.home.documents import minimal_pdf
from tests.support.site import csrf, wait_for_mail

REJECT = """
from wagtail.models import TaskState
from django.contrib.auth import get_user_model
from wagtail_convene.submissions.models import SubmissionPage
page = SubmissionPage.objects.get(title="Rejected canary submission")
state = TaskState.objects.get(workflow_state__object_id=str(page.pk), status="in_progress")
state.specific.reject(user=get_user_model().objects.get(username="admin"),
                      comment="Please send the full report, not only its cover.")
page.refresh_from_db()
print("SEALED", bool(page.submitter_email_sealed), "LIVE", page.live)
"""


def test_rejection_reason_is_mailed_in_the_submitters_language(stack):
    with httpx.Client(base_url=stack.url("cms"), follow_redirects=True) as web:
        form = web.get("/review-eca/send-a-submission/")
        sent = web.post(
            "/review-eca/send-a-submission/",
            data={
                **csrf(form.text),
                "title": "Rejected canary submission",
                "organisation": "Canary",
                "category": "media",
                "country": "SN",
                "submission_language": "fr",
                "summary": "Cover page only.",
                "email": "rejected.canary@example.org",
                "consent": "on",
            },
            files={"document": ("cover.pdf", minimal_pdf("cover"), "application/pdf")},
        )
    assert "Submission received" in sent.text
    out = stack.manage("shell", "-c", REJECT)
    assert "SEALED False LIVE False" in out
    mail = email.message_from_string(
        wait_for_mail(stack.mail_dir, "rejected.canary@"), policy=policy.default
    )
    assert mail["Subject"] == "Votre contribution n'a pas pu être publiée"
    assert "Please send the full report" in mail.get_content()
