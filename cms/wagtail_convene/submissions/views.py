"""The submission form's request handling; the work is in `actions`."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from .. import throttle
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
    refusal = throttle.check(request, "submission") if request.method == "POST" else None
    if refusal is not None:
        throttle.put_on(form, refusal)
        response = TemplateResponse(
            request, page.get_template(request), {"page": page, "form": form}
        )
        return refusal.applied(response)
    if request.method == "POST":
        if form.is_valid():
            actions.create_submission(page, form.cleaned_data)
            return redirect(page.url + "?sent=1")
        status = 422
    return TemplateResponse(
        request, page.get_template(request), {"page": page, "form": form}, status=status
    )
