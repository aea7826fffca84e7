from django.urls import path

from defenders import views

urlpatterns = [
    path("defenders/", views.defender_list, name="defender_list"),
    path("defenders/<slug:slug>/", views.defender_detail, name="defender_detail"),
    path(
        "organizations/<slug:slug>/",
        views.organization_detail,
        name="organization_detail",
    ),
]
