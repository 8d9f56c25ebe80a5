"""Error pages in the visitor's language (the address's language prefix), in the site's
layout, each with a way back. Wire them in the project's URLconf and settings:

    handler404 = "wagtail_convene.errors.page_not_found"
    handler500 = "wagtail_convene.errors.server_error"
    CSRF_FAILURE_VIEW = "wagtail_convene.errors.csrf_failure"

The 500 page reads no database: the failure may be the database."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token


def _language(request) -> str:
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def home_url(language: str) -> str:
    """The home page of `language`: English at /, the others under their prefix."""
    if language == settings.LANGUAGE_CODE:
        return "/"
    return f"/{language}/"


def _render(request, template: str, status: int, **context) -> HttpResponse:
    language = _language(request)
    with translation.override(language):
        context["home_url"] = home_url(language)
        html = render_to_string(f"wagtail_convene/errors/{template}", context, request=request)
    response = HttpResponse(html, status=status)
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def page_not_found(request, exception=None):
    return _render(request, "404.html", 404)


@requires_csrf_token
def server_error(request):
    return _render(request, "500.html", 500)


@requires_csrf_token
def csrf_failure(request, reason=""):
    # The form's own address: opening it again gives a fresh form (and a fresh token).
    back = request.path if request.method == "POST" else None
    return _render(request, "403_csrf.html", 403, back_url=back)
