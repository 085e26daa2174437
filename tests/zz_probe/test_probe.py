import json
import pytest
from django.test import Client
from kazi.accounts.constants import ConsentPurpose, Role
from kazi.opportunities.constants import VacancyStatus
from kazi.applications.models import Application
from tests.conftest import login
from tests.factories import make_employer, make_vacancy, make_worker, make_user, make_skill, make_occupation

pytestmark = pytest.mark.django_db
HUGE = 10**30

def test_huge_ids(client):
    w = make_worker(consents=tuple(ConsentPurpose))
    emp, org = make_employer()
    c = make_user(Role.COUNSELLOR)
    m = make_user(Role.MODERATOR)
    urls = [
        f"/taxonomy/occupations/{HUGE}/", f"/taxonomy/skills/{HUGE}/",
        f"/opportunities/{HUGE}/", f"/opportunities/training/{HUGE}/",
        f"/api/v1/taxonomy/occupations/{HUGE}", f"/api/v1/taxonomy/skills/{HUGE}",
        f"/api/v1/opportunities/{HUGE}",
        f"/opportunities/list/?occupation={HUGE}&skill={HUGE}",
        f"/api/v1/opportunities/?occupation={HUGE}&skill={HUGE}",
        f"/opportunities/occupations/suggest/?selected={HUGE}",
    ]
    for user in (None, w, emp, c, m):
        cl = Client()
        if user: login(cl, user)
        extra = []
        if user is w:
            extra = [f"/profile/experience/{HUGE}/", f"/applications/{HUGE}/", f"/applications/apply/{HUGE}/", f"/api/v1/workers/{HUGE}/profile"]
        if user is emp:
            extra = [f"/opportunities/{HUGE}/edit/", f"/opportunities/{HUGE}/skills/", f"/for-you/candidates/{HUGE}/", f"/applications/vacancy/{HUGE}/", f"/api/v1/opportunities/{HUGE}/candidates", f"/api/v1/opportunities/{HUGE}"]
        if user is c:
            extra = [f"/profile/{HUGE}/", f"/profile/{HUGE}/cv/", f"/for-you/worker/{HUGE}/", f"/applications/apply/1/for/{HUGE}/", f"/api/v1/workers/{HUGE}/profile"]
        for u in urls + extra:
            try:
                r = cl.get(u)
                print(user and user.role, u, r.status_code)
            except Exception as e:
                print("EXC", user and user.role, u, type(e), e)
    cl = Client(); login(cl, w)
    for u, d in [(f"/profile/skills/add/", {"concept": HUGE}), (f"/profile/occupations/add/", {"concept": HUGE}),
                 (f"/profile/skills/{HUGE}/remove/", {}), (f"/profile/skills/{HUGE}/level/", {"level": ""}),
                 (f"/profile/occupations/{HUGE}/remove/", {}), (f"/profile/experience/{HUGE}/delete/", {})]:
        try:
            r = cl.post(u, d); print("POST", u, r.status_code)
        except Exception as e:
            print("EXC POST", u, type(e), e)
    try:
        r = cl.post("/api/v1/applications/", {"vacancy_id": HUGE}, content_type="application/json"); print("api apply", r.status_code, r.content[:200])
    except Exception as e: print("EXC api apply", e)
    try:
        r = cl.post(f"/api/v1/applications/{HUGE}/status", {"status": "withdrawn"}, content_type="application/json"); print("api status", r.status_code, r.content[:200])
    except Exception as e: print("EXC api status", e)
    cl = Client(); login(cl, emp)
    vac = make_vacancy(org, status=VacancyStatus.DRAFT)
    for d in [{"action": "essential", "skill": str(HUGE)}, {"action": "remove", "skill": str(HUGE)}, {"action":"x", "q": "a\nb"}]:
        try:
            r = cl.post(f"/opportunities/{vac.pk}/skills/", d); print("skills", d, r.status_code)
        except Exception as e: print("EXC skills", d, type(e), e)
    try:
        r = cl.post(f"/api/v1/opportunities/import?organisation={HUGE}", "{}", content_type="application/json"); print("import", r.status_code, r.content[:200])
    except Exception as e: print("EXC import", e)
    try:
        r = cl.post(f"/api/v1/opportunities/import", "["*100000, content_type="application/json"); print("import deep", r.status_code, r.content[:200])
    except BaseException as e: print("EXC import deep", type(e), e)
    cl = Client(); login(cl, m)
    for u in [f"/opportunities/{HUGE}/publish/", f"/opportunities/{HUGE}/reject/"]:
        try:
            r = cl.post(u, {"reason": "x"}); print("mod", u, r.status_code)
        except Exception as e: print("EXC mod", u, e)
