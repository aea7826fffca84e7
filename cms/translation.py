"""The site pages' texts, one version per language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from cms.models import HomePage, StandardPage


@register(HomePage)
class HomePageTranslation(TranslationOptions):
    fields = ("intro",)


@register(StandardPage)
class StandardPageTranslation(TranslationOptions):
    fields = ("intro", "body")
