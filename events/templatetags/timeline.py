from django import template

from events.timeline import Timeline, held_statement, total_statement

register = template.Library()


@register.filter
def days_held(defender):
    """What a card says of days in detention, as of today: `held` (days held
    now, saying what they are counted to) or else `total` (days across every
    period). Both texts come from `events.timeline`, as everywhere else."""
    timeline = Timeline(defender)
    return {
        "held": held_statement(defender, timeline=timeline),
        "total": total_statement(defender, timeline=timeline),
    }
