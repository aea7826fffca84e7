"""`{{ value|richtext_html }}`: Wagtail's `richtext`, sanitised (records/richtext.py).

Public templates use this, never Wagtail's `|richtext`."""

from django import template

from records.richtext import render

register = template.Library()


@register.filter
def richtext_html(value):
    return render(value)
