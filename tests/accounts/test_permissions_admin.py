import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from kazi.accounts.constants import Role
from kazi.accounts.models import Organisation, User
from kazi.accounts.permissions import has_role, organisations_of, role_required
from tests.factories import PASSWORD, make_employer, make_user, make_worker

pytestmark = pytest.mark.django_db


@role_required(Role.EMPLOYER)
def employer_page(request):
    return HttpResponse("employer page")


@role_required(Role.MODERATOR)
def moderation_page(request):
    return HttpResponse("moderation page")


def call(view, user, path="/somewhere/?x=1"):
    request = RequestFactory().get(path)
    request.user = user
    request.session = {}
    return view(request)


def test_anonymous_visitors_are_sent_to_sign_in_with_next():
    response = call(employer_page, AnonymousUser())
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?next=/somewhere/%3Fx%3D1"


def test_the_right_role_passes():
    employer, _ = make_employer()
    assert call(employer_page, employer).content == b"employer page"


def test_a_wrong_role_gets_a_translated_403_page():
    response = call(employer_page, make_worker())
    assert response.status_code == 403
    assert "Not available for your account" in response.content.decode()


def test_administrators_pass_where_moderators_do():
    assert call(moderation_page, make_user(Role.ADMINISTRATOR)).status_code == 200
    assert call(moderation_page, make_user(Role.MODERATOR)).status_code == 200
    assert call(moderation_page, make_user(Role.COUNSELLOR)).status_code == 403


def test_closed_accounts_have_no_role():
    assert not has_role(make_user(Role.EMPLOYER, is_active=False), Role.EMPLOYER)


def test_unknown_role_names_are_a_programming_error():
    with pytest.raises(ValueError):
        role_required("boss")


def test_organisations_of():
    employer, org = make_employer()
    other = Organisation.objects.create(name="Aid NGO", kind="ngo", country="JO")
    other.members.add(employer)
    assert list(organisations_of(employer)) == [other, org] or set(organisations_of(employer)) == {
        org,
        other,
    }
    assert not organisations_of(make_worker()).exists()
    assert not organisations_of(AnonymousUser()).exists()


def test_admin_lists_users_with_role_filter_and_search(admin_client):
    make_user(Role.COUNSELLOR, display_name="Grace Counsellor")
    make_user(Role.WORKER, phone="+254712345678", display_name="Amina")
    url = reverse("admin:accounts_user_changelist")
    html = admin_client.get(url + "?role__exact=counsellor").content.decode()
    assert "Grace Counsellor" in html and "Amina" not in html
    html = admin_client.get(url + "?q=%2B254712345678").content.decode()
    assert "Amina" in html and "Grace Counsellor" not in html


def test_administrators_create_counsellors_in_the_admin(admin_client, client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Grace@Example.org",
            "phone": "",
            "display_name": "Grace",
            "role": "counsellor",
            "language": "en",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(email="grace@example.org")
    assert user.role == Role.COUNSELLOR and user.phone is None
    response = client.post(
        reverse("accounts:login"), {"username": "grace@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_admin_refuses_a_user_without_email_or_phone(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "",
            "phone": "0712",
            "display_name": "X",
            "role": "worker",
            "language": "en",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "with its country code" in response.content.decode()
    assert not User.objects.filter(display_name="X").exists()


@pytest.mark.parametrize("model", ["auditevent", "consent", "outboxmessage"])
def test_logs_are_read_only_in_the_admin(admin_client, model):
    assert admin_client.get(reverse(f"admin:accounts_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:accounts_{model}_add")).status_code == 403


def test_createsuperuser_makes_an_administrator():
    from django.core.management import call_command

    call_command(
        "createsuperuser", interactive=False, email="root@example.org", display_name="Root"
    )
    user = User.objects.get(email="root@example.org")
    assert user.role == Role.ADMINISTRATOR and user.is_superuser


def test_admin_user_page_shows_organisation_memberships(admin_client):
    employer, _org = make_employer(name="Nairobi Builders")
    response = admin_client.get(reverse("admin:accounts_user_change", args=[employer.pk]))
    assert response.status_code == 200
    assert "organisation memberships" in response.content.decode().lower()


@pytest.mark.django_db
def test_an_administrator_opening_a_workers_account_in_the_admin_is_audited(client):
    from kazi.accounts.constants import AuditAction, Role
    from kazi.accounts.models import AuditEvent
    from tests.conftest import login
    from tests.factories import make_user, make_worker

    admin = make_user(Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    worker = make_worker()
    login(client, admin)
    assert client.get(f"/admin/accounts/user/{worker.pk}/change/").status_code == 200
    event = AuditEvent.objects.get(subject=worker)
    assert (event.actor, event.action, event.detail) == (
        admin,
        AuditAction.VIEW_PROFILE,
        "Django admin",
    )
