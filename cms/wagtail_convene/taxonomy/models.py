"""Editable, translatable reference lists. Codes are stable across languages."""

from __future__ import annotations

from babel import Locale as BabelLocale
from babel import UnknownLocaleError
from django.db import models
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin


def country_name(code: str, language: str | None = None) -> str:
    """The CLDR name of an ISO 3166 country in `language` (default: the active one)."""
    language = (language or get_language() or "en").replace("-", "_")
    try:
        territories = BabelLocale.parse(language).territories
    except (ValueError, UnknownLocaleError):
        territories = BabelLocale("en").territories
    return territories.get(code, code)


def collation_key(language: str | None = None):
    """A sort key for names in `language` (default: the active one), by its collation.

    ICU's collator (PyICU, from the `pyicu-wheels` package) knows each language's order:
    "Égypte" before "Zambie" in French, "Ñ" after "N" in Spanish, pinyin in Chinese.
    Without ICU the fallback sorts by the letters stripped of their accents (Unicode
    decomposition, then case folding): right for accents in Latin and Cyrillic scripts,
    code-point order for Chinese.
    """
    language = (language or get_language() or "en").replace("-", "_")
    try:
        import icu
    except ImportError:
        return _fallback_key
    if language.lower() == "zh_hans":
        language = "zh"
    return icu.Collator.createInstance(icu.Locale(language)).getSortKey


def _fallback_key(text: str) -> tuple[str, str]:
    import unicodedata

    letters = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )
    return letters.casefold(), text


def sorted_by_name(items, language: str | None = None, name=lambda item: item[1]) -> list:
    """`items` sorted by their names in the language's collation."""
    key = collation_key(language)
    return sorted(items, key=lambda item: key(str(name(item))))


def _translated(snippet, field: str, context: str) -> str:
    """`field` of a translatable snippet in the active language.

    An editor's translation in the active locale wins; else the plugin's catalogue
    translates the seeded English text; else the text as stored.
    """
    localized = snippet.localized
    if localized.pk != snippet.pk:
        return getattr(localized, field)
    return pgettext(context, getattr(snippet, field))


class Country(models.Model):
    """An ISO 3166-1 country; its name is taken from CLDR in the visitor's language."""

    code = models.CharField(_("ISO 3166 code"), max_length=2, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return country_name(self.code)


class Region(TranslatableMixin, models.Model):
    """A UN regional commission whose members hold a GCM regional review."""

    code = models.CharField(_("code"), max_length=16)
    name = models.CharField(_("name"), max_length=120)

    panels = [FieldPanel("code"), FieldPanel("name")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["code"]
        verbose_name = _("region")

    def __str__(self):
        return f"{self.name} ({self.code})"


class SubRegion(TranslatableMixin, models.Model):
    """A group of countries inside a region; editors adjust its membership."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="subregions", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=120)
    countries = models.ManyToManyField(
        Country, related_name="subregions", blank=True, verbose_name=_("countries")
    )

    panels = [FieldPanel("region"), FieldPanel("name"), FieldPanel("countries")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["region__code", "name"]
        verbose_name = _("sub-region")

    def __str__(self):
        return f"{self.name} ({self.region.code})"

    @property
    def label(self) -> str:
        """The sub-region's name in the visitor's language."""
        return _translated(self, "name", "sub-region")


class StakeholderCategory(TranslatableMixin, models.Model):
    """A stakeholder group named by the GCM (paragraph 15(j) and 44)."""

    slug = models.SlugField(_("slug"), max_length=64)
    name = models.CharField(_("name"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = _("stakeholder category")
        verbose_name_plural = _("stakeholder categories")

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        """The group's name in the visitor's language."""
        return _translated(self, "name", "stakeholder group")


class GCMObjective(TranslatableMixin, models.Model):
    """One of the 23 objectives of the Global Compact for Migration."""

    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=255)

    panels = [FieldPanel("number"), FieldPanel("title")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["number"]
        verbose_name = _("GCM objective")

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def label(self) -> str:
        """ "N. title" in the visitor's language (the UN's wording where it exists)."""
        return f"{self.number}. {_translated(self, 'title', 'GCM objective')}"


def region_choices() -> list[tuple[str, str]]:
    """(code, name) of every region in the active language.

    A region's name comes from its translation in the current locale when an editor
    made one, else from the plugin's own translated catalogue, else from the seed.
    """
    from django.db.utils import DatabaseError

    from .. import conf

    catalogue = dict(conf.REGIONS)
    try:
        regions = list(Region.objects.filter(locale__language_code="en"))
    except DatabaseError:  # before migrations, e.g. during makemigrations
        return []
    choices = []
    for region in regions:
        localized = region.localized
        name = (
            localized.name if localized.pk != region.pk else catalogue.get(region.code, region.name)
        )
        choices.append((region.code, str(name)))
    return choices


def countries_of_region(code: str) -> list[str]:
    return sorted(
        set(Country.objects.filter(subregions__region__code=code).values_list("code", flat=True))
    )
