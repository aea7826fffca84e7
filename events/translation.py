"""The texts of events and their records that have a version per language
(django-modeltranslation). Dates, places, types, terms and outcomes are facts:
one column for every language."""

from modeltranslation.translator import TranslationOptions, register

from events.models import Article, CriminalCase, DetentionPlace, Event


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title",)


@register(DetentionPlace)
class DetentionPlaceTranslation(TranslationOptions):
    fields = ("name",)


@register(CriminalCase)
class CriminalCaseTranslation(TranslationOptions):
    fields = ("title", "description")
