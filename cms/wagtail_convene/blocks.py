"""StreamField blocks shared by the plugin's pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    page = blocks.PageChooserBlock(required=False, label=_("page"))
    url = blocks.URLBlock(required=False, label=_("address"))

    class Meta:
        icon = "link"
        template = "wagtail_convene/blocks/link.html"


class BodyBlock(blocks.StreamBlock):
    """The content of simple pages: news, updates, reports, criteria."""

    heading = blocks.CharBlock(
        form_classname="title",
        icon="title",
        label=_("heading"),
        template="wagtail_convene/blocks/heading.html",
    )
    paragraph = blocks.RichTextBlock(label=_("paragraph"))
    image = ImageChooserBlock(label=_("image"), template="wagtail_convene/blocks/image.html")
    document = DocumentChooserBlock(
        label=_("document"), template="wagtail_convene/blocks/document.html"
    )
    link = LinkBlock(label=_("link"))


class AgendaItemBlock(blocks.StructBlock):
    time = blocks.TimeBlock(required=False, label=_("time"))
    title = blocks.CharBlock(label=_("title"))
    speakers = blocks.CharBlock(required=False, label=_("speakers"))
    description = blocks.RichTextBlock(required=False, label=_("description"))

    class Meta:
        icon = "time"
        template = "wagtail_convene/blocks/agenda_item.html"


class AgendaBlock(blocks.StreamBlock):
    session = blocks.CharBlock(
        icon="title", label=_("session"), template="wagtail_convene/blocks/heading.html"
    )
    item = AgendaItemBlock(label=_("agenda item"))
