"""The texts of a defender and an organization that have a version per
language (django-modeltranslation: biography_en, biography_be, biography_ru).
Names have their own columns in each script (records.models.Named)."""

from modeltranslation.translator import TranslationOptions, register

from defenders.models import Defender, Membership, Organization


@register(Defender)
class DefenderTranslation(TranslationOptions):
    fields = ("role", "status_note", "biography")


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("description",)


@register(Membership)
class MembershipTranslation(TranslationOptions):
    fields = ("role",)
