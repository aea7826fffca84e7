from django import template

from records.public import grouped

register = template.Library()


@register.filter
def number(value):
    """A count as the site writes it: 10,000 (thousands separated), 61.5."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    return grouped(value)


@register.filter
def plural_count(value):
    """A number to choose a plural form by: 61.5 years reads as many."""
    if isinstance(value, float) and not value.is_integer():
        return 2
    return int(value or 0)
