from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The demo site's landing page; lists the events below it."""

    intro = RichTextField(blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        from wagtail_convene.events.models import EventPage

        context = super().get_context(request, *args, **kwargs)
        context["events"] = EventPage.objects.child_of(self).live().order_by("starts_at")
        return context
