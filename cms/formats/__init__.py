"""Dates in each language's own form (settings.FORMAT_MODULE_PATH): 16 February
2021, 16 лютага 2021, 16 февраля 2021. "E" is the month's genitive, which a
Belarusian or Russian date after a day number takes.

Django's own Belarusian catalog spells some months in the classical
orthography (сьнежня) and gives "сакавік" for the genitive "сакавіка"; these
msgids put the month names in our catalogs, which Django reads first."""

from django.utils.translation import gettext_lazy, pgettext_lazy

MONTHS = [
    gettext_lazy("January"),
    gettext_lazy("February"),
    gettext_lazy("March"),
    gettext_lazy("April"),
    gettext_lazy("May"),
    gettext_lazy("June"),
    gettext_lazy("July"),
    gettext_lazy("August"),
    gettext_lazy("September"),
    gettext_lazy("October"),
    gettext_lazy("November"),
    gettext_lazy("December"),
]
MONTHS_GENITIVE = [
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
]
