from django.shortcuts import get_object_or_404, render

from events.models import Event


def event_list(request):
    events = Event.objects.live()
    return render(request, "events/event_list.html", {"events": events})


def event_detail(request, slug):
    event = get_object_or_404(Event.objects.live(), slug=slug)
    return render(request, "events/event_page.html", {"page": event})
