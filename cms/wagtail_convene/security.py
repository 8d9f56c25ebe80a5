"""Security headers from the application itself, not only from the reverse proxy.

Django's SecurityMiddleware sends `X-Content-Type-Options: nosniff`, `Referrer-Policy`
and, in production, HSTS; XFrameOptionsMiddleware sends `X-Frame-Options: DENY`. This
middleware adds what Django 5.2 lacks, a Content-Security-Policy, and `no-store` on the
admin, where every screen can show personal data (public pages that show personal data
say `no-store` themselves: intake forms, self-service, reporting follow-up).

Two policies, because Wagtail 8's admin still writes inline scripts (InlinePanel,
MultipleChooserPanel, the date and time choosers): the public site allows no inline
script or style at all; the admin allows inline ones but nothing from another origin. A
response that a view allowed to be framed by the site itself (Wagtail's preview:
`X-Frame-Options: SAMEORIGIN`) gets `frame-ancestors 'self'`; every other one `'none'`.
"""

from __future__ import annotations

from django.urls import reverse

from . import conf

SITE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
ADMIN_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every response; `no-store` on every admin response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        if self.admin_prefix is None:
            self.admin_prefix = reverse("wagtailadmin_home")
        admin = request.path.startswith(self.admin_prefix)
        if "Content-Security-Policy" not in response:
            policy = (
                conf.admin_content_security_policy() if admin else conf.content_security_policy()
            )
            if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
                policy = policy.replace("frame-ancestors 'none'", "frame-ancestors 'self'")
            response["Content-Security-Policy"] = policy
        if admin:
            response["Cache-Control"] = "no-store"
        return response
