"""Docket settings: one module, configured from the environment only.

Every knob is an environment variable (see README, "Configuration"). With
DEBUG off the site refuses to start without SECRET_KEY and ALLOWED_HOSTS, and
turns on the HTTPS-only settings that `manage.py check --deploy` asks for.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)


def required(name, value):
    """Stop start-up with one line naming the missing variable."""
    if not value:
        raise SystemExit(f"{name} must be set when DEBUG is off.")
    return value


if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="insecure-local-development-key-only")
    ALLOWED_HOSTS = env.list(
        "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"]
    )
else:
    SECRET_KEY = required("SECRET_KEY", env("SECRET_KEY", default=""))
    ALLOWED_HOSTS = required("ALLOWED_HOSTS", env.list("ALLOWED_HOSTS", default=[]))

INSTALLED_APPS = [
    # Before the apps whose models it translates (each app's translation.py).
    "modeltranslation",
    "records",
    "cms",
    "defenders",
    "events",
    "petition",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # pg_trgm lookups for name search (records/names.py); inert on SQLite.
    "django.contrib.postgres",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "cms.twofactor",
]

MIDDLEWARE = [
    # First: an anonymous GET answered from the cache runs none of the rest.
    # It stores the whole response the stack below gave on the miss, the
    # security headers, Vary and ETag included (records/cache.py).
    "records.cache.PublicCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # django-csp's, letting the admin frame Wagtail's previews (cms/middleware.py).
    "cms.middleware.PreviewCSPMiddleware",
    "cms.middleware.permissions_policy",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.middleware.preview_x_frame_options",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # A first visit in Belarusian or Russian goes to /be/, /ru/ (records/languages.py).
    "records.languages.first_visit",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language is in the URL (/be/, /ru/; English at the root).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(), then the admin's second step
    # (cms/twofactor/middleware.py).
    "django_otp.middleware.OTPMiddleware",
    "cms.twofactor.middleware.require_two_factor",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes requires: locks out admin login brute force.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cms.navigation.site_pages",
                "records.languages.links",
            ],
        },
    },
]

# SQLite file inside the project unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when CACHE_URL or REDIS_URL is set; otherwise memory of this process.
_cache_url = env("CACHE_URL", default="") or env("REDIS_URL", default="")
CACHES = {
    "default": env.cache_url_config(_cache_url)
    if _cache_url
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "records.redis_cache.RedisCache"
# Seconds our Redis backend waits to connect or for an answer; past it the
# cache answers a miss and the site works from the database (a frozen Redis
# must not stall every request).
CACHE_TIMEOUT_SECONDS = env.float("CACHE_TIMEOUT_SECONDS", default=0.25)

# Petition signing limits per client, "<requests>/<seconds>" pairs (a burst
# and a sustained window); an empty value turns them off (benchmarks only).
PETITION_RATE_LIMITS = [
    tuple(int(n) for n in pair.split("/"))
    for pair in env.list("PETITION_RATE_LIMITS", default=["5/60", "30/3600"])
    if pair
]

# Petition emails (petition/tasks.py). A failed send is tried again after
# PETITION_EMAIL_RETRY_DELAY seconds, then after three times as long each
# time (at most PETITION_EMAIL_RETRY_MAX_DELAY), PETITION_EMAIL_MAX_ATTEMPTS
# times in all: about two hours by default. Then it is failed, and the petition
# team can resend it from the admin.
PETITION_EMAIL_MAX_ATTEMPTS = env.int("PETITION_EMAIL_MAX_ATTEMPTS", default=8)
PETITION_EMAIL_RETRY_DELAY = env.float("PETITION_EMAIL_RETRY_DELAY", default=10)
PETITION_EMAIL_RETRY_MAX_DELAY = env.float(
    "PETITION_EMAIL_RETRY_MAX_DELAY", default=3600
)
# Where a signer whose confirmation email is late can write (empty: none shown).
PETITION_HELP_EMAIL = env("PETITION_HELP_EMAIL", default="")
# Signers' names and emails are anonymised this many days after their petition
# closes (`manage.py anonymise_signatures`, run daily).
PETITION_ANONYMISE_AFTER_DAYS = env.int("PETITION_ANONYMISE_AFTER_DAYS", default=90)

# bench/ serves a bare JSON view at /bench/bare as its yardstick.
BENCH = env.bool("DOCKET_BENCH", default=False)

# The largest case-list file (cms/caselist/) an import reads, in bytes.
CASE_LIST_MAX_BYTES = env.int("CASE_LIST_MAX_BYTES", default=10 * 1024 * 1024)

# Seconds an anonymous public page or API response stays cached (0: off).
# Any publish, unpublish, save or delete of a record invalidates them all.
PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=120)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Docket <docket@localhost>")
# Where readers send corrections (the About page); empty: no address shown.
CONTACT_EMAIL = env("CONTACT_EMAIL", default="")
# Seconds an SMTP server may take to answer: one that hangs fails the attempt
# (retried later) instead of holding a request or a worker.
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=10)

# Emails and other background work go through Django's Tasks API. Immediate
# in development and tests; the database backend plus `manage.py db_worker`
# in production (TASKS_BACKEND=database).
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[env("TASKS_BACKEND", default="immediate")]
    }
}
# /healthz answers 503 once a queued task has waited this long for a worker.
TASKS_MAX_WAIT_SECONDS = env.int("TASKS_MAX_WAIT_SECONDS", default=600)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

# Languages (DESIGN §9): English at the root, Belarusian under /be/, Russian
# under /ru/ (records/languages.py). The names are each language's own.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("be", "Беларуская"), ("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates in each language's own form: 16 February 2021, 16 лютага 2021.
FORMAT_MODULE_PATH = ["cms.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
# The texts that carry meaning have a column per language; the facts one
# (django-modeltranslation, each app's translation.py). A missing
# translation falls back to English, and the page says so.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "be", "ru")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# Every user chooses among these in their account settings.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Docket"
WAGTAILADMIN_BASE_URL = env("BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
WAGTAIL_I18N_ENABLED = False
# Slugs are ASCII (records/slugs.py): the admin transliterates a Cyrillic name
# as it fills the slug, instead of keeping letters the slug field refuses.
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# The number of proxies in front that append to X-Forwarded-For. 0: the
# client is REMOTE_ADDR and the header is never trusted. records.clientip
# reads it for the API throttle, the petition's limit and django-axes.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

# The journalists' API (cms/api.py): read-only, public, throttled per client
# IP. API_THROTTLE_RATE is "<n>/second|minute|hour|day"; empty turns it off.
API_THROTTLE_RATE = env("API_THROTTLE_RATE", default="120/minute")
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "records.api.schema.DocketAutoSchema",
    "EXCEPTION_HANDLER": "records.api.errors.exception_handler",
    "NUM_PROXIES": NUM_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Docket API",
    "DESCRIPTION": (
        "Published case records on detained human rights defenders: filter, "
        "count, export CSV (?format=csv on every list), cite the `url` of each "
        "record. Read-only, no authentication. Dates are EDTF (2021-02-16, "
        "2021-02, 2021, ~ when approximate) with their precision beside them."
    ),
    "VERSION": "1",
    # Swagger UI and Redoc from the drf-spectacular-sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "RENDERER_WHITELIST": ["rest_framework.renderers.JSONRenderer"],
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["records.api.schema.only_public_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "records.api.schema.unpaginated_formats",
    ],
    "ENUM_NAME_OVERRIDES": {
        "DefenderStatusEnum": "defenders.models.Defender.Status",
        "OrganizationStatusEnum": "defenders.models.Organization.Status",
        "PrecisionEnum": "records.fuzzydate.Precision",
        "OrganizationKindEnum": "defenders.models.Organization.Kind",
        "PlaceKindEnum": "records.models.Place.Kind",
        "DetentionPlaceKindEnum": "events.models.DetentionPlace.Kind",
        "EventTypeEnum": "events.models.Event.Type",
    },
}
# Anyone may read the API from a browser on another site; nothing else.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
# A newsroom's page may revalidate what it fetched: the conditional headers
# pass the preflight, and the validators are readable from script.
CORS_ALLOW_HEADERS = [
    "accept",
    "accept-language",
    "content-type",
    "if-modified-since",
    "if-none-match",
    "user-agent",
    "x-requested-with",
]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Content-Disposition"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# Production: HTTPS only, behind a proxy that sets X-Forwarded-Proto.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Previews alone may be framed, by the admin's own origin (cms/middleware.py).
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Permissions-Policy (cms/middleware.py): no page uses any of these features.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
    "interest-cohort=(), magnetometer=(), microphone=(), payment=(), usb=()"
)

# Content-Security-Policy on the public site: no inline script, no third-party
# code; map tiles are the one outside host. The Wagtail admin sets its own
# needs and is excluded.
MAP_TILE_HOST = env("MAP_TILE_HOST", default="https://tile.openstreetmap.org")
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", MAP_TILE_HOST],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        # Previews: 'self', so the admin's preview panel can show them.
        "frame-ancestors": [NONE],
    },
}

# Admin login brute-force protection (django-axes): after AXES_FAILURE_LIMIT
# failures for one username from one address, that pair waits an hour.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address as every limit reads it (NUM_PROXIES), so that behind
# a proxy one attacker cannot lock everyone out.
AXES_CLIENT_IP_CALLABLE = "records.clientip.client_ip"

# Two-factor authentication for everyone who can publish or see signers
# (cms/twofactor/): an authenticator app (TOTP) plus ten recovery codes.
# OTP_REQUIRED_FOR_RESEARCHERS asks the Researchers group too.
OTP_REQUIRED_FOR_RESEARCHERS = env.bool("OTP_REQUIRED_FOR_RESEARCHERS", default=False)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# After n wrong codes in a row, the next try waits 2**(n-1) seconds
# (django-otp's throttling; 1 is its default, written here so it stays on).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
