import pytest

# serialized_rollback, as every browser test: a plain transactional flush
# re-creates content types, which the next serialized test then cannot load.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_home_page_renders_in_a_browser(page):
    page.goto("/")
    assert page.title().endswith("Docket")
    assert page.locator("header .site-name").inner_text() == "Docket"
