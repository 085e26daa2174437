import json
import pytest
from django.test import Client
from kazi.accounts.constants import ConsentPurpose, Role
from kazi.accounts.models import AuditEvent
from kazi.opportunities.constants import VacancyStatus
from kazi.applications.models import Application
from kazi.applications import services as app_services
from kazi.profiles.models import Experience, Education, WorkerProfile
from tests.conftest import login
from tests.factories import make_employer, make_vacancy, make_worker, make_user, make_skill, make_occupation

pytestmark = pytest.mark.django_db

def show(tag, r):
    print(tag, r.status_code, r.get("Location", ""), r.content[:150] if r.status_code >= 400 and "json" in r.get("Content-Type","") else "")

def test_matrix():
    wa = make_worker(consents=tuple(ConsentPurpose))
    wb = make_worker(consents=tuple(ConsentPurpose))
    wn = make_worker(consents=(ConsentPurpose.MATCHING,))
    ea, oa = make_employer()
    eb, ob = make_employer()
    c = make_user(Role.COUNSELLOR)
    c2 = make_user(Role.COUNSELLOR)
    m = make_user(Role.MODERATOR)
    pub = make_vacancy(oa)
    draft = make_vacancy(oa, status=VacancyStatus.DRAFT)
    pending = make_vacancy(oa, status=VacancyStatus.PENDING)
    app = app_services.apply(pub, wa, "hi")
    app_c = app_services.apply(make_vacancy(oa), wb, "hi", submitted_by=c)
    exp = Experience.objects.create(profile=wa.profile, title="x")
    edu = Education.objects.create(profile=wa.profile, level="primary")
    anon = Client()
    pages = ["/profile/overview/", "/profile/cv/", f"/profile/{wa.pk}/", f"/profile/{wa.pk}/cv/", f"/profile/{wa.pk}/side-by-side/",
             f"/opportunities/{draft.pk}/", f"/opportunities/{pending.pk}/", f"/opportunities/{pub.pk}/",
             f"/applications/{app.pk}/", f"/applications/vacancy/{pub.pk}/", f"/for-you/candidates/{pub.pk}/",
             f"/for-you/worker/{wa.pk}/", "/accounts/export/", "/accounts/who-looked/", "/profile/caseload/",
             "/opportunities/moderation/", "/opportunities/mine/", f"/api/v1/workers/{wa.pk}/profile",
             f"/api/v1/opportunities/{pub.pk}/candidates", "/api/v1/applications/", f"/api/v1/opportunities/{draft.pk}", f"/api/v1/opportunities/{pending.pk}",
             "/api/v1/workers/me/profile", "/api/v1/workers/me/matches", f"/applications/apply/{pub.pk}/for/{wa.pk}/",
             f"/profile/experience/{exp.pk}/", "/opportunities/feed.jsonld", "/api/v1/opportunities/feed.jsonld"]
    for name, user in [("anon", None), ("wb", wb), ("eb", eb), ("c2", c2), ("m", m), ("c", c), ("ea", ea)]:
        cl = Client()
        if user: login(cl, user)
        for p in pages:
            before = AuditEvent.objects.count()
            r = cl.get(p)
            after = AuditEvent.objects.count()
            print(name, p, r.status_code, r.get("Location", "")[:40], "AUDIT+%d" % (after - before))
    # IDOR POSTs
    cl = Client(); login(cl, wb)
    show("wb withdraw a", cl.post(f"/applications/{app.pk}/", {"status": "withdrawn"}))
    show("wb api withdraw a", cl.post(f"/api/v1/applications/{app.pk}/status", {"status": "withdrawn"}, content_type="application/json"))
    show("wb exp delete", cl.post(f"/profile/experience/{exp.pk}/delete/"))
    show("wb edu delete", cl.post(f"/profile/education/{edu.pk}/delete/"))
    show("wb exp edit", cl.post(f"/profile/experience/{exp.pk}/", {"title": "hacked"}))
    cl = Client(); login(cl, eb)
    for u in [f"/opportunities/{draft.pk}/edit/", f"/opportunities/{draft.pk}/skills/", f"/opportunities/{draft.pk}/submit/", f"/opportunities/{pub.pk}/withdraw/"]:
        show("eb post " + u, cl.post(u, {"title": "x", "action": "reset"}))
    show("eb shortlist a", cl.post(f"/applications/{app.pk}/", {"status": "shortlisted"}))
    show("eb api shortlist a", cl.post(f"/api/v1/applications/{app.pk}/status", {"status": "shortlisted"}, content_type="application/json"))
    show("eb import into oa", cl.post(f"/api/v1/opportunities/import?organisation={oa.pk}", "{}", content_type="application/json"))
    cl = Client(); login(cl, c2)
    show("c2 withdraw app_c", cl.post(f"/applications/{app_c.pk}/", {"status": "withdrawn"}))
    show("c2 note wn", cl.post(f"/profile/{wn.pk}/notes/", {"text": "x"}))
    show("c2 apply_for wn", cl.post(f"/applications/apply/{pub.pk}/for/{wn.pk}/", {"message": ""}))
    cl = Client(); login(cl, m)
    show("m publish draft", cl.post(f"/opportunities/{draft.pk}/publish/"))
    show("m reject pub", cl.post(f"/opportunities/{pub.pk}/reject/", {"reason": "x"}))
    cl = Client(); login(cl, ea)
    show("ea withdraw app (worker move)", cl.post(f"/applications/{app.pk}/", {"status": "withdrawn"}))
    print(Application.objects.get(pk=app.pk).status)

def test_csrf():
    wa = make_worker(consents=tuple(ConsentPurpose))
    ea, oa = make_employer()
    pub = make_vacancy(oa)
    cl = Client(enforce_csrf_checks=True); login(cl, wa)
    show("csrf patch", cl.patch("/api/v1/workers/me/profile", {"city": "X"}, content_type="application/json"))
    show("csrf apply api", cl.post("/api/v1/applications/", {"vacancy_id": pub.pk}, content_type="application/json"))
    show("csrf apply page", cl.post(f"/applications/apply/{pub.pk}/", {"message": ""}))
    show("csrf setlang", cl.post("/i18n/setlang/", {"language": "fr"}))
    show("csrf export post", cl.post("/accounts/export/"))
    show("csrf logout", cl.post("/accounts/logout/"))
    cl = Client(enforce_csrf_checks=True); login(cl, ea)
    show("csrf import", cl.post("/api/v1/opportunities/import", "{}", content_type="application/json"))

def test_redirects():
    wa = make_worker(consents=tuple(ConsentPurpose))
    cl = Client()
    for n in ["https://evil.example/", "//evil.example/", "/\\evil.example", "https:evil.example", "\\\\evil.example"]:
        r = cl.post(f"/accounts/login/?next={n}", {"username": wa.email, "password": "correct-horse-battery-7", "next": n})
        print("login", n, r.status_code, r.get("Location"))
        cl.post("/accounts/logout/")
        r = cl.post("/i18n/setlang/", {"language": "fr", "next": n})
        print("setlang", n, r.status_code, r.get("Location"))
        r = cl.post("/i18n/setlang/", {"language": "fr"}, HTTP_REFERER=n)
        print("setlang ref", n, r.status_code, r.get("Location"))
