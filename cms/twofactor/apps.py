from django.apps import AppConfig


class TwoFactorConfig(AppConfig):
    name = "cms.twofactor"
    label = "twofactor"
    verbose_name = "Two-factor authentication"
