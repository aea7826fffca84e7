"""What kind of record a dashboard row is, beside its title: a defender, an
event and a case-list import otherwise look alike in the review panels
(templates/wagtailadmin/home/)."""

from django import template
from django.utils.text import capfirst

from events.models import Event

register = template.Library()


@register.simple_tag
def record_kind(obj):
    """ "Defender", "Event: detention", "Case-list import", "Home page"."""
    obj = getattr(obj, "specific_deferred", obj)  # a page: its own type
    kind = capfirst(obj._meta.verbose_name)
    if isinstance(obj, Event):
        return f"{kind}: {obj.get_type_display()}"
    return kind
