"""`{{ defender.name|initials }}`: what stands where a photo is missing."""

from django import template

register = template.Library()


@register.filter
def initials(name):
    """The first letter of the first and the last word: "Ales Bialiatski"
    gives "AB", "Марфа Рабкова" gives "МР"."""
    words = [word for word in str(name).split() if word[:1].isalpha()]
    if not words:
        return ""
    if len(words) == 1:
        return words[0][0].upper()
    return (words[0][0] + words[-1][0]).upper()
