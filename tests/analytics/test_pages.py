"""The analyst's fairness page: who may see it, the latest report's charts, the dated
reports, and running the audit on live data."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.utils import timezone

from kazi.accounts.constants import Role
from kazi.analytics.audit import LIVE, report_data, write_report
from kazi.analytics.report import REPORT_CSS_HASH
from kazi.matching.fairness import WorkerOutcome, audit
from tests.analytics.conftest import audited_worker
from tests.conftest import login
from tests.factories import make_employer, make_skill, make_user, make_vacancy, make_worker

pytestmark = pytest.mark.django_db
PAGE = "/analytics/fairness/"
RUN = "/analytics/fairness/run/"
DAY = date(2026, 3, 2)


def a_report(day: date = DAY) -> dict:  # type: ignore[type-arg]
    women = [WorkerOutcome(i, i < 40, top_score=0.5 if i < 40 else None) for i in range(100)]
    men = [WorkerOutcome(100 + i, i < 80, top_score=0.5 if i < 80 else None) for i in range(100)]
    labels = {"gender": {o.worker_id: "woman" for o in women} | {o.worker_id: "man" for o in men}}
    return report_data(
        audit(women + men, labels),
        population=LIVE,
        top=20,
        opportunities=12,
        seed=None,
        size=None,
        today=day,
        generated_at=timezone.now(),
    )


def report_urls(day: str = "2026-03-02") -> list[str]:
    return [f"/analytics/fairness/reports/fairness-{day}.{ext}" for ext in ("html", "json")]


@pytest.mark.parametrize("role", [Role.WORKER, Role.EMPLOYER, Role.COUNSELLOR, Role.MODERATOR])
def test_other_roles_get_403_everywhere(client, role):
    write_report(a_report())
    login(client, make_user(role))
    for url in (PAGE, *report_urls()):
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"Woman" not in response.content
    assert client.post(RUN).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in_and_see_nothing(client):
    write_report(a_report())
    for url in (PAGE, *report_urls()):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")
    assert client.post(RUN).status_code == 302


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMINISTRATOR])
def test_analysts_and_administrators_see_the_latest_report(client, role):
    write_report(a_report(date(2026, 2, 23)))
    write_report(a_report())
    login(client, make_user(role))
    html = client.get(PAGE).content.decode()
    assert "Latest report: 2026-03-02" in html
    assert html.count("<svg") == 5  # the latest report's charts, inline
    assert "Woman — Recommendation rate: 40%, 0.50 of the best-off group" in html
    assert "How to read this report" in html and "four-fifths" in html
    for day in ("2026-03-02", "2026-02-23"):
        for url in report_urls(day):
            assert f'href="{url}"' in html


def test_the_nav_leads_analysts_to_the_page(client):
    login(client, make_user(Role.ANALYST))
    assert f'href="{PAGE}"' in client.get("/").content.decode()
    login(client, make_worker())
    assert f'href="{PAGE}"' not in client.get("/").content.decode()


def test_a_page_without_reports_says_so(client):
    login(client, make_user(Role.ANALYST))
    html = client.get(PAGE).content.decode()
    assert "No report yet" in html and "<svg" not in html


def test_report_files_are_served_to_analysts(client):
    data = a_report()
    write_report(data)
    login(client, make_user(Role.ANALYST))
    html_url, json_url = report_urls()
    page = client.get(html_url)
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    body = b"".join(page.streaming_content).decode()
    assert "<svg" in body and "<style>" in body
    # The report's own stylesheet is allowed by its hash; nothing else may load.
    policy = page["Content-Security-Policy"]
    assert f"style-src '{REPORT_CSS_HASH}'" in policy and "default-src 'none'" in policy
    download = client.get(json_url)
    assert download.status_code == 200
    assert 'attachment; filename="fairness-2026-03-02.json"' in download["Content-Disposition"]
    assert json.loads(b"".join(download.streaming_content)) == data


def test_unknown_or_malformed_reports_are_404(client):
    login(client, make_user(Role.ANALYST))
    assert client.get("/analytics/fairness/reports/fairness-2026-03-03.html").status_code == 404
    assert client.get("/analytics/fairness/reports/fairness-2026-13-45.json").status_code == 404
    assert client.get("/analytics/fairness/reports/fairness-2026-03-02.txt").status_code == 404
    assert client.get("/analytics/fairness/reports/..%2Fkazi.json").status_code == 404


def test_running_the_audit_on_live_data_writes_todays_report(client, reports_dir):
    wiring = make_skill("wiring")
    _employer, org = make_employer("KE")
    make_vacancy(org, essential=(wiring,))
    for n in range(6):
        audited_worker((wiring,), facts={"gender": "woman" if n % 2 else "man"})
    login(client, make_user(Role.ANALYST))
    assert client.get(RUN).status_code == 405  # only a POST runs it
    response = client.post(RUN, follow=True)
    html = response.content.decode()
    assert "The audit of live data is done: 6 workers" in html
    today = timezone.localdate().isoformat()
    assert (reports_dir / f"fairness-{today}.json").is_file()
    assert (reports_dir / f"fairness-{today}.html").is_file()
    assert f"Latest report: {today}" in html


def test_running_with_nobody_to_audit_explains_why(client, reports_dir):
    login(client, make_user(Role.ANALYST))
    html = client.post(RUN, follow=True).content.decode()
    assert "No worker has agreed to the fairness audit" in html
    assert not reports_dir.exists() or not any(reports_dir.iterdir())


def test_the_page_is_translated(client):
    write_report(a_report())
    analyst = make_user(Role.ANALYST, language="fr")
    login(client, analyst)
    client.cookies["kazi_language"] = "fr"
    html = client.get(PAGE).content.decode()
    assert 'lang="fr"' in html
    assert "0,50" in html  # numbers in French (the words once the catalogues are merged)


def test_a_report_that_cannot_be_written_is_explained(client, settings, tmp_path):
    wiring = make_skill("wiring")
    _employer, org = make_employer("KE")
    make_vacancy(org, essential=(wiring,))
    audited_worker((wiring,), facts={"gender": "woman"})
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.KAZI_REPORTS_DIR = blocker
    login(client, make_user(Role.ANALYST))
    html = client.post(RUN, follow=True).content.decode()
    assert "The report could not be written" in html
