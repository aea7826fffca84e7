from django.urls import path

from petition import views

urlpatterns = [
    # No page can have this address: a petition has no child pages.
    path("petition/sign/<int:pk>/", views.sign_petition, name="petition_sign"),
]
