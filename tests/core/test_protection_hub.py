"""The "Stay safe at work" page and the way each role reaches the protection tools."""

import pytest
from django.urls import reverse

from kazi.accounts.constants import Role
from tests.conftest import login
from tests.factories import make_user, make_worker

pytestmark = pytest.mark.django_db


def test_a_visitor_without_an_account_reaches_every_tool_from_the_home_page(client):
    home = client.get("/").content.decode()
    assert reverse("core:protection") in home
    hub = client.get(reverse("core:protection")).content.decode()
    for name in (
        "screening:start",
        "recruitment:search",
        "contracts:verify",
        "grievances:file",
        "grievances:follow",
    ):
        assert f'href="{reverse(name)}"' in hub, name
    assert reverse("grievances:mine") not in hub  # personal lists only for signed-in workers


def test_a_worker_sees_their_own_records_on_the_hub(client):
    login(client, make_worker())
    hub = client.get(reverse("core:protection")).content.decode()
    for name in ("contracts:mine", "grievances:mine", "recruitment:my_reviews", "screening:mine"):
        assert f'href="{reverse(name)}"' in hub, name


@pytest.mark.parametrize(
    ("role", "link"),
    [
        (Role.COUNSELLOR, "grievances:queue"),
        (Role.PARTNER, "grievances:queue"),
        (Role.MODERATOR, "recruitment:moderation"),
        (Role.ANALYST, "grievances:stats"),
        (Role.EMPLOYER, "contracts:mine"),
    ],
)
def test_each_role_finds_its_protection_work_in_the_navigation(client, role, link):
    login(client, make_user(role))
    page = client.get(reverse("opportunities:list")).content.decode()
    assert f'href="{reverse(link)}"' in page


def test_partner_staff_land_on_their_referred_cases(client):
    login(client, make_user(Role.PARTNER))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("grievances:queue")
