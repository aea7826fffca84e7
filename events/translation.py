"""The texts of events and their records that have a version per language
(django-modeltranslation). Dates, places, types, terms and outcomes are facts:
one column for every language."""

from modeltranslation.translator import TranslationOptions, register

from events.models import (
    Article,
    Charge,
    ChargeChange,
    ClaimedFigure,
    CriminalCase,
    DetentionPlace,
    Event,
    EventDefender,
    Figure,
    Sentence,
)


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description")
    # A title is required in English, the language every other falls back to.
    required_languages = {"en": ("title",)}


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = {"en": ("title",)}


@register(DetentionPlace)
class DetentionPlaceTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = {"en": ("name",)}


@register(CriminalCase)
class CriminalCaseTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"en": ("title",)}


# The notes researchers write beside facts: a person's part in an event, a
# charge's history, a sentence's terms, a source's figure.
@register(EventDefender)
class EventDefenderTranslation(TranslationOptions):
    fields = ("note",)


@register(Charge)
class ChargeTranslation(TranslationOptions):
    fields = ("note",)


@register(ChargeChange)
class ChargeChangeTranslation(TranslationOptions):
    fields = ("note",)


@register(Sentence)
class SentenceTranslation(TranslationOptions):
    fields = ("regime_note", "note")


@register(ClaimedFigure)
class ClaimedFigureTranslation(TranslationOptions):
    fields = ("note",)


@register(Figure)
class FigureTranslation(TranslationOptions):
    fields = ("note",)
