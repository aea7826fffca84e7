import csv
import io

import pytest

from django.contrib.auth.models import Permission
from django.urls import reverse

from petition.exports import safe_cell
from petition.factories import SignatureFactory
from petition.models import Signature
from tests.admin_client import login

pytestmark = pytest.mark.django_db


def make_user(django_user_model, *codenames):
    user = django_user_model.objects.create_user(username="u", password="pw")
    perms = Permission.objects.filter(
        content_type__app_label__in=["wagtailadmin", "petition"],
        codename__in=["access_admin", *codenames],
    )
    user.user_permissions.add(*perms)
    return user


@pytest.fixture
def signed(petition):
    rows = [
        ('=HYPERLINK("http://evil")', "evil@example.org", "BY"),
        ("+Plus Sign", "plus@example.org", "PL"),
        ("-Minus", "minus@example.org", "LT"),
        ("@At", "at@example.org", "DE"),
        ("\tTab", "tab@example.org", "FR"),
        ("Zora Testova", "zora@example.org", "BY"),
    ]
    for name, email, country in rows:
        SignatureFactory(petition=petition, name=name, email=email, country=country)
    for signature in Signature.objects.all():
        signature.confirm()
    SignatureFactory(petition=petition, name="Unconfirmed", email="u@example.org")
    # The tab and CR are whitespace the form would have collapsed; stored
    # anyway here to check the export. A CR-led cell:
    Signature.objects.filter(name="-Minus").update(name="\r-Minus")
    return petition


def parse(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def refused(response):
    """Wagtail answers a denied admin view with a redirect to the dashboard."""
    return response.status_code in (302, 403) and "csv" not in response.get(
        "Content-Type", ""
    )


def delivery_url(petition):
    return reverse("petition_export_delivery", args=[petition.pk])


def full_url(petition):
    return reverse("petition_export_full", args=[petition.pk])


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Ales", "Ales"),
        ("", ""),
        (None, ""),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_delivery_export_has_names_and_countries_of_confirmed_signers(
    client, django_user_model, signed
):
    login(client, make_user(django_user_model, "view_signature"))
    response = client.get(delivery_url(signed))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = parse(response)
    assert rows[0] == ["name", "country"]
    assert ["Zora Testova", "Belarus"] in rows
    assert len(rows) == 1 + 6  # unconfirmed left out
    assert "@" not in response.content.decode().replace("'@At", "")  # no email
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_full_export_needs_its_own_permission(client, django_user_model, signed):
    user = make_user(django_user_model, "view_signature")
    login(client, user)
    assert refused(client.get(full_url(signed)))
    user.user_permissions.add(
        Permission.objects.get(codename="export_signature_emails")
    )
    user = django_user_model.objects.get(pk=user.pk)  # forget cached perms
    login(client, user)
    response = client.get(full_url(signed))
    assert response.status_code == 200
    rows = parse(response)
    assert rows[0][:3] == ["name", "email", "country"]
    assert ["Zora Testova", "zora@example.org", "Belarus"] in [r[:3] for r in rows]
    assert len(rows) == 7
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_exports_refused_without_permission(client, django_user_model, signed):
    login(client, make_user(django_user_model))
    assert refused(client.get(delivery_url(signed)))
    assert refused(client.get(full_url(signed)))
    client.logout()
    response = client.get(delivery_url(signed))
    assert refused(response) and "login" in response["Location"]


def test_signature_list_needs_the_petition_permission(
    client, django_user_model, signed
):
    index = reverse("signatures:index")
    researcher = make_user(django_user_model)  # admin access, no petition perms
    login(client, researcher)
    assert client.get(index).status_code in (302, 403)
    staff = django_user_model.objects.create_user(username="staff", password="pw")
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_signature"])
    )
    login(client, staff)
    response = client.get(index)
    assert response.status_code == 200
    assert "Zora Testova" in response.content.decode()


def test_nobody_adds_or_edits_signatures_in_the_admin(client, admin_user, signed):
    login(client, admin_user)
    signature = Signature.objects.first()
    assert client.get(reverse("signatures:add")).status_code in (302, 403)
    edit = reverse("signatures:edit", args=[signature.pk])
    assert client.get(edit).status_code in (302, 403)
    # Deleting (a signer's request) is allowed and uncounts it.
    signed.refresh_from_db()
    before = signed.signature_count
    confirmed = Signature.objects.filter(confirmed_at__isnull=False).first()
    response = client.post(reverse("signatures:delete", args=[confirmed.pk]))
    assert response.status_code == 302
    signed.refresh_from_db()
    assert signed.signature_count == before - 1


def test_audit_log_names_no_signer(client, admin_user, signed):
    from wagtail.models import ModelLogEntry

    login(client, admin_user)
    signature = Signature.objects.get(name="Zora Testova")
    client.post(reverse("signatures:delete", args=[signature.pk]))
    labels = list(ModelLogEntry.objects.values_list("label", flat=True))
    assert labels and not any("Zora" in label or "Testova" in label for label in labels)


def test_page_explorer_offers_the_exports(client, admin_user, signed):
    login(client, admin_user)
    response = client.get(
        reverse("wagtailadmin_explore", args=[signed.get_parent().pk])
    )
    html = response.content.decode()
    assert delivery_url(signed) in html
    assert full_url(signed) in html
