"""Django settings, read from environment variables (documented in README.md).

Defaults are production-safe: DEBUG is off unless KAZI_DEBUG/DEBUG says otherwise, and a
missing SECRET_KEY is an error when DEBUG is off.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("KAZI_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (any long random string), "
            "or set DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

KAZI_DATA_DIR = Path(os.environ.get("KAZI_DATA_DIR", PROJECT_DIR.parent / "shared" / "data"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "ninja",  # serves the API docs page from local static files, not a CDN
    "kazi.core",
    "kazi.accounts",
    "kazi.taxonomy",
    "kazi.wages",
    "kazi.profiles",
    "kazi.opportunities",
    "kazi.profiling",
    "kazi.matching",
    "kazi.applications",
    "kazi.analytics",
    "kazi.recruitment",
    "kazi.contracts",
    "kazi.grievances",
    "kazi.screening",
    "kazi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kazi.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kazi.core.middleware.UserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kazi.urls"
WSGI_APPLICATION = "kazi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kazi.core.context_processors.kazi",
            ],
        },
    }
]

DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'kazi.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE_URL),
        conn_max_age=int(os.environ.get("KAZI_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "kazi.accounts.backends.EmailOrPhoneBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Login throttling (django-axes): lock an identifier + address after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("KAZI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_bool("KAZI_AXES_ENABLED", True)

LANGUAGES_AVAILABLE = {"en": _("English"), "fr": _("French"), "ar": _("Arabic")}
_enabled = env_list("KAZI_LANGUAGES", "en,fr,ar")
for _code in _enabled:
    if _code not in LANGUAGES_AVAILABLE:
        raise ImproperlyConfigured(
            f"KAZI_LANGUAGES names {_code!r}; available: {', '.join(LANGUAGES_AVAILABLE)}"
        )
LANGUAGES = [(code, LANGUAGES_AVAILABLE[code]) for code in _enabled]
LANGUAGE_CODE = os.environ.get("KAZI_DEFAULT_LANGUAGE", _enabled[0])
if LANGUAGE_CODE not in _enabled:
    raise ImproperlyConfigured("KAZI_DEFAULT_LANGUAGE must be one of KAZI_LANGUAGES")
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "kazi_language"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if not env_bool("KAZI_STATIC_MANIFEST", not DEBUG)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("KAZI_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("KAZI_SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("KAZI_HSTS_SECONDS", "0"))

EMAIL_BACKEND = os.environ.get(
    "KAZI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("KAZI_FROM_EMAIL", "kazi@localhost")

# Deployment options
KAZI_ASK_RIGHT_TO_WORK = env_bool("KAZI_ASK_RIGHT_TO_WORK", True)
KAZI_SITE_NAME = os.environ.get("KAZI_SITE_NAME", "Kazi")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("KAZI_LOG_LEVEL", "WARNING")},
}

# Fairness audit (docs/fairness.md): where dated reports are written, and the smallest
# group shown on its own.
KAZI_REPORTS_DIR = Path(os.environ.get("KAZI_REPORTS_DIR", VAR_DIR / "reports"))
KAZI_FAIRNESS_MIN_GROUP = int(os.environ.get("KAZI_FAIRNESS_MIN_GROUP", "5"))
# Matching (docs/matching.md): up to KAZI_MATCH_EXACT_LIMIT candidates every one is scored;
# beyond, the vector index shortlists KAZI_MATCH_SHORTLIST of them for exact scoring.
KAZI_MATCH_EXACT_LIMIT = int(os.environ.get("KAZI_MATCH_EXACT_LIMIT", "2000"))
KAZI_MATCH_SHORTLIST = int(os.environ.get("KAZI_MATCH_SHORTLIST", "500"))
# The site's public address (https://kazi.example.org), for links in messages sent by
# commands (job-alert digests); without it, messages say where to look instead.
KAZI_SITE_URL = os.environ.get("KAZI_SITE_URL", "").rstrip("/")

# Skills recognition (issue 3): the cache built by `kazi taxonomy embed`.
KAZI_SKILLS_DIR = Path(os.environ.get("KAZI_SKILLS_DIR", VAR_DIR / "skills"))
# Seed files of confirmed job titles for the title memory (docs/skills.md), separated by
# the path separator (":"); empty to use none.
KAZI_TITLE_SEEDS = [
    path
    for path in os.environ.get(
        "KAZI_TITLE_SEEDS",
        str(KAZI_DATA_DIR / "bench" / "titles" / "jobbert_titles_validation.csv"),
    ).split(os.pathsep)
    if path
]

# Worker protection (recruitment, contracts, grievances, screening): see docs/protection.md.
# Private files (grievance evidence, contract documents): never served directly.
KAZI_PRIVATE_DIR = Path(os.environ.get("KAZI_PRIVATE_DIR", VAR_DIR / "private"))
KAZI_EVIDENCE_MAX_BYTES = int(os.environ.get("KAZI_EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024)))
KAZI_CONTRACT_MAX_BYTES = int(os.environ.get("KAZI_CONTRACT_MAX_BYTES", str(10 * 1024 * 1024)))
# How long a case may stay in each state before it is escalated, e.g. "new=48h,assigned=72h".
KAZI_GRIEVANCE_DEADLINES = os.environ.get(
    "KAZI_GRIEVANCE_DEADLINES", "new=48h,assigned=72h,in_progress=14d,on_hold=30d"
)
# Reviews: details are shown once an agency has this many published reviews; an approved
# review goes public after a random delay of up to this many hours.
KAZI_REVIEWS_MIN_FOR_DETAILS = int(os.environ.get("KAZI_REVIEWS_MIN_FOR_DETAILS", "5"))
KAZI_REVIEW_DELAY_HOURS = int(os.environ.get("KAZI_REVIEW_DELAY_HOURS", "72"))
# Aggregated grievance figures: counts under this are shown as "fewer than N".
KAZI_GRIEVANCE_MIN_COUNT = int(os.environ.get("KAZI_GRIEVANCE_MIN_COUNT", "5"))
# Screening audio (espeak-ng, generated offline on first request and cached).
KAZI_SCREENING_AUDIO_DIR = Path(
    os.environ.get("KAZI_SCREENING_AUDIO_DIR", VAR_DIR / "screening-audio")
)
KAZI_ESPEAK = os.environ.get("KAZI_ESPEAK", "espeak-ng")
# Screening (docs/screening.md): helplines shown with urgent and high results, as
# "MY=+60 3-0000 0000 Name;ALL=..." or the path of a JSON file (empty: none configured);
# and where the "Leave this page quickly" button goes (a neutral public page).
KAZI_HELPLINES = os.environ.get("KAZI_HELPLINES", "")
KAZI_QUICK_EXIT_URL = os.environ.get("KAZI_QUICK_EXIT_URL", "https://www.google.com/")
