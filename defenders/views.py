from django.shortcuts import get_object_or_404, render

from defenders.models import Defender, Organization


def defender_list(request):
    defenders = Defender.objects.live()
    return render(request, "defenders/defender_list.html", {"defenders": defenders})


def defender_detail(request, slug):
    defender = get_object_or_404(Defender.objects.live(), slug=slug)
    return render(request, "defenders/defender_page.html", {"page": defender})


def organization_detail(request, slug):
    organization = get_object_or_404(Organization.objects.live(), slug=slug)
    return render(request, "defenders/organization_page.html", {"page": organization})
