from django.urls import path

from petition import share, views

urlpatterns = [
    # No page can have this address: a petition has no child pages.
    path("petition/sign/<int:pk>/", views.sign_petition, name="petition_sign"),
    path(
        "petition/<slug:slug>/share.png",
        share.petition_share_image,
        name="petition_share_image",
    ),
]
