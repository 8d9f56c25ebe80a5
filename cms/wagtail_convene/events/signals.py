"""Receivers keeping the registration service in step with published event pages."""

from wagtail.signals import page_published, page_unpublished

from . import actions


def on_publish(sender, instance, **kwargs):
    actions.sync_event(instance)


def on_unpublish(sender, instance, **kwargs):
    # `live` is already False here, so the settings say "registration closed".
    actions.sync_event(instance)


def connect() -> None:
    from .models import EventPage

    page_published.connect(on_publish, sender=EventPage, dispatch_uid="convene_event_publish")
    page_unpublished.connect(on_unpublish, sender=EventPage, dispatch_uid="convene_event_unpublish")
