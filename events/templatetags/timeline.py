from django import template

from events.timeline import Timeline

register = template.Library()


@register.filter
def days_held(defender):
    """(current period, total) of days in detention, as of today."""
    return Timeline(defender).days()
