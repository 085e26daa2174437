"""Page weight of worker pages on first load: HTML + CSS + JS, gzip-compressed.

Target (issue 2): at most 60 KB transferred for the first load of any worker page.
Runs against the configured database with the demo data loaded (`make setup`).

    DEBUG=1 .venv/bin/python bench/page_weight.py
"""

from __future__ import annotations

import gzip
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kazi.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from django.contrib.staticfiles import finders  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from kazi.accounts.models import User  # noqa: E402
from kazi.opportunities.models import Vacancy  # noqa: E402

LIMIT_KB = 60
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def static_size(url: str) -> int:
    path = finders.find(url.removeprefix("/static/").split("?")[0])
    if not path:
        return 0
    return len(gzip.compress(Path(str(path)).read_bytes(), 9))


def main() -> int:
    worker = User.objects.filter(email="worker@kazi.demo").first()
    vacancy = Vacancy.objects.filter(status="published").first()
    if worker is None or vacancy is None:
        print("Load the demo data first: make setup (or kazi demo load).", file=sys.stderr)
        return 2
    client = Client(HTTP_ACCEPT_ENCODING="gzip", HTTP_HOST="127.0.0.1")
    client.force_login(worker, backend="kazi.accounts.backends.EmailOrPhoneBackend")
    pages = {
        "for you": reverse("matching:for_you"),
        "profile overview": reverse("profiles:overview"),
        "profile: skills step": reverse("profiles:step", args=["skills"]) + "?q=repair",
        "opportunities": reverse("opportunities:list"),
        "vacancy": reverse("opportunities:detail", args=[vacancy.pk]),
        "apply": reverse("applications:apply", args=[vacancy.pk]),
        "my applications": reverse("applications:mine"),
        "CV": reverse("profiles:cv"),
        "stay safe": reverse("core:protection"),
        "screening: questions": reverse("screening:questions") + "?sector=domestic",
        "agencies": reverse("recruitment:search") + "?q=savannah",
        "report a problem": reverse("grievances:file"),
        "follow a case": reverse("grievances:follow"),
        "my contracts": reverse("contracts:mine"),
        "new contract": reverse("contracts:new"),
        "verify a receipt": reverse("contracts:verify"),
    }
    print(f"{'page':<24}{'HTML gz':>10}{'assets gz':>11}{'total KB':>10}  status")
    worst = 0.0
    for name, url in pages.items():
        response = client.get(url)
        body = response.content
        html = gzip.decompress(body) if response.get("Content-Encoding") == "gzip" else body
        html_gz = (
            len(body) if response.get("Content-Encoding") == "gzip" else len(gzip.compress(body, 6))
        )
        assets = sum(static_size(a) for a in set(ASSET.findall(html.decode())))
        total_kb = (html_gz + assets) / 1024
        worst = max(worst, total_kb)
        verdict = "ok" if total_kb <= LIMIT_KB and response.status_code == 200 else "OVER"
        print(
            f"{name:<24}{html_gz / 1024:>9.1f}K{assets / 1024:>10.1f}K{total_kb:>10.1f}  "
            f"{response.status_code} {verdict}"
        )
    print(f"heaviest worker page: {worst:.1f} KB (limit {LIMIT_KB} KB)")
    return 0 if worst <= LIMIT_KB else 1


if __name__ == "__main__":
    sys.exit(main())
