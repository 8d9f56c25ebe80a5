"""Editors' templates: one version per language, preview with a sample contact, test send."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...clients.errors import ServiceRejected
from ..admin_forms import TemplateForm, TestSendForm, languages
from .base import OutreachView, form_errors_from

TEMPLATES_CRUMB = [("/admin/convene/outreach/templates/", gettext_lazy("Templates"))]


class TemplatesView(OutreachView):
    page_title = gettext_lazy("Templates")
    template_name = "wagtail_convene/outreach/admin/templates.html"

    def get(self, request, *args, **kwargs):
        names = dict(languages())
        templates = self.call("templates")
        for template in templates:
            template["language_names"] = [names.get(c, c) for c in sorted(template["versions"])]
        return self.render_to_response(self.get_context_data(templates=templates))


class TemplateEditView(OutreachView):
    """New (no key) or existing template; `?preview=<language>` renders one version."""

    template_name = "wagtail_convene/outreach/admin/template_edit.html"
    parent_crumbs = TEMPLATES_CRUMB

    def get_page_title(self):
        return self.kwargs.get("key") or _("New template")

    def get(self, request, *args, **kwargs):
        key = self.kwargs.get("key")
        if key is None:
            return self.show(TemplateForm(), None)
        template = self.call("get_template", key)
        return self.show(
            TemplateForm(initial=TemplateForm.initial_from(template), editing=True), template
        )

    def post(self, request, *args, **kwargs):
        key = self.kwargs.get("key")
        template = self.call("get_template", key) if key else None
        if request.POST.get("action") == "test":
            return self.test_send(template)
        form = TemplateForm(request.POST, editing=key is not None, initial={"key": key})
        if form.is_valid():
            data = form.cleaned_data
            try:
                self.call("save_template", key or data["key"], data["name"], data["versions"])
            except ServiceRejected as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("Template saved."))
                return redirect("wagtail_convene_outreach_template", key=key or data["key"])
        return self.show(form, template, status=422)

    def test_send(self, template):
        form = TestSendForm(self.request.POST, versions=template["versions"])
        if form.is_valid():
            self.call(
                "test_send", template["key"], form.cleaned_data["language"], form.cleaned_data["to"]
            )
            messages.success(self.request, _("A test message is on its way."))
            return redirect("wagtail_convene_outreach_template", key=template["key"])
        editor = TemplateForm(initial=TemplateForm.initial_from(template), editing=True)
        return self.show(editor, template, test_form=form, status=422)

    def show(self, form, template, test_form=None, status=200):
        preview, language = None, self.request.GET.get("preview")
        if template and language in template["versions"]:
            preview = self.call("preview", template["key"], language)
        if template and test_form is None:
            test_form = TestSendForm(
                versions=template["versions"],
                initial={"to": self.request.user.email, "language": language},
            )
        context = self.get_context_data(
            form=form,
            template=template,
            preview=preview,
            preview_language=language,
            test_form=test_form,
            action_url=reverse("wagtail_convene_outreach_template", args=[template["key"]])
            if template
            else reverse("wagtail_convene_outreach_template_new"),
        )
        return self.render_to_response(context, status=status)
