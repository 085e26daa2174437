import json
import pytest
from datetime import date, timedelta
from django.test import Client
from kazi.accounts.constants import ConsentPurpose, Role
from kazi.opportunities.models import Vacancy
from kazi.profiles.models import WorkerProfile
from tests.conftest import login
from tests.factories import make_employer, make_vacancy, make_worker, make_user, make_skill

pytestmark = pytest.mark.django_db

def show(tag, r):
    print(tag, r.status_code, r.content[:300])

def test_api_bad():
    w = make_worker(consents=tuple(ConsentPurpose))
    cl = Client(); login(cl, w)
    show("half", cl.patch("/api/v1/workers/me/profile", {"city": "Mombasa", "min_pay_amount": "-5"}, content_type="application/json"))
    print("city now", WorkerProfile.objects.get(user=w).city)
    for body in ['{"city": 5}', '{"city": null}', '{"languages": "en"}', '{"languages": ["xx"]}', '{"work_types": [""]}', '{"min_pay_amount": "NaN"}', '{"min_pay_amount": "1e999999"}', '{"min_pay_amount": 0.001, "min_pay_currency":"KES", "min_pay_period":"month"}',
                 '{"summary": "\\u0000"}', 'not json', '[]', '{"accepts_remote": "maybe"}', '{"country": "ke"}', '{"summary": "\u202emirror \u05e9\u05dc\u05d5\u05dd"}', '{"right_to_work": "yes"}']:
        show("patch " + body, cl.patch("/api/v1/workers/me/profile", body, content_type="application/json"))
    print(WorkerProfile.objects.filter(user=w).values("work_types", "min_pay_amount", "summary").first())
    show("tax q long", cl.get("/api/v1/taxonomy/skills?q=" + "a"*300))
    show("tax lang", cl.get("/api/v1/taxonomy/skills?q=a&lang=" + "x"*3000))
    show("match lang", cl.get("/api/v1/workers/me/matches?lang=zz&limit=0"))
    show("match offset", cl.get("/api/v1/workers/me/matches?offset=99999999999999999999999"))
    show("opps limit", cl.get("/api/v1/opportunities/?limit=abc&offset=-1"))
    show("opps country", cl.get("/api/v1/opportunities/?country=" + "%00"))
    show("apply msg", cl.post("/api/v1/applications/", {"vacancy_id": "x"}, content_type="application/json"))
    show("apply msg2", cl.post("/api/v1/applications/", '{"vacancy_id": 1, "message": 5}', content_type="application/json"))

def test_import():
    emp, org = make_employer()
    s = make_skill("weld")
    cl = Client(); login(cl, emp)
    base = {"@context": "https://schema.org", "@type": "JobPosting", "title": "Cook", "description": "Cook food",
            "jobLocation": {"address": {"addressCountry": "KE"}},
            "baseSalary": {"currency": "KES", "value": {"minValue": 30000, "unitText": "MONTH"}},
            "validThrough": (date.today() + timedelta(days=20)).isoformat()}
    show("ok", cl.post("/api/v1/opportunities/import", json.dumps(base), content_type="application/json"))
    dup = dict(base, skills=[{"@id": s.uri}, {"@id": s.uri}])
    try:
        show("dup skills", cl.post("/api/v1/opportunities/import", json.dumps(dup), content_type="application/json"))
    except Exception as e:
        print("EXC dup", type(e), e)
    mix = dict(base, skills=[{"@id": s.uri}, "weld"])
    try:
        show("mix skills", cl.post("/api/v1/opportunities/import", json.dumps(mix), content_type="application/json"))
    except Exception as e:
        print("EXC mix", type(e), e)
    import time
    t = time.time()
    big = dict(base, totalJobOpenings="1e9000000")
    show("big openings", cl.post("/api/v1/opportunities/import", json.dumps(big), content_type="application/json"))
    print("took", time.time() - t)
    for v in ["x", 5, None, {"@graph": "x"}, [1, 2], {"@type": "JobPosting", "title": ["a"]}, dict(base, validThrough="2025-02-30"), dict(base, title="A\nB"), dict(base, baseSalary={"currency": "KES", "value": {"minValue": "1e400", "unitText": "MONTH"}}), dict(base, workHours="1" * 5000)]:
        try:
            show("v " + str(v)[:60], cl.post("/api/v1/opportunities/import", json.dumps(v), content_type="application/json"))
        except Exception as e:
            print("EXC", str(v)[:60], type(e), e)
    print([ (v.title, v.positions) for v in Vacancy.objects.all()])
