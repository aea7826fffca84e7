from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.log_actions import LogFormatter

from cms.twofactor import urls


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [path("two-factor/", include(urls, namespace="twofactor"))]


@hooks.register("register_log_actions")
def register_two_factor_actions(actions):
    actions.register_action(
        "docket.two_factor_setup",
        _("Set up two-factor authentication"),
        _("Set up two-factor authentication"),
    )

    @actions.register_action("docket.two_factor_reset")
    class TwoFactorReset(LogFormatter):
        label = _("Reset two-factor authentication")

        def format_message(self, log_entry):
            # No admin is signed in to a management command: say who ran it.
            return _(
                "Removed the two-factor devices (reset_two_factor, run by "
                "%(operator)s on the server)"
            ) % {"operator": log_entry.data.get("operator", "?")}
