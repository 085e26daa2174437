"""The demo grievances load once, in every state, and the published demo case opens."""

from __future__ import annotations

import pytest

from kazi.accounts.constants import Role
from kazi.grievances import demo, selectors, services
from kazi.grievances.constants import State
from kazi.grievances.models import Grievance
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_demo_grievances_load_once_with_a_referred_and_an_overdue_case():
    make_user(Role.COUNSELLOR, email="counsellor@kazi.demo")
    demo.load_demo()
    demo.load_demo()
    assert Grievance.objects.count() == len(demo.CASES)
    states = set(Grievance.objects.values_list("state", flat=True))
    assert states == {State.NEW, State.IN_PROGRESS, State.ON_HOLD, State.RESOLVED, State.CLOSED}
    partner = Grievance.objects.filter(partner__isnull=False).get()
    from kazi.accounts.models import User

    partner_user = User.objects.get(email="partner@kazi.demo")
    assert partner_user.role == Role.PARTNER
    assert list(selectors.visible_cases(partner_user)) == [partner]
    assert Grievance.objects.filter(escalation_level__gt=0).exists()
    opened = services.open_case(demo.DEMO_CASE_CODE.lower(), demo.DEMO_CASE_PIN)
    assert opened.state == State.IN_PROGRESS and opened.filed_by is None
    assert selectors.figures().total is not None
