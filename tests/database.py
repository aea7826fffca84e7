"""What the database holds and what it refuses: helpers every folder shares.

ensure_site() makes sure the home page and default Site exist;
refuse_statements() makes the database refuse SQL, as one that is down would.
"""

from django.db.backends.utils import CursorWrapper


def ensure_site():
    """The root collection, home page and default Site that migrations create;
    returns the home page.

    Transactional (browser) tests flush the database; serialized rollback
    should restore these, but does not always when Playwright's event loop
    runs in the same thread, so recreate whatever is missing."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import Collection, Locale, Page, Site

    from cms.models import HomePage

    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    home = HomePage.objects.filter(slug="home").first()
    if home is None:
        ContentType.objects.clear_cache()  # a flush took the rows it caches
        Locale.objects.get_or_create(language_code="en")
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root")
        )
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


def refuse_statements(monkeypatch, error, start=""):
    """Make every SQL statement starting with `start` (upper case; every
    statement when empty) raise `error`, as a database refusing it would.
    monkeypatch.undo() ends it."""
    execute, executemany = CursorWrapper.execute, CursorWrapper.executemany

    def refused(sql):
        return not start or str(sql).lstrip().upper().startswith(start)

    def refuse_execute(self, sql, params=None):
        if refused(sql):
            raise error
        return execute(self, sql, params)

    def refuse_executemany(self, sql, param_list):
        if refused(sql):
            raise error
        return executemany(self, sql, param_list)

    monkeypatch.setattr(CursorWrapper, "execute", refuse_execute)
    monkeypatch.setattr(CursorWrapper, "executemany", refuse_executemany)
