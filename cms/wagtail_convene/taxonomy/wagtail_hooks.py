"""Admin wiring only: the taxonomy snippets, grouped in one menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import GCMObjective, Region, StakeholderCategory, SubRegion


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    list_display = ["code", "name", "locale"]


class SubRegionViewSet(SnippetViewSet):
    model = SubRegion
    icon = "globe"
    list_display = ["name", "region", "locale"]
    list_filter = ["region"]


class CategoryViewSet(SnippetViewSet):
    model = StakeholderCategory
    icon = "group"
    list_display = ["name", "slug", "locale"]


class ObjectiveViewSet(SnippetViewSet):
    model = GCMObjective
    icon = "list-ol"
    list_display = ["number", "title", "locale"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "tag"
    menu_order = 260
    items = (RegionViewSet, SubRegionViewSet, CategoryViewSet, ObjectiveViewSet)


register_snippet(TaxonomyGroup)
