from django.urls import path

from events import defender_views, share, views

urlpatterns = [
    path("defenders/", defender_views.defender_list, name="defender_list"),
    path(
        "defenders/<slug:slug>/",
        defender_views.defender_detail,
        name="defender_detail",
    ),
    path(
        "defenders/<slug:slug>/share.png",
        share.defender_share_image,
        name="defender_share_image",
    ),
    path(
        "organizations/",
        defender_views.organization_list,
        name="organization_list",
    ),
    path("places/", views.detention_place_list, name="detention_place_list"),
    path(
        "places/<slug:slug>/",
        views.detention_place_detail,
        name="detention_place_detail",
    ),
    path(
        "organizations/<slug:slug>/",
        defender_views.organization_detail,
        name="organization_detail",
    ),
    path("events/", views.event_list, name="event_list"),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
]
