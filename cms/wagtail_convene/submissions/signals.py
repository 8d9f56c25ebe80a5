"""Receivers: publishing or rejecting a submission tells its submitter."""

from wagtail.signals import page_published, task_rejected

from . import actions


def on_page_published(sender, instance, **kwargs):
    actions.on_published(instance)


def on_task_rejected(sender, instance, user=None, **kwargs):
    page = instance.workflow_state.content_object.specific
    if page.__class__.__name__ == "SubmissionPage":
        actions.on_rejected(page, instance.get_comment(), instance.pk)


def connect() -> None:
    from .models import SubmissionPage

    page_published.connect(
        on_page_published, sender=SubmissionPage, dispatch_uid="convene_submission_published"
    )
    task_rejected.connect(on_task_rejected, dispatch_uid="convene_submission_rejected")
