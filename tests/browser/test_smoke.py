def test_home_page_renders_in_a_browser(page):
    page.goto("/")
    assert page.title().endswith("Docket")
    assert page.locator("header .site-name").inner_text() == "Docket"
