from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The demo site's landing page; lists the events below it."""

    intro = RichTextField(blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        from wagtail_convene.events.models import EventPage
        from wagtail_convene.reviews.models import RegionalReviewPage

        context = super().get_context(request, *args, **kwargs)
        context["reviews"] = RegionalReviewPage.objects.child_of(self).live()
        from wagtail_convene.fallback import one_per_translation, under_any_translation

        events = EventPage.objects.live().filter(
            under_any_translation(EventPage, self, children_only=False)
        )
        context["events"] = one_per_translation(events, self.locale).order_by(
            "start_date", "start_time"
        )[:10]
        return context
