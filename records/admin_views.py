"""Admin-only views for researchers' tools."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from records.forms import read_as

MAX_TEXT = 100


@require_GET
def read_fuzzy_date(request):
    """How the admin's date field reads what is typed, as one types:
    {"ok": true, "message": "Read as: 16 February 2021 (day)"} or
    {"ok": false, "message": the reason it cannot}. The same reading
    (`records.fuzzydate.parse_fuzzy`) as the form's when it is saved."""
    text = request.GET.get("text", "")[:MAX_TEXT]
    allow_future = request.GET.get("allow_future") == "1"
    ok, message = read_as(text, allow_future)
    return JsonResponse({"ok": ok, "message": message})
