"""Selection screens: the event's selections, the set-up with feasibility, a run's live
progress, its probabilities and balance, the draw, decisions, replacements, the public
report, and the chair's list of floor speakers. The service audits every step."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from ..clients import RegistrationClient, ServiceRejected, ServiceUnavailable
from ..events.models import EventPage
from .models import PublishedSelection
from .selection_forms import RoleFormSet, SetupForm, body_of, filled, quota_formset
from .views import IntakeView

LIST_URL = "wagtail_convene_intake_selections"
DETAIL_URL = "wagtail_convene_intake_selection"
RUNNING = {"queued", "running"}
REVEALED = {"drawn", "decided"}
PROFILES_SHOWN = 60
DONE = {
    "cancel": gettext_lazy("Cancelled: the run stops and nothing is drawn."),
    "draw": gettext_lazy("The draw is committed: the seed and the panel are revealed."),
    "decisions": gettext_lazy("Statuses set; the decision e-mails are on their way."),
}


class SelectionScreen(IntakeView):
    header_icon = "group"

    def event(self, key: str) -> EventPage:
        found = self.events().filter(translation_key=key).first()
        if found is None:
            raise Http404
        return found

    def get_breadcrumbs_items(self):
        crumbs = [{"url": reverse(LIST_URL), "label": _("Selections")}]
        if self.page_title == _("Selections"):
            crumbs = []
        return self.breadcrumbs_items + crumbs + [{"url": "", "label": self.get_page_title()}]


class SelectionList(SelectionScreen):
    page_title = gettext_lazy("Selections")
    template_name = "wagtail_convene/intake/selections.html"

    def get(self, request, *args, **kwargs):
        events = list(self.events())
        key = request.GET.get("event") or (events[0].event_key if events else "")
        event = next((e for e in events if e.event_key == key), None)
        found = self.call("selections", event.event_key) if event else []
        context = self.get_context_data(events=events, event=event, selections=found)
        return self.render_to_response(context)


class SelectionSetup(SelectionScreen):
    """Roles, quotas (from the defaults if asked), caps, reserved seats; check; queue."""

    page_title = gettext_lazy("New selection")
    template_name = "wagtail_convene/intake/selection_new.html"

    def get(self, request, key):
        event = self.event(key)
        tracks = _named_tracks(event)
        first = tracks[0] if tracks else None
        initial = [{"role": "panel", "track": str(first.key), "seats": first.capacity or 10}]
        roles = RoleFormSet(prefix="roles", initial=initial if first else None, **_tracks(tracks))
        return self.show(event, SetupForm(), roles, quota_formset(event.region))

    def post(self, request, key):
        event = self.event(key)
        tracks = _named_tracks(event)
        setup = SetupForm(request.POST)
        roles = RoleFormSet(request.POST, prefix="roles", **_tracks(tracks))
        quotas = quota_formset(event.region, request.POST)
        step = request.POST.get("step", "check")
        # Whatever the service answers (a refusal, a failure, silence), the page comes
        # back with what was typed and says why: nothing typed is ever lost.
        try:
            return self.step(request, event, setup, roles, quotas, step)
        except ServiceUnavailable:
            error = [str(self.failed)]
            return self.show(event, setup, roles, quotas, errors=error, status=503)
        except ServiceRejected as exc:
            errors = refusal(exc, tracks)
            return self.show(event, setup, roles, quotas, errors=errors, status=exc.status)

    failed = gettext_lazy(
        "The registration service failed or cannot be reached, so nothing was checked or "
        "stored. What you typed is kept below: try again in a moment."
    )

    def step(self, request, event, setup, roles, quotas, step):
        if step == "defaults" and roles.is_valid():
            found = self.defaults(event, roles)
            if found.initial:
                return self.show(event, setup, roles, found)
            none = _("No eligible applicants in these tracks yet, so no default quotas.")
            return self.show(event, setup, roles, quotas, errors=[none])
        if step == "more" and quotas.is_valid():  # the same rows and two blank ones
            return self.show(
                event, setup, roles, quota_formset(event.region, initial=filled(quotas))
            )
        if not (setup.is_valid() and roles.is_valid() and quotas.is_valid()):
            return self.show(event, setup, roles, quotas, status=422)
        body = body_of(setup, roles, quotas)
        if step != "run":
            check = self.call("check_selection", event.event_key, body)
            return self.show(event, setup, roles, quotas, check=check)
        try:
            created = self.call("create_selection", event.event_key, body)
        except ServiceRejected as exc:
            if exc.status != 422 or "relaxation" not in (exc.errors or {}):
                raise
            check = {"feasible": False, "message": exc.message, **exc.errors}
            return self.show(event, setup, roles, quotas, check=check, status=422)
        messages.success(request, _("Queued: the run starts in a moment."))
        return redirect(DETAIL_URL, selection_id=created["id"])

    def defaults(self, event, roles):
        rows = []
        for role in filled(roles) or [roles.forms[0].cleaned_data]:
            rows += self.call(
                "selection_defaults", event.event_key, role["track"], role["seats"], role["role"]
            )
        return quota_formset(event.region, initial=rows)

    def show(self, event, setup, roles, quotas, check=None, errors=(), status=200):
        context = self.get_context_data(
            event=event, setup=setup, roles=roles, quotas=quotas, check=check, errors=errors
        )
        return self.render_to_response(context, status=status)


class SelectionDetail(SelectionScreen):
    """One selection: live progress while it runs, then its figures and its steps."""

    page_title = gettext_lazy("Selection")
    template_name = "wagtail_convene/intake/selection.html"

    def get(self, request, selection_id):
        selection = self.call("selection", str(selection_id))
        if request.GET.get("format") == "json":
            return JsonResponse(progress_of(selection))
        event = self.event(selection["event"])
        result = selection["result"]
        panel = None
        if selection["status"] in REVEALED:
            panel = self.call("selection_panel", str(selection_id))
        published = PublishedSelection.objects.filter(selection_id=selection_id).exists()
        handovers = [
            {**h, "by": actor_name(h["by"]), "at": datetime.fromisoformat(h["at"])}
            for h in selection.get("handovers") or []
        ]
        context = self.get_context_data(
            selection=selection,
            event=event,
            progress=progress_of(selection),
            running=selection["status"] in RUNNING,
            revealed=selection["status"] in REVEALED,
            figures=figures_of(result),
            profiles=result.get("profiles", [])[:PROFILES_SHOWN],
            more_profiles=max(0, len(result.get("profiles", [])) - PROFILES_SHOWN),
            panel=panel,
            published=published,
            handovers=handovers,
        )
        return self.render_to_response(context)

    def post(self, request, selection_id):
        selection_id = str(selection_id)
        action = request.POST.get("action", "")
        try:
            if action in DONE:
                self.call("selection_step", selection_id, action)
                messages.success(request, str(DONE[action]))  # now, in the admin language
            elif action == "replace":
                self.call("replace", selection_id, request.POST.get("withdrawn", ""))
                messages.success(request, _("A replacement was drawn; every quota still holds."))
            elif action in ("publish", "unpublish"):
                self.publish(selection_id, action == "publish")
            elif action == "handover":
                observer = " ".join(request.POST.get("observer", "").split())
                if len(observer) < 2:
                    messages.error(
                        request, _("Name the accredited observer who receives the file.")
                    )
                else:
                    return self.hand_over(selection_id, observer)
            else:
                messages.error(request, _("Unknown action."))
        except ServiceRejected as exc:
            messages.error(request, exc.message)
        return redirect(DETAIL_URL, selection_id=selection_id)

    def hand_over(self, selection_id: str, observer: str) -> HttpResponse:
        """The exact committed input file, as a download; the service audits who handed
        it to whom and when. Its bytes hash to the published commitment."""
        found = self.call("hand_over_inputs", selection_id, observer[:150])
        response = HttpResponse(
            found["inputs"].encode("utf-8"), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{found["filename"]}"'
        return response

    def publish(self, selection_id: str, show: bool) -> None:
        selection = self.call("selection", selection_id)  # the caller's regions checked
        if not show:
            for found in PublishedSelection.objects.filter(selection_id=selection_id):
                log(found, "wagtail.unpublish", user=self.request.user)
                found.delete()
            messages.success(self.request, _("The report is no longer on the event's page."))
            return
        with RegistrationClient.from_settings() as client:
            report = client.selection_report(selection_id)
        found, _created = PublishedSelection.objects.update_or_create(
            selection_id=selection_id,
            defaults={
                "event_key": selection["event"],
                "report": report,
                "published_by": self.request.user,
            },
        )
        log(found, "wagtail.publish", user=self.request.user)
        messages.success(self.request, _("The report is published on the event's page."))


class FloorOrder(SelectionScreen):
    """The chair's list: accepted floor speakers, categories and sub-regions taking turns."""

    page_title = gettext_lazy("Chair's list of floor speakers")
    template_name = "wagtail_convene/intake/floor_order.html"

    def get(self, request, key):
        event = self.event(key)
        order = None
        if request.GET.get("make"):
            order = self.call("floor_order", event.event_key, request.GET.get("seed", "").strip())
        return self.render_to_response(self.get_context_data(event=event, order=order))


def refusal(exc: ServiceRejected, tracks) -> list[str]:
    """The service's refusal in the admin's language where it says what is short (a
    role without enough eligible applicants), else the service's own message."""
    names = {str(t.key): t.name for t in tracks}
    said = []
    for short in (exc.errors or {}).get("pool") or []:
        values = {
            "role": short.get("role"),
            "track": names.get(str(short.get("track")), short.get("track")),
            "seats": short.get("seats"),
            "pool": short.get("pool"),
        }
        if values["role"] is None:
            text = _(
                "Too few eligible applicants for all the roles together. Eligible "
                "applicants: %(pool)s; seats to fill: %(seats)s."
            )
        elif not values["pool"]:
            text = _(
                "No eligible applicants for the role “%(role)s” (track “%(track)s”). "
                "Seats to fill: %(seats)s."
            )
        else:
            text = _(
                "Too few eligible applicants for the role “%(role)s” (track “%(track)s”). "
                "Eligible applicants: %(pool)s; seats to fill: %(seats)s."
            )
        said.append(text % values)
    return said or [exc.message or str(SelectionSetup.failed)]


def actor_name(actor: str) -> str:
    """`cms:user:7` as the user's name (the service knows users only by id)."""
    from django.contrib.auth import get_user_model

    pk = actor.rsplit(":", 1)[-1]
    user = get_user_model().objects.filter(pk=pk).first() if pk.isdigit() else None
    return (user.get_full_name() or user.get_username()) if user else actor


def _named_tracks(event) -> list:
    """The event's tracks, named as in the admin's language (the same keys in every one)."""
    return list(event.localized.specific.tracks.all())


def _tracks(tracks) -> dict:
    return {"form_kwargs": {"tracks": tracks}}


def progress_of(selection: dict) -> dict:
    progress = selection.get("progress") or {}
    types = progress.get("types") or 0
    fixed = progress.get("fixed") or 0
    status = selection["status"]
    finished = status not in RUNNING
    return {
        "status": status,
        "done": finished,
        "percent": 100 if finished else progress.get("percent", _share(fixed, types)),
        "fixed": fixed,
        "types": types,
        "panels": progress.get("panels", 0),
        "seconds": progress.get("seconds", 0),
    }


def _share(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def figures_of(result: dict) -> dict | None:
    if "lowest" not in result:
        return None
    ideal = result.get("ideal") or 0
    return {
        "lowest": result["lowest"],
        "median": result["median"],
        "ideal": ideal,
        "ratio": result["lowest"] / ideal if ideal else 0,
        "panels": result.get("panels_in_distribution"),
        "seconds": result.get("seconds"),
    }
