"""The submission form's request handling; the work is in `actions`."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from . import actions
from .forms import SubmissionForm


@never_cache
def submission_form(request, page):
    if request.GET.get("sent") == "1":
        return TemplateResponse(
            request, "wagtail_convene/submissions/submission_thanks.html", {"page": page}
        )
    form = SubmissionForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            actions.create_submission(page, form.cleaned_data)
            return redirect(page.url + "?sent=1")
        status = 422
    return TemplateResponse(
        request, page.get_template(request), {"page": page, "form": form}, status=status
    )
