import django_otp
from django_otp import devices_for_user
from django_otp.forms import OTPAuthenticationFormMixin, OTPTokenForm

from django import forms
from django.utils.translation import gettext_lazy as _


def code_input(**attrs):
    return forms.TextInput(
        attrs={"autocomplete": "one-time-code", "autofocus": True, **attrs}
    )


class ConfirmAppForm(forms.Form):
    """The first code from a new authenticator app, which confirms it."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        widget=code_input(inputmode="numeric"),
    )

    def __init__(self, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        messages = OTPAuthenticationFormMixin.otp_error_messages
        allowed, extra = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(messages["n_failed_attempts"] % extra)
        # Verified under a row lock, counting a wrong code towards throttling.
        user = self.device.user
        if django_otp.verify_token(user, self.device.persistent_id, code) is None:
            raise forms.ValidationError(_("That code is not right. Try the next one."))
        return code


class VerifyForm(OTPTokenForm):
    """django-otp's token form: the app's code, or one recovery code. Its
    clean() verifies against the chosen device and throttles wrong codes."""

    otp_device = forms.ChoiceField(label=_("Code from"), choices=[])
    otp_token = forms.CharField(label=_("Code"), required=False, widget=code_input())

    otp_error_messages = {
        **OTPTokenForm.otp_error_messages,
        "token_required": _("Enter the code."),
        "invalid_token": _("That code is not right."),
    }

    @staticmethod
    def device_choices(user):
        # The app first, so it is the one chosen unless the person picks
        # recovery codes; no empty choice.
        return [(d.persistent_id, d.name) for d in devices_for_user(user)]
