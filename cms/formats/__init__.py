"""Dates in each language's own form (settings.FORMAT_MODULE_PATH): 16 February
2021, 16 лютага 2021, 16 февраля 2021. "E" is the month's genitive, which a
Belarusian or Russian date after a day number takes."""
