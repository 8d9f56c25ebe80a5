"""What happens to a submission: creation into review, publication, rejection."""

from __future__ import annotations

import logging

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowTask,
)

from ..clients.errors import ServiceError
from ..clients.mailer import MailerClient
from ..sealing import seal, unseal
from ..taxonomy.models import Country, GCMObjective, StakeholderCategory, countries_of_region
from .checks import run_checks
from .metadata import strip_document
from .models import SubmissionPage

log = logging.getLogger("wagtail_convene.submissions")
WORKFLOW_NAME = "Task team review"
TASK_TEAM = "Task team"
PENDING_COLLECTION = "Submissions awaiting review"
PUBLIC_COLLECTION = "Published submissions"


def document_collection(name: str, restricted: bool) -> Collection:
    root = Collection.get_first_root_node()
    found = root.get_children().filter(name=name).first()
    if found is None:
        found = root.add_child(name=name)
    if restricted and not CollectionViewRestriction.objects.filter(collection=found).exists():
        # Documents awaiting review are served to signed-in staff only.
        CollectionViewRestriction.objects.create(collection=found, restriction_type="login")
    return found


def task_team_workflow() -> Workflow:
    """The "Task team review" workflow: one approval task for the Task team group."""
    group, created = Group.objects.get_or_create(name=TASK_TEAM)
    if created:
        group.permissions.add(Permission.objects.get(codename="access_admin"))
    task, _ = GroupApprovalTask.objects.get_or_create(name=WORKFLOW_NAME)
    task.groups.add(group)
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def grant_task_team(index_page) -> None:
    """Let the Task team publish under a submission index (what approval does)."""
    group = Group.objects.get(name=TASK_TEAM)
    for codename in ("change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=index_page,
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"
            ),
        )


@transaction.atomic
def create_submission(form_page, cleaned: dict) -> SubmissionPage:
    """A draft SubmissionPage, its document kept private, in the task team's workflow."""
    index = form_page.index.localized
    upload = cleaned["document"]
    document = get_document_model().objects.create(
        title=cleaned["title"][:255],
        file=upload,
        collection=document_collection(PENDING_COLLECTION, restricted=True),
    )
    country = Country.objects.get(code=cleaned["country"])
    region = getattr(form_page.get_parent().specific, "region", None) or next(
        iter(countries_of_region_codes(country.code)), ""
    )
    page = SubmissionPage(
        title=cleaned["title"],
        organisation=cleaned["organisation"],
        category=StakeholderCategory.objects.get(
            slug=cleaned["category"], locale__language_code="en"
        ),
        country=country,
        region=region,
        submission_language=cleaned["submission_language"],
        summary=cleaned["summary"],
        document=document,
        live=False,
        check_results=run_checks(
            cleaned["title"],
            cleaned["summary"],
            getattr(upload, "detected_type", None),
            upload.size,
        ),
    )
    page.submitter_email_sealed = seal(cleaned["email"], page.seal_context())
    index.add_child(instance=page)
    page.objectives.set(
        GCMObjective.objects.filter(
            number__in=[int(n) for n in cleaned.get("objectives", [])],
            locale__language_code="en",
        )
    )
    page.save()  # a ParentalManyToManyField is written on save
    revision = page.save_revision(log_action=True)
    task_team_workflow().start(page, user=None)
    log.info("event=submission.received page=%s revision=%s", page.pk, revision.pk)
    return page


def countries_of_region_codes(country_code: str) -> list[str]:
    from ..taxonomy.models import Region

    return [
        r.code
        for r in Region.objects.filter(locale__language_code="en")
        if country_code in countries_of_region(r.code)
    ]


def _notify(page: SubmissionPage, template: str, context: dict, key: str) -> None:
    """Tell the submitter, then forget their address. Keeps it if the mailer is down."""
    if not page.submitter_email_sealed:
        return
    email = unseal(page.submitter_email_sealed, page.seal_context())
    try:
        with MailerClient.from_settings() as mailer:
            mailer.send(
                template, page.submission_language, email, {"title": page.title, **context}, key=key
            )
    except ServiceError as exc:
        log.warning("event=submission.notify_failed page=%s error=%s", page.pk, type(exc).__name__)
        return
    SubmissionPage.objects.filter(pk=page.pk).update(submitter_email_sealed=None)


def on_published(page: SubmissionPage) -> None:
    if page.document:
        # Also for a file an editor attached in the admin: only its content is published.
        strip_document(page.document)
    if page.document and page.document.collection.name == PENDING_COLLECTION:
        page.document.collection = document_collection(PUBLIC_COLLECTION, restricted=False)
        page.document.save()
    _notify(
        page,
        "submission_published",
        {"url": page.full_url or ""},
        key=f"submission-published-{page.translation_key}",
    )


def on_rejected(page: SubmissionPage, reason: str, task_state_id: int) -> None:
    _notify(
        page,
        "submission_rejected",
        {"reason": reason or str(_("No reason was given."))},
        key=f"submission-rejected-{page.translation_key}-{task_state_id}",
    )
