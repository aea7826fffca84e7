"""The Petition team: who sees signers and emails in the admin, and resends."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from petition.factories import SignatureFactory
from petition.models import Email
from tests.admin_client import login

pytestmark = pytest.mark.django_db

TEAM_PERMISSIONS = {
    "petition.view_signature",
    "petition.delete_signature",
    "petition.export_signature_emails",
    "petition.view_email",
    "petition.resend_email",
    "wagtailadmin.access_admin",
}
SIGNER_PERMISSIONS = TEAM_PERMISSIONS - {"wagtailadmin.access_admin"}
INDEX = reverse("petition_emails:index")
RESEND_FAILED = reverse("petition_emails:resend_failed")


def group_permissions(name):
    return {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.fixture
def team_client(client):
    user = get_user_model().objects.create_user(username="team", password="pw")
    user.groups.add(Group.objects.get(name="Petition team"))
    return login(client, user)


@pytest.fixture
def emails(petition):
    """A failed email, a pending one and a sent one, to one signer each."""
    rows = {}
    for status in ("failed", "pending", "sent"):
        signature = SignatureFactory(
            petition=petition, name=f"Hidden {status}", email=f"{status}@example.org"
        )
        rows[status] = Email.objects.create(
            signature=signature,
            kind="confirm",
            base_url="http://testserver/",
            status=status,
            attempts=8 if status == "failed" else 1,
            last_error="ConnectionRefusedError: [Errno 111] Connection refused",
        )
    return rows


def test_the_team_has_the_signature_and_email_permissions_only():
    assert group_permissions("Petition team") == TEAM_PERMISSIONS


def test_researchers_and_editors_get_none_of_them():
    for name in ("Researchers", "Editors"):
        assert not group_permissions(name) & SIGNER_PERMISSIONS, name


def test_a_researcher_cannot_see_or_resend_emails(researcher_client, emails):
    assert researcher_client.get(INDEX).status_code in (302, 403)
    response = researcher_client.post(RESEND_FAILED)
    assert response.status_code in (302, 403)
    emails["failed"].refresh_from_db()
    assert emails["failed"].status == "failed"


def test_the_team_sees_status_attempts_and_error_never_the_text(team_client, emails):
    response = team_client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ConnectionRefusedError" in html
    assert "Waiting to be sent" in html or "waiting to be sent" in html
    for secret in ("@example.org", "Hidden", "/petition/confirm/"):
        assert secret not in html
    failed_only = team_client.get(INDEX, {"status": "failed"}).content.decode()
    assert f"Email {emails['failed'].pk}" in failed_only
    assert f"Email {emails['sent'].pk}<" not in failed_only


def test_the_team_resends_every_failed_email(team_client, emails):
    from django.core import mail

    question = team_client.get(RESEND_FAILED).content.decode()
    assert "Send this email again, with a fresh count of attempts?" in question
    response = team_client.post(RESEND_FAILED)
    assert response.status_code == 302
    assert response["Location"] == INDEX
    failed = Email.objects.get(pk=emails["failed"].pk)
    assert (failed.status, failed.attempts) == ("sent", 1)
    assert [m.to for m in mail.outbox] == [["failed@example.org"]]
    assert Email.objects.get(pk=emails["pending"].pk).status == "pending"


def test_the_team_resends_one_email_but_never_a_sent_one(team_client, emails):
    from django.core import mail

    url = reverse("petition_emails:resend", args=[emails["pending"].pk])
    assert team_client.post(url).status_code == 302
    assert Email.objects.get(pk=emails["pending"].pk).status == "sent"
    sent = reverse("petition_emails:resend", args=[emails["sent"].pk])
    assert "nothing to resend" in team_client.get(sent).content.decode()
    team_client.post(sent)
    assert len(mail.outbox) == 1
    missing = reverse("petition_emails:resend", args=[999999])
    assert team_client.post(missing).status_code == 404


def test_nobody_edits_or_deletes_an_email(client, admin_user, emails):
    login(client, admin_user)
    email = emails["failed"]
    assert client.get(reverse("petition_emails:add")).status_code in (302, 403)
    edit = reverse("petition_emails:edit", args=[email.pk])
    assert client.get(edit).status_code in (302, 403)
    client.post(reverse("petition_emails:delete", args=[email.pk]))
    assert Email.objects.filter(pk=email.pk).exists()
