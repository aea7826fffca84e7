"""Sign, confirm from the email, see the count rise; withdraw, see it fall."""

import pytest

from django.core import mail

from petition.factories import make_petition
from tests.petition.helpers import confirm_path, withdraw_path

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site_root():
    """The home page the migrations create. A transactional test before this
    one may have flushed it, and serialized_rollback does not restore it here:
    under Playwright's sync API the test sees a database connection without
    the serialized contents. So make it again if it is gone."""
    from wagtail.models import Locale, Page, Site

    from cms.models import HomePage

    home = HomePage.objects.filter(slug="home").first()
    if home is None:
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()  # the flush took the rows it caches
        Locale.objects.get_or_create(language_code="en")
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        home = root.add_child(instance=HomePage(title="Docket", slug="home"))
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "hostname": "localhost",
                "root_page": home,
                "site_name": "Docket",
            },
        )
    return home


def test_sign_confirm_and_withdraw(page, site_root):
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
