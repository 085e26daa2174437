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
