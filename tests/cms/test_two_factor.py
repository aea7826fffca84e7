"""Two-factor authentication in the admin (cms/twofactor/): who is asked, the
set-up, the code form, recovery codes, throttling and the reset command.

Clients here sign in with the password alone (force_login) on purpose; every
other test signs in with both steps through tests.admin_client.login.
"""

import base64

import pytest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail.models import ModelLogEntry

from cms.twofactor import devices
from cms.twofactor.rule import required_for
from defenders.models import Defender
from petition.factories import make_petition
from tests.admin_client import admin_url, app_code, login, make_user

pytestmark = pytest.mark.django_db

SETUP = reverse("twofactor:setup")
VERIFY = reverse("twofactor:verify")


def confirmed_app(user):
    device = TOTPDevice.objects.create(user=user, name="Authenticator app")
    return device, base64.b32encode(device.bin_key).decode()


def wrong_code(key):
    """A code no step near now accepts (the app's tolerance is one step)."""
    near = {app_code(key, seconds) for seconds in (-30, 0, 30)}
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in near)


def sent_to(response, step):
    return response.status_code == 302 and response["Location"].startswith(step)


def assert_admin_opens(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.get("Location"))


@pytest.fixture
def signer_viewer(editor):
    """The editor, also allowed to see and export petition signers."""
    editor.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="petition", codename="view_signature"
        )
    )
    return editor


def guarded_urls(petition):
    return [
        reverse("wagtailadmin_home"),
        admin_url(Defender, "list"),
        "/admin/api/main/pages/",
        reverse("signatures:index"),
        reverse("petition_export_delivery", args=[petition.pk]),
    ]


def test_an_editor_without_a_device_sets_one_up_before_any_admin_page(
    client, signer_viewer
):
    petition = make_petition()
    client.force_login(signer_viewer)
    for url in guarded_urls(petition):
        response = client.get(url)
        assert sent_to(response, SETUP), url
        assert response["Location"] == f"{SETUP}?next={url}"
    created = client.post(admin_url(Defender, "add"), {"name": "Never Saved"})
    assert sent_to(created, SETUP)
    assert not Defender.objects.exists()
    assert client.get("/").status_code == 200  # the public site is not asked

    page = client.get(SETUP)
    assert page.status_code == 200
    assert b"<svg" in page.content  # the QR code, inline
    key = page.context["key"]
    assert key.encode() in page.content
    assert page.context["form"].fields["code"]
    done = client.post(
        SETUP, {"code": app_code(key), "next": guarded_urls(petition)[1]}
    )
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == len(set(codes)) == 10
    for code in codes:
        assert code.encode() in done.content
    assert "no-store" in done["Cache-Control"]
    assert TOTPDevice.objects.get(user=signer_viewer).confirmed
    assert ModelLogEntry.objects.filter(
        action="docket.two_factor_setup", object_id=str(signer_viewer.pk)
    ).exists()

    for url in guarded_urls(petition):
        assert_admin_opens(client, url)
    assert client.get(guarded_urls(petition)[-1])["Content-Type"].startswith("text/csv")


def test_the_set_up_page_keeps_its_key_and_refuses_a_wrong_code(client, editor):
    client.force_login(editor)
    key = client.get(SETUP).context["key"]
    assert client.get(SETUP).context["key"] == key  # a reload shows the same key
    for typed in (wrong_code(key), "not a code", ""):
        response = client.post(SETUP, {"code": typed})
        assert response.status_code == 200
        assert response.context["form"].errors["code"]
    device = TOTPDevice.objects.get(user=editor)
    assert not device.confirmed
    assert device.throttling_failure_count >= 1
    assert sent_to(client.get("/admin/"), SETUP)


def test_a_password_alone_cannot_replace_a_set_up_device(client, editor):
    confirmed_app(editor)
    client.force_login(editor)
    assert sent_to(client.get("/admin/"), VERIFY)
    assert sent_to(client.get(SETUP), VERIFY)
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_the_code_form_lets_in_with_the_apps_code(client, editor):
    device, key = confirmed_app(editor)
    client.force_login(editor)
    url = admin_url(Defender, "list")
    form = client.get(f"{VERIFY}?next={url}")
    assert form.status_code == 200
    assert form.context["form"].fields["otp_device"].choices[0] == (
        device.persistent_id,
        "Authenticator app",
    )
    response = client.post(
        VERIFY,
        {"otp_device": device.persistent_id, "otp_token": app_code(key), "next": url},
    )
    assert response.status_code == 302
    assert response["Location"] == url
    assert_admin_opens(client, url)


def test_a_wrong_code_is_refused_and_throttled(client, editor, settings):
    device, key = confirmed_app(editor)
    client.force_login(editor)
    wrong = client.post(
        VERIFY, {"otp_device": device.persistent_id, "otp_token": wrong_code(key)}
    )
    assert wrong.status_code == 200
    assert "That code is not right." in wrong.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # The first wait is OTP_TOTP_THROTTLE_FACTOR seconds; long enough here
    # that the right code, typed at once, is still refused.
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    right = client.post(
        VERIFY, {"otp_device": device.persistent_id, "otp_token": app_code(key)}
    )
    assert right.status_code == 200
    assert "Verification temporarily disabled" in right.content.decode()
    assert sent_to(client.get("/admin/"), VERIFY)


def test_throttling_is_on_in_the_settings():
    from cms import settings

    assert settings.OTP_TOTP_THROTTLE_FACTOR >= 1
    assert settings.OTP_STATIC_THROTTLE_FACTOR >= 1


def test_a_recovery_code_works_once(client, django_user_model, editor):
    confirmed_app(editor)
    codes = devices.new_recovery_codes(editor)
    recovery = StaticDevice.objects.get(user=editor)
    client.force_login(editor)
    used = client.post(
        VERIFY, {"otp_device": recovery.persistent_id, "otp_token": codes[0]}
    )
    assert used.status_code == 302
    assert_admin_opens(client, "/admin/")
    assert StaticToken.objects.filter(device=recovery).count() == 9

    other = type(client)()
    other.force_login(editor)
    again = other.post(
        VERIFY, {"otp_device": recovery.persistent_id, "otp_token": codes[0]}
    )
    assert again.status_code == 200
    assert sent_to(other.get("/admin/"), VERIFY)


def test_another_persons_device_or_a_made_up_one_is_refused(client, editor):
    researcher = make_user("someone-else", "Researchers")
    theirs, their_key = confirmed_app(researcher)
    confirmed_app(editor)
    client.force_login(editor)
    for device_id in (theirs.persistent_id, "nonsense", "otp_totp.totpdevice/x"):
        response = client.post(
            VERIFY, {"otp_device": device_id, "otp_token": app_code(their_key)}
        )
        assert response.status_code == 200
        assert response.context["form"].errors
    assert sent_to(client.get("/admin/"), VERIFY)


def test_next_never_leaves_the_site(client, editor):
    device, key = confirmed_app(editor)
    client.force_login(editor)
    response = client.post(
        VERIFY,
        {
            "otp_device": device.persistent_id,
            "otp_token": app_code(key),
            "next": "https://elsewhere.example/admin/",
        },
    )
    assert response["Location"] == reverse("wagtailadmin_home")


def test_signing_out_is_open_before_the_second_step(client, editor):
    client.force_login(editor)
    response = client.post(reverse("wagtailadmin_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_researcher_is_asked_only_when_the_setting_says(client, researcher, settings):
    client.force_login(researcher)
    assert_admin_opens(client, "/admin/")
    assert sent_to(client.get(SETUP), "/admin/")  # nothing to set up
    settings.OTP_REQUIRED_FOR_RESEARCHERS = True
    assert sent_to(client.get("/admin/"), SETUP)


def with_permission(user, app_label, codename):
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    return type(user).objects.get(pk=user.pk)  # forget cached permissions


@pytest.mark.parametrize(
    ("group", "extra", "asked"),
    [
        ("Researchers", None, False),
        ("Editors", None, True),
        ("Administrators", None, True),
        ("Petition team", None, True),
        (None, None, False),
        (None, ("petition", "view_signature"), True),
        (None, ("defenders", "publish_defender"), True),
        (None, ("defenders", "change_defender"), False),
    ],
)
def test_who_must_use_two_factor(django_user_model, group, extra, asked):
    user = django_user_model.objects.create_user("person", password="x")
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    if extra:
        user = with_permission(user, *extra)
    assert required_for(user) is asked


def test_superusers_must_use_two_factor(admin_user, django_user_model):
    assert required_for(admin_user)
    inactive = django_user_model.objects.create_user("gone", is_active=False)
    assert not required_for(inactive)


def test_reset_removes_the_devices_and_is_audited(client, editor, caplog):
    login(client, editor)
    devices.new_recovery_codes(editor)
    assert_admin_opens(client, "/admin/")
    with caplog.at_level("WARNING", logger="cms.twofactor"):
        call_command("reset_two_factor", "editor")
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticDevice.objects.filter(user=editor).exists()
    entry = ModelLogEntry.objects.get(action="docket.two_factor_reset")
    assert entry.object_id == str(editor.pk)
    assert entry.data["operator"] and entry.data["devices_removed"] == 2
    assert entry.message == (
        "Removed the two-factor devices (reset_two_factor, run by "
        f"{entry.data['operator']} on the server)"
    )
    assert "Two-factor devices of editor reset by" in caplog.text
    # The session verified by the removed device is sent to set up again.
    assert sent_to(client.get("/admin/"), SETUP)


def test_reset_names_an_unknown_user():
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("reset_two_factor", "nobody")
