"""A staff password reset through the running system (issue 16, path 4): the CMS asks the
mailer, the mailer's worker delivers to the SMTP sink in the account's language, the link
sets a new password, and signing in with it still asks for the second factor."""

import re
import secrets

import httpx

from tests.support.journey import link_in, mails
from tests.support.site import csrf

STAFF = """
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile
user = get_user_model().objects.create_superuser({name!r}, {email!r}, {password!r})
profile = UserProfile.get_for_user(user)
profile.preferred_language = "fr"
profile.save()
"""


def test_a_reset_link_comes_through_the_mailer_and_the_second_factor_still_stands(stack):
    tag = secrets.token_hex(3)
    name, email = f"reset-{tag}", f"reset.{tag}@example.org"
    stack.manage("shell", "-c", STAFF.format(name=name, email=email, password=secrets.token_hex(8)))
    with httpx.Client(base_url=stack.url("cms"), timeout=30, follow_redirects=True) as browser:
        form = browser.get("/admin/password_reset/")
        sent = browser.post("/admin/password_reset/", data={**csrf(form.text), "email": email})
        assert sent.status_code == 200 and "/admin/password_reset/done/" in str(sent.url)

        [message] = mails(stack.mail_dir, email)
        assert message["Subject"] == "Réinitialiser votre mot de passe"  # the account's language
        link = link_in(message, "/admin/password_reset/confirm/")
        assert link.startswith(stack.url("cms"))
        chosen = browser.get(link)
        new_password = secrets.token_urlsafe(16)
        done = browser.post(
            str(chosen.url),
            data={
                **csrf(chosen.text),
                "new_password1": new_password,
                "new_password2": new_password,
            },
        )
        assert "/admin/password_reset/complete/" in str(done.url)

        page = browser.get("/admin/login/")
        browser.post(
            "/admin/login/",
            data={**csrf(page.text), "username": name, "password": new_password},
        )
        # The new password opens enrolment of a second factor, not the admin.
        admin = browser.get("/admin/convene/intake/desk/")
        assert "/admin/convene/second-factor/enrol/" in str(admin.url)
        assert re.search(r"data-secret>[A-Z2-7 ]+<", admin.text)
