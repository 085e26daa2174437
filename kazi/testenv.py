"""Test-run defaults, loaded as a pytest plugin (`-p kazi.testenv`) before Django reads
its settings. Never imported by the application."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("KAZI_STATIC_MANIFEST", "0")
os.environ.setdefault(
    "KAZI_VAR_DIR", os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "test")
)
os.environ.setdefault("KAZI_CONN_MAX_AGE", "0")
os.environ.setdefault("KAZI_TITLE_SEEDS", "")  # tests seed the title memory themselves
