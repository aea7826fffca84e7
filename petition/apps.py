from django.apps import AppConfig


class PetitionConfig(AppConfig):
    name = "petition"
