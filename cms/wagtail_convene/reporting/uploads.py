"""Report bodies stay in memory and within what the form promises (issue 17, sections 4-5).

Django writes an uploaded file over 2.5 MB to a temporary file in /tmp: a reporter's
evidence would lie on disk, readable by whoever gets the disk or its backup, until the
request ends (and for ever if the process dies first). On a page that sets
`memory_only_uploads` (the reporting page) this middleware gives the request an upload
handler that keeps every file in memory, and refuses a body larger than
`conf.report_body_max()` (5 files of 10 MB and the text) before reading a byte of it, with
a page in the reporter's language.

It has to run before `CsrfViewMiddleware`, which reads the body (so the upload
handlers) of every POST to check its token: list it just above that one in MIDDLEWARE.
The page is found the way Wagtail's own `serve` finds it (the result is cached on the
request, so the page is looked up once).
"""

from __future__ import annotations

from django.core.files.uploadhandler import MemoryFileUploadHandler
from wagtail import views as wagtail_views
from wagtail.models import Page

from .. import conf


class MemoryOnlyUploadHandler(MemoryFileUploadHandler):
    """Every file in memory whatever its size; the body was capped before it was read."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):  # noqa: N803
        self.activated = True


class ReportingUploadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or view_func is not wagtail_views.serve:
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        route = Page.route_for_request(request, path)
        if route is None or not getattr(route[0], "memory_only_uploads", False):
            return None
        page = route[0]
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > conf.report_body_max():
            from .views import too_large

            return too_large(request, page)
        request.upload_handlers = [MemoryOnlyUploadHandler(request)]
        return None
