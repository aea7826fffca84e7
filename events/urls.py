from django.urls import path

from events import defender_views, views

urlpatterns = [
    path("defenders/", defender_views.defender_list, name="defender_list"),
    path(
        "defenders/<slug:slug>/",
        defender_views.defender_detail,
        name="defender_detail",
    ),
    path(
        "organizations/<slug:slug>/",
        defender_views.organization_detail,
        name="organization_detail",
    ),
    path("events/", views.event_list, name="event_list"),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
]
