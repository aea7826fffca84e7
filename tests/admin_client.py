"""Driving the Wagtail admin as researchers and editors do: the helpers.

The researcher and editor fixtures are in tests/conftest.py. Sign a test
client in with login(client, user), never client.force_login alone: the admin
asks editors and administrators for a second step (cms/twofactor/).
The form data mirrors what the admin's create/edit forms post, inline panels
included, so a test exercises the same form, rules and views a person does.
"""

import base64
import datetime
import time

import django_otp
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from defenders.factories import DefenderFactory
from records.factories import PlaceFactory, SourceFactory
from records.fuzzydate import as_typed
from records.models import Record

PASSWORD = "a long password for tests 7"


def record_models():
    """Every concrete case record (a Record subclass), so a new one is covered."""
    return [model for model in apps.get_models() if issubclass(model, Record)]


def admin_url(model, view, *args):
    meta = model._meta
    return reverse(
        f"wagtailsnippets_{meta.app_label}_{meta.model_name}:{view}", args=args
    )


def make_user(username, group_name):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def login(client, user):
    """Sign `user` in as a person is after both steps: the password
    (force_login) and a code from a confirmed authenticator app, marked on the
    session by django_otp.login as the code form does. Returns the client."""
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Test app", defaults={"confirmed": True}
    )
    request = HttpRequest()
    request.user, request.session = user, client.session
    django_otp.login(request, device)
    request.session.save()
    return client


def app_code(key, later=0):
    """The code an authenticator app shows for `key` (base32, as the set-up
    page shows it, spaces allowed), `later` seconds from now."""
    totp = TOTP(base64.b32decode(key.replace(" ", "")))
    totp.time = time.time() + later
    return f"{totp.token():06d}"


def login_browser(page, base_url, user):
    """The browser `page`, signed in as `user` (both steps) by the session
    cookie of a test client signed in with login()."""
    client = login(Client(), user)
    name = settings.SESSION_COOKIE_NAME
    page.context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": base_url}]
    )
    return page


def ids(objects):
    return [str(obj.pk) for obj in objects]


def form_data(data):
    """Flatten inline panels as the admin posts them; lists (many-to-many
    choices) stay lists, one value per chosen row."""
    lists = {key: value for key, value in data.items() if isinstance(value, list)}
    rest = {key: value for key, value in data.items() if key not in lists}
    return {**nested_form_data(rest), **lists}


def fuzzy(name, day, precision="day", approximate=False):
    """A fuzzy date as the admin posts it: one text field, typed as a
    researcher would ('16.02.2021', '02.2021', '2021', 'c. 2021'). `day` is a
    date, an ISO day ('2021-02-01') or '' for none."""
    if isinstance(day, str) and day:
        day = datetime.date.fromisoformat(day)
    return {name: as_typed(day, precision, approximate) if day else ""}


def in_english(data, *fields):
    """The admin edits a translated text in one field per language
    (records.languages.translated_panel): a test's text is the English one."""
    for field in fields:
        if field in data:
            value = data[f"{field}_en"] = data.pop(field)
            # A rich text field posts the editor's JSON, even when empty.
            empty = rich_text("") if str(value).startswith("{") else ""
            data.setdefault(f"{field}_be", empty)
            data.setdefault(f"{field}_ru", empty)
    return data


def event_data(
    defenders=(),
    role="detained",
    sources=None,
    figures=(),
    day=datetime.date(2021, 7, 14),
    **fields,
):
    """The Event form as posted. `defenders` become 'People involved' rows."""
    sources = [SourceFactory()] if sources is None else sources
    data = {
        "type": "detention",
        "title": "Detention of a defender",
        "slug": "detention-of-a-defender",
        **fuzzy("date", day),
        **fuzzy("end", ""),
        "places": ids([PlaceFactory(name="Minsk")]),
        "detention_place": "",
        "participants": inline_formset(
            [
                {"defender": defender.pk, "role": role, "note": ""}
                for defender in defenders
            ]
        ),
        "organizations": [],
        "affected_count": "",
        "figures": inline_formset(list(figures)),
        "authority": "",
        "description": "",
        "sources": ids(sources),
        "private_notes": "",
    }
    data.update(fields)
    return form_data(in_english(data, "title", "description"))


def charge_data(defender, article, sources=None, changes=(), **fields):
    sources = [SourceFactory()] if sources is None else sources
    data = {
        "defender": defender.pk,
        "case": "",
        "article": article.pk,
        **fuzzy("brought_on", datetime.date(2021, 7, 17)),
        "outcome": "pending",
        "changes": inline_formset(list(changes)),
        "note": "",
        "sources": ids(sources),
        "private_notes": "",
    }
    data.update(fields)
    return form_data(in_english(data, "note"))


def sentence_data(defender, sources=None, **fields):
    sources = [SourceFactory()] if sources is None else sources
    data = {
        "defender": defender.pk,
        "case": "",
        **fuzzy("verdict_date", datetime.date(2023, 3, 3)),
        "court": "Leninsky District Court, Minsk",
        "term_months": "120",
        "regime": "reinforced",
        "regime_note": "",
        "fine": "",
        "note": "",
        "sources": ids(sources),
        "private_notes": "",
    }
    data.update(fields)
    return form_data(in_english(data, "note", "regime_note"))


def defender_data(sources=None, memberships=(), **fields):
    sources = [SourceFactory()] if sources is None else sources
    data = {
        "name": "Alpha Test Defender",
        "name_be": "",
        "name_ru": "",
        "other_names": "",
        "slug": "alpha-test-defender",
        "photo": "",
        "birth_year": "1980",
        "role": "Volunteer",
        "status": "imprisoned",
        **fuzzy("status_as_of", datetime.date(2025, 12, 1), "month"),
        "status_note": "",
        "status_sources": [],
        **fuzzy("political_prisoner_since", ""),
        "letter_address": "",
        "memberships": inline_formset(list(memberships)),
        "biography": rich_text(""),
        "sources": ids(sources),
        "private_notes": "",
    }
    data.update(fields)
    return form_data(in_english(data, "role", "status_note", "biography"))


def organization_data(**fields):
    data = {
        "name": "Viasna",
        "name_be": "",
        "name_ru": "",
        "other_names": "",
        "slug": "viasna",
        "kind": "human_rights",
        "website": "",
        **fuzzy("founded", datetime.date(1996, 1, 1), "year"),
        "status": "liquidated",
        **fuzzy("registered_on", ""),
        **fuzzy("deregistered_on", ""),
        **fuzzy("closed_on", ""),
        "closed_by": "",
        "description": rich_text(""),
        "sources": [],
        "private_notes": "",
    }
    data.update(fields)
    return form_data(in_english(data, "description"))


def form_errors(response, field=None):
    """The create/edit form's errors (all, or one field's) from a response."""
    form = response.context["form"]
    errors = form.errors
    return errors.get(field, []) if field else errors


def a_defender(**kwargs):
    return DefenderFactory(**kwargs)
