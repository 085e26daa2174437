import pytest

pytestmark = pytest.mark.django_db


def test_home_page_is_served_in_english_with_the_esco_credit(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="en"' in html and 'dir="ltr"' in html
    assert "This service uses the ESCO classification of the European Commission." in html


def test_pages_forbid_third_party_assets(client):
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.json()["status"] == "ok"


def test_switching_language_is_saved_on_the_signed_in_account(client):
    from tests.conftest import login
    from tests.factories import make_worker

    worker = make_worker()
    login(client, worker)
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.language == "ar"
    assert 'dir="rtl"' in client.get("/opportunities/").content.decode()


def test_unknown_pages_answer_a_translated_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_api_documentation_uses_no_third_party_assets(client):
    import re

    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', response.content.decode())
    assert assets and all(url.startswith("/static/") for url in assets), assets
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "Kazi API"
