"""The seeded taxonomy: regions, sub-regions, countries, categories and objectives."""

import pytest
from django.utils import translation

from wagtail_convene.taxonomy.models import (
    Country,
    GCMObjective,
    Region,
    StakeholderCategory,
    countries_of_region,
    region_choices,
)

pytestmark = pytest.mark.django_db


def test_the_five_regional_commissions_and_their_members():
    assert [code for code, _name in region_choices()] == ["ECA", "ECE", "ECLAC", "ESCAP", "ESCWA"]
    assert len(countries_of_region("ECA")) == 54
    assert len(countries_of_region("ECE")) == 56
    assert len(countries_of_region("ECLAC")) == 33
    assert {"EG", "MA"} <= set(countries_of_region("ECA")) & set(countries_of_region("ESCWA"))
    assert Region.objects.get(code="ECE").subregions.count() == 6


def test_categories_and_objectives_are_seeded():
    assert StakeholderCategory.objects.count() == 13
    assert StakeholderCategory.objects.filter(slug="workers-organisations").exists()
    objectives = list(GCMObjective.objects.values_list("number", flat=True))
    assert objectives == list(range(1, 24))
    assert "smuggling" in GCMObjective.objects.get(number=9).title


def test_country_names_follow_the_active_language():
    kenya = Country.objects.get(code="KE")
    with translation.override("fr"):
        assert kenya.name == "Kenya"
        assert Country.objects.get(code="DE").name == "Allemagne"
    with translation.override("ar"):
        assert Country.objects.get(code="DE").name == "ألمانيا"
    with translation.override("zh-hans"):
        assert Country.objects.get(code="DE").name == "德国"


def test_editors_can_adjust_membership():
    region = Region.objects.get(code="ECE")
    sub = region.subregions.get(name="North America")
    sub.countries.add(Country.objects.get_or_create(code="MX")[0])
    assert "MX" in countries_of_region("ECE")


def test_region_names_follow_the_active_language():
    with translation.override("fr"):
        assert dict(region_choices())["ECA"] == "Afrique (CEA)"
    with translation.override("ar"):
        assert dict(region_choices())["ESCWA"] == "المنطقة العربية (الإسكوا)"
