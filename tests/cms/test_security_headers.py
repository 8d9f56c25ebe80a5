"""The CMS's own security headers (wagtail_convene.security and Django's middleware):
the policies, framing by the site itself only where a view allows it, HSTS in production.
Every page type is crawled in tests/integration/test_security_headers.py."""

import os
import subprocess
import sys

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from wagtail_convene.security import ADMIN_POLICY, SITE_POLICY, SecurityHeadersMiddleware

from .test_production_settings import CMS, SAFE

pytestmark = pytest.mark.django_db


def answer(path: str, **headers) -> HttpResponse:
    response = HttpResponse("ok")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return SecurityHeadersMiddleware(lambda request: response)(RequestFactory().get(path))


def test_the_public_policy_allows_no_inline_code_and_no_framing():
    response = answer("/fr/review-ece/")
    assert response["Content-Security-Policy"] == SITE_POLICY
    assert "unsafe-inline" not in SITE_POLICY and "frame-ancestors 'none'" in SITE_POLICY
    assert "Cache-Control" not in response  # public pages decide for themselves


def test_the_admin_has_its_own_policy_and_is_never_stored():
    response = answer("/admin/pages/3/edit/")
    assert response["Content-Security-Policy"] == ADMIN_POLICY
    assert response["Cache-Control"] == "no-store"
    assert "http" not in ADMIN_POLICY  # inline code for Wagtail, but no other origin


def test_only_a_view_that_allows_it_is_framed_and_only_by_the_site():
    # Wagtail's preview panel frames the preview (`xframe_options_sameorigin`).
    preview = answer("/admin/pages/3/edit/preview/", X_Frame_Options="SAMEORIGIN")
    assert "frame-ancestors 'self'" in preview["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in answer("/admin/")["Content-Security-Policy"]


def test_the_whole_stack_of_headers_on_a_page(client):
    page = client.get("/registration/link/")
    assert page["Content-Security-Policy"] == SITE_POLICY
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["X-Frame-Options"] == "DENY"
    assert page["Referrer-Policy"] in ("same-origin", "no-referrer")
    assert "no-store" in page["Cache-Control"]


def test_production_sends_hsts(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONVENE_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(SAFE, CONVENE_DATA_DIR=str(tmp_path))
    code = (
        "import demo.settings.production as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " 'wagtail_convene.security.SecurityHeadersMiddleware' in s.MIDDLEWARE)"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], cwd=CMS, env=env, capture_output=True, text=True, timeout=60
    )
    assert loaded.stdout.split() == ["63072000", "True", "True"], loaded.stderr[-2000:]


def test_hsts_on_a_secure_request(client, settings):
    settings.SECURE_HSTS_SECONDS = 63072000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    page = client.get("/registration/link/", secure=True)
    assert page["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/registration/link/")
