"""The second-factor screens, inside the admin (Wagtail checks admin access first), and
the password-reset form, which must come before Wagtail's admin URLs in a site's urls.py
because it serves people who are not signed in:

    path("admin/password_reset/", include("wagtail_convene.staff.urls")),
    path("admin/", include(wagtailadmin_urls)),
"""

from django.urls import include, path

from . import reset, views
from .middleware import ENROL, STEP

admin_urlpatterns = [
    path("convene/second-factor/", views.SecondFactorStep.as_view(), name=STEP),
    path("convene/second-factor/enrol/", views.Enrol.as_view(), name=ENROL),
    path("convene/second-factor/codes/", views.RecoveryCodes.as_view(), name=views.CODES),
    # The WebAuthn ceremonies' JSON endpoints (django-otp-webauthn), namespace otp_webauthn.
    path("convene/second-factor/key/", include("django_otp_webauthn.urls")),
]

urlpatterns = [
    path("", reset.ThrottledPasswordResetView.as_view(), name="wagtailadmin_password_reset"),
]
