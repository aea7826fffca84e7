"""The petition's texts, one version per language; its goal, deadline,
featured defenders and signatures are one (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from petition.models import PetitionIndexPage, PetitionPage


@register(PetitionIndexPage)
class PetitionIndexPageTranslation(TranslationOptions):
    fields = ("intro",)


@register(PetitionPage)
class PetitionPageTranslation(TranslationOptions):
    fields = (
        "intro",
        "body",
        "addressee",
        "privacy_notice",
        "thank_you_text",
        "confirmation_email_text",
    )
