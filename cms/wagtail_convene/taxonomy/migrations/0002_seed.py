"""Seed regions, sub-regions, countries, stakeholder categories and the 23 GCM objectives."""

import uuid

from django.conf import settings
from django.db import migrations


def seed(apps, schema_editor):
    from wagtail_convene.taxonomy.data import GCM_OBJECTIVES, REGIONS, STAKEHOLDER_CATEGORIES

    Locale = apps.get_model("wagtailcore", "Locale")  # noqa: N806
    Country = apps.get_model("wagtail_convene_taxonomy", "Country")  # noqa: N806
    Region = apps.get_model("wagtail_convene_taxonomy", "Region")  # noqa: N806
    SubRegion = apps.get_model("wagtail_convene_taxonomy", "SubRegion")  # noqa: N806
    Category = apps.get_model("wagtail_convene_taxonomy", "StakeholderCategory")  # noqa: N806
    Objective = apps.get_model("wagtail_convene_taxonomy", "GCMObjective")  # noqa: N806

    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    countries = {}
    for code, (name, subregions) in REGIONS.items():
        region = Region.objects.create(code=code, name=name, locale=locale,
                                       translation_key=uuid.uuid4())
        for sub_name, members in subregions.items():
            sub = SubRegion.objects.create(region=region, name=sub_name, locale=locale,
                                           translation_key=uuid.uuid4())
            for iso in members.split():
                if iso not in countries:
                    countries[iso] = Country.objects.create(code=iso)
                sub.countries.add(countries[iso])
    for order, (slug, name) in enumerate(STAKEHOLDER_CATEGORIES):
        Category.objects.create(slug=slug, name=name, sort_order=order, locale=locale,
                                translation_key=uuid.uuid4())
    for number, title in enumerate(GCM_OBJECTIVES, start=1):
        Objective.objects.create(number=number, title=title, locale=locale,
                                 translation_key=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_convene_taxonomy", "0001_initial"),
        ("wagtailcore", "0054_initial_locale"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
