from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from .api import api_router

urlpatterns = [
    # Before Wagtail's admin: its password-reset form, limited per account and address.
    path("admin/password_reset/", include("wagtail_convene.staff.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("api/v2/", api_router.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("wagtail_convene.media")),
]
# English at /, every other language under its prefix (/fr/, /ar/, ...).
urlpatterns += i18n_patterns(
    path("", include("wagtail_convene.outreach.urls")),
    path("", include("wagtail_convene.selfservice.urls")),
    path("", include("wagtail_convene.reporting.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# Error pages in the visitor's language and the site's layout, with a way back.
handler404 = "wagtail_convene.errors.page_not_found"
handler500 = "wagtail_convene.errors.server_error"
