"""Languages (DESIGN §9): which language a request is in, and which version
of a text it reads.

A fact exists once. The texts that carry meaning have a column per language
(django-modeltranslation: `biography_en`, `biography_be`, `biography_ru`),
and names one per script (`name`, `name_be`, `name_ru`). A text missing in
the reader's language falls back to English, and `text_in` says so, so that
the page can mark it (`lang="en"`) and tell the reader.
"""

import dataclasses

from django.conf import settings
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.text import capfirst
from django.utils.translation import trans_real

from wagtail.admin.panels import FieldPanel, MultiFieldPanel

CODES = [code for code, _name in settings.LANGUAGES]
DEFAULT = settings.LANGUAGE_CODE


def active():
    return translation.get_language() or DEFAULT


@dataclasses.dataclass(frozen=True)
class Text:
    """One text as the reader gets it: its value, the language it is in,
    and whether that is a fallback from the reader's language."""

    value: str
    language: str
    fallback: bool

    def __str__(self):
        return self.value or ""

    def __bool__(self):
        return bool(self.value)


def text_in(obj, field, language=None):
    """`obj.<field>` in `language` (the active one), or in English when that
    version is empty."""
    language = language or active()
    if not hasattr(obj, f"{field}_{DEFAULT}"):
        # Not a translated field: one text for every language.
        return Text(getattr(obj, field, "") or "", language, False)
    value = getattr(obj, f"{field}_{language}", None)
    if value:
        return Text(value, language, False)
    english = getattr(obj, f"{field}_{DEFAULT}", None) or ""
    return Text(english, DEFAULT, bool(english) and language != DEFAULT)


# The name fields a language reads first: Russian falls back to the
# Belarusian spelling before the Latin one, Belarusian to the Russian.
NAME_ORDER = {
    "be": ("name_be", "name_ru", "name"),
    "ru": ("name_ru", "name_be", "name"),
}


def local_name(obj, language=None):
    """A name in the reader's script first: Алесь Бяляцкі on /be/, Алесь
    Беляцкий on /ru/, Ales Bialiatski in English."""
    for field in NAME_ORDER.get(language or active(), ("name",)):
        value = getattr(obj, field, "")
        if value:
            return value
    return getattr(obj, "name", "")


def local_title(page, language=None):
    """A page's title in the reader's language (`title_be`, `title_ru`), or
    its title."""
    language = language or active()
    return getattr(page, f"title_{language}", "") or page.title


class TranslatedPanel(MultiFieldPanel):
    """One text's versions, under the field's own label."""

    def __init__(self, *args, field, **kwargs):
        kwargs.setdefault("classname", "translated")
        super().__init__(*args, **kwargs)
        self.field = field

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "field": self.field}

    def on_model_bound(self):
        if not self.heading:
            field = self.model._meta.get_field(self.field)
            self.heading = capfirst(field.verbose_name)
        super().on_model_bound()


def translated_panel(field, first=FieldPanel):
    """The admin's fields for one text, a version per language side by side
    (English, Беларуская, Русский). `first` is the English field's panel
    class, for a text that fills the slug."""
    names = dict(settings.LANGUAGES)
    panels = [
        (first if code == DEFAULT else FieldPanel)(
            f"{field}_{code}", heading=names[code]
        )
        for code in CODES
    ]
    return TranslatedPanel(panels, field=field)


# Paths outside the language prefixes (cms/urls.py): one address for every
# language.
UNPREFIXED = (
    "/admin/",
    "/api/",
    "/documents/",
    "/healthz",
    "/livez",
    "/en/",
    "/language/",
    "/media/",
    "/robots.txt",
    "/sitemap.xml",
    "/static/",
)


def in_language(url, code):
    """The same public address in another language: /be/defenders/ →
    /defenders/ (en), /ru/defenders/ (ru). An address outside the site's
    patterns comes back as it is."""
    # A prefixed address resolves only while its own language is active.
    with translation.override(of_path(url.split("?", 1)[0])):
        return translate_url(url, code)


def of_path(path):
    """The language a public address is in: /be/… Belarusian, /ru/… Russian,
    any other English."""
    for code in CODES:
        if code != DEFAULT and (path.startswith(f"/{code}/") or path == f"/{code}"):
            return code
    return DEFAULT


def is_public(path):
    return not path.startswith(UNPREFIXED)


def from_header(request):
    """The best of our languages for the request's Accept-Language, or None."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in trans_real.parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


def for_api(request):
    """The API's language: ?lang=, else Accept-Language, else English. An
    unknown ?lang is refused by the API's parameter check."""
    asked = request.GET.get("lang", "")
    if asked in CODES:
        return asked
    return from_header(request) or DEFAULT


def of_request(request):
    """The language of the answer to `request`, before any view has run (the
    page cache keys on it)."""
    if request.path.startswith("/api/"):
        return for_api(request)
    return of_path(request.path)


def choose(request, code):
    """/language/<code>/?next=/defenders/…: the language switcher. The
    reader's choice is kept in a cookie, so that an English address is not
    turned into their browser's language on their next visit, and they go
    to the same page in the chosen language."""
    if code not in CODES:
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(in_language(target, code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    add_never_cache_headers(response)
    return response


def english_prefix(request, rest=""):
    """/en/… → /…: English lives at the root, and a typed or guessed /en/
    address still reaches its page."""
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"/{rest}" + (f"?{query}" if query else ""))


def is_english_page(path):
    """A public page's English address: where first_visit may redirect."""
    return is_public(path) and of_path(path) == DEFAULT


def wanted(request):
    """The language the reader asks for, by Django's negotiation: the chosen
    language's cookie, else Accept-Language, else English."""
    return translation.get_language_from_request(request)


def first_visit(get_response):
    """Middleware: a reader whose browser asks for Belarusian or Russian, and
    who has not chosen a language, is sent from an English address to the
    same page in their language. Before the page cache, so that a cached
    English page never answers them; the answer varies on both."""

    def middleware(request):
        english = is_english_page(request.path_info)
        if english and request.method in ("GET", "HEAD"):
            language = wanted(request)
            if language != DEFAULT:
                target = in_language(request.get_full_path(), language)
                if of_path(target) == language:
                    response = HttpResponseRedirect(target)
                    patch_vary_headers(response, ("Accept-Language", "Cookie"))
                    return response
        response = get_response(request)
        if english:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    return middleware


def links(request):
    """Context processor: the page in every language, for the switcher and
    the hreflang alternates: [{code, name, url, choose, current}]."""
    if not is_public(request.path_info):
        return {}
    path = request.get_full_path()
    current = active()
    names = dict(settings.LANGUAGES)
    alternates = []
    for code in CODES:
        url = in_language(path, code)
        choose = reverse("choose_language", args=[code])
        alternates.append(
            {
                "code": code,
                "name": names[code],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "choose": f"{choose}?{urlencode({'next': url})}",
                "current": code == current,
            }
        )
    return {"languages": alternates}


def search_fields(field, boost=None, autocomplete=False):
    """Wagtail search fields for every language's version of a text: a
    search finds a record by its Belarusian, Russian or English text."""
    from wagtail.search import index

    fields = [
        index.SearchField(f"{field}_{code}", **({"boost": boost} if boost else {}))
        for code in CODES
    ]
    if autocomplete:
        fields += [index.AutocompleteField(f"{field}_{code}") for code in CODES]
    return fields


def translated_fields(model):
    """The names of `model`'s texts with a version per language."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return sorted(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return []


def untranslated(queryset, language):
    """The records with a text written in English but not in `language`."""
    missing = Q()
    for field in translated_fields(queryset.model):
        written = ~Q(**{f"{field}_{DEFAULT}": ""}) & Q(
            **{f"{field}_{DEFAULT}__isnull": False}
        )
        empty = Q(**{f"{field}_{language}": ""}) | Q(
            **{f"{field}_{language}__isnull": True}
        )
        missing |= written & empty
    return queryset.filter(missing) if missing else queryset.none()


def local_name_expression(language=None):
    """`local_name` as a database expression, to list and sort names in the
    reader's script in one query."""
    first = NAME_ORDER.get(language or active(), ("name",))[:-1]
    if not first:
        return F("name")
    return Coalesce(*(NullIf(F(field), Value("")) for field in first), F("name"))
