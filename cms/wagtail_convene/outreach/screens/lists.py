"""Lists with their counts, and imports: upload, column mapping, live progress, report."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ...clients.errors import ServiceRejected
from ..admin_forms import ListForm, MappingForm, UploadForm
from .base import OutreachView, form_errors_from

STATUSES = ("subscribed", "pending", "unsubscribed", "bounced", "complained")
REPORT_PAGE = 100
ATTENTION = ("invalid", "suppressed")  # rows the editor may want to fix at the source


class ListsView(OutreachView):
    page_title = _("Lists")
    template_name = "wagtail_convene/outreach/admin/lists.html"

    def get(self, request, *args, **kwargs):
        return self.show(ListForm())

    def post(self, request, *args, **kwargs):
        form = ListForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                self.call("create_list", data["key"], data["name"], data["region"], form.names())
            except ServiceRejected as exc:
                form_errors_from(form, exc)
            else:
                return redirect("wagtail_convene_outreach_lists")
        return self.show(form, status=422)

    def show(self, form, status=200):
        lists = self.call("lists")
        for item in lists:
            item["columns"] = [item["counts"].get(s, 0) for s in STATUSES]
        context = self.get_context_data(form=form, lists=lists, statuses=STATUSES)
        return self.render_to_response(context, status=status)


class ImportUploadView(OutreachView):
    template_name = "wagtail_convene/outreach/admin/import_upload.html"
    parent_crumbs = [("/admin/convene/outreach/lists/", _("Lists"))]

    def get_page_title(self):
        return _("Import contacts into %(list)s") % {"list": self.kwargs["key"]}

    def get(self, request, *args, **kwargs):
        return self.show(UploadForm())

    def post(self, request, *args, **kwargs):
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            data, upload = form.cleaned_data, form.cleaned_data["file"]
            fields = {k: data[k] for k in ("source_kind", "source_name", "consent_basis")}
            fields["list"] = self.kwargs["key"]
            try:
                job = self.call("upload", fields, upload.name, upload.read())
            except ServiceRejected as exc:
                form_errors_from(form, exc)
            else:
                return redirect("wagtail_convene_outreach_import", job_id=job["id"])
        return self.show(form, status=422)

    def show(self, form, status=200):
        imports = self.call("imports", self.kwargs["key"])
        context = self.get_context_data(form=form, imports=imports, key=self.kwargs["key"])
        return self.render_to_response(context, status=status)


class ImportView(OutreachView):
    """Waiting for a mapping: the mapping form. Otherwise: progress and the row report."""

    template_name = "wagtail_convene/outreach/admin/import.html"
    parent_crumbs = [("/admin/convene/outreach/lists/", _("Lists"))]
    page_title = _("Import")

    def get(self, request, *args, **kwargs):
        job = self.call("get_import", str(self.kwargs["job_id"]))
        if self.wants_json():
            return JsonResponse(progress_of(job))
        form = MappingForm(job["columns"], job["suggested"]) if job["status"] == "mapping" else None
        return self.show(job, form)

    def post(self, request, *args, **kwargs):
        job_id = str(self.kwargs["job_id"])
        job = self.call("get_import", job_id)
        form = MappingForm(job["columns"], job["suggested"], request.POST)
        if form.is_valid():
            try:
                self.call("set_mapping", job_id, form.mapping())
            except ServiceRejected as exc:
                form_errors_from(form, exc)
            else:
                return redirect("wagtail_convene_outreach_import", job_id=job_id)
        return self.show(job, form, status=422)

    def show(self, job, form, status=200):
        try:
            offset = max(0, int(self.request.GET.get("offset", "0") or 0))
        except ValueError as exc:  # a hand-edited address: refused, not a server error
            raise BadRequest("offset must be a whole number") from exc
        rows = []
        if job["processed"]:
            rows = self.call("import_rows", job["id"], offset, REPORT_PAGE, ATTENTION)
        context = self.get_context_data(
            job=job,
            form=form,
            progress=progress_of(job),
            rows=rows,
            offset=offset,
            next_offset=offset + REPORT_PAGE if len(rows) == REPORT_PAGE else None,
            previous_offset=max(0, offset - REPORT_PAGE) if offset else None,
            upload_url=reverse("wagtail_convene_outreach_upload", args=[job["list"]]),
        )
        return self.render_to_response(context, status=status)


def progress_of(job: dict) -> dict:
    # An XLSX's rows are counted by the mailer's worker when it reads them: until then
    # its total is 0, and the import has not started.
    total = job["total"] or 0
    done = job["status"] in ("done", "failed")
    return {
        "status": job["status"],
        "done": done,
        "processed": job["processed"],
        "total": total,
        "percent": round(100 * job["processed"] / total) if total else (100 if done else 0),
        **{k: job["counts"].get(k, 0) for k in ("new", "merged", "invalid", "suppressed")},
    }
