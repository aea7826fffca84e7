"""Sign, confirm from the email, see the count rise; withdraw, see it fall."""

import pytest

from django.core import mail

from petition.factories import make_petition
from tests.petition.helpers import confirm_path, withdraw_path

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_sign_confirm_and_withdraw(page, home_page):
    petition = make_petition(title="Free the defenders", slug="free-them", goal=10)
    mail.outbox.clear()

    page.goto(petition.url)
    assert page.locator("#signature-count").inner_text() == "0"
    page.get_by_label("Your name").fill("Nasta Browser")
    page.get_by_label("Your email").fill("nasta@example.org")
    page.get_by_label("Country").select_option("BY")
    page.get_by_label("Show my first name publicly").check()
    page.get_by_role("button", name="Sign").click()
    page.wait_for_selector("#petition-notice")
    assert "sent an email" in page.locator("#petition-notice").inner_text()
    assert page.locator("#signature-count").inner_text() == "0"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nasta@example.org"]

    page.goto(confirm_path(message))
    page.get_by_role("button", name="Confirm my signature").click()
    page.wait_for_selector("#petition-notice")
    assert "Thanks for confirming!" in page.locator("#petition-notice").inner_text()
    assert page.locator("#signature-count").inner_text() == "1"
    assert "Nasta, Belarus" in page.locator(".recent-signers").inner_text()

    page.goto(withdraw_path(message))
    page.get_by_role("button", name="Withdraw my signature").click()
    page.wait_for_selector("#petition-message")
    assert "withdrawn" in page.locator("#petition-message").inner_text()

    page.goto(petition.url)
    assert page.locator("#signature-count").inner_text() == "0"
    assert page.locator(".recent-signers").count() == 0
