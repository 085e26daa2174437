"""Counsellor overrides: the framework-free rule (pin, move up, hide), the services that
set and lift them (authorisation, reasons, audit), and what workers, counsellors and
employers see."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kazi.accounts.consent import record_consents
from kazi.accounts.constants import AuditAction, ConsentPurpose, Role
from kazi.accounts.models import AuditEvent
from kazi.core.errors import DomainError, PermissionDeniedError
from kazi.matching.engine import Ranked
from kazi.matching.models import MatchOverride
from kazi.matching.override_services import lift_override, set_override
from kazi.matching.overrides import (
    BOOST,
    BOOST_PLACES,
    BOOSTED,
    HIDDEN,
    HIDE,
    PIN,
    PINNED,
    Override,
    apply_overrides,
)
from kazi.matching.selectors import candidates_for_vacancy, recommend_vacancies
from kazi.opportunities.constants import VacancyStatus
from kazi.profiles.models import WorkerProfile
from tests.conftest import login
from tests.factories import (
    make_employer,
    make_skill,
    make_user,
    make_vacancy,
    make_worker,
)


def ranked(*ids: int) -> list[Ranked]:
    return [
        Ranked(
            id=i,
            score=1 - n / 100,
            factors=(),
            matched_essential=(),
            missing_essential=(),
            matched_optional=(),
        )
        for n, i in enumerate(ids)
    ]


def ids(items: list[Ranked]) -> list[int]:
    return [item.id for item in items]


# --------------------------------------------------------------------- the rule


def test_no_override_keeps_the_engines_order():
    items = ranked(1, 2, 3)
    assert apply_overrides(items, []) == items


def test_pins_go_to_the_top_in_the_order_they_were_pinned():
    result = apply_overrides(
        ranked(1, 2, 3, 4, 5), [Override(4, PIN, "first pinned"), Override(2, PIN, "second")]
    )
    assert ids(result) == [4, 2, 1, 3, 5]
    assert [PINNED in item.flags for item in result] == [True, True, False, False, False]


def test_a_boost_moves_a_result_up_five_places():
    order = list(range(1, 13))
    result = apply_overrides(ranked(*order), [Override(9, BOOST, "good fit")])
    assert BOOST_PLACES == 5
    assert ids(result) == [1, 2, 3, 9, 4, 5, 6, 7, 8, 10, 11, 12]
    assert ids(result).index(9) == order.index(9) - 5
    assert ids([item for item in result if BOOSTED in item.flags]) == [9]


def test_a_boost_near_the_top_stops_at_the_top_and_pins_stay_above_it():
    result = apply_overrides(
        ranked(1, 2, 3, 4), [Override(3, BOOST, "near the top"), Override(4, PIN, "pinned")]
    )
    assert ids(result) == [4, 3, 1, 2]


def test_two_boosted_results_keep_their_order():
    result = apply_overrides(
        ranked(*range(1, 11)), [Override(8, BOOST, "b"), Override(7, BOOST, "a")]
    )
    assert ids(result).index(7) < ids(result).index(8) < ids(result).index(3)


def test_hidden_results_leave_the_workers_list():
    result = apply_overrides(ranked(1, 2, 3), [Override(2, HIDE, "not for her")])
    assert ids(result) == [1, 3]


def test_the_counsellor_still_sees_hidden_results_in_their_place_and_marked():
    overrides = [Override(2, HIDE, "not for her"), Override(3, PIN, "ideal")]
    result = apply_overrides(ranked(1, 2, 3, 4), overrides, keep_hidden=True)
    assert ids(result) == [3, 2, 1, 4]
    assert [item.flags for item in result][1] == frozenset({HIDDEN})
    # without the hidden result it is exactly what the worker sees
    worker_view = apply_overrides(ranked(1, 2, 3, 4), overrides)
    assert [i for i in ids(result) if i != 2] == ids(worker_view)


def test_overrides_of_results_not_in_the_list_change_nothing():
    items = ranked(1, 2, 3)
    result = apply_overrides(items, [Override(99, PIN, "closed since"), Override(98, HIDE, "x")])
    assert result == items


def test_flags_set_by_the_engine_are_kept():
    from dataclasses import replace

    items = [replace(ranked(1)[0], flags=frozenset({"rotated"})), *ranked(2)]
    result = apply_overrides(items, [Override(1, BOOST, "r")])
    assert result[0].flags == {"rotated", BOOSTED}


def test_an_unknown_action_is_a_programming_error():
    with pytest.raises(ValueError):
        Override(1, "promote", "no such action")


# ------------------------------------------------------------ services and pages

HELPED = (
    ConsentPurpose.VISIBLE_TO_EMPLOYERS,
    ConsentPurpose.MATCHING,
    ConsentPurpose.COUNSELLOR_CONTACT,
)


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    """A worker who lets counsellors help, a counsellor, and twelve open vacancies of
    several employers that fit the worker more or less well."""
    skills = [make_skill(f"skill {n}") for n in range(4)]
    worker = make_worker(skills=tuple(skills[:2]), consents=HELPED, display_name="Amina")
    counsellor = make_user(Role.COUNSELLOR, display_name="Counsellor Juma")
    vacancies = []
    for n in range(12):
        _, org = make_employer("KE", name=f"Employer {n}")
        needs = tuple(skills[: 1 + n % 4])
        vacancies.append(make_vacancy(org, title=f"Vacancy {n:02d}", essential=needs))
    return {"worker": worker, "counsellor": counsellor, "vacancies": vacancies, "skills": skills}


def order(worker, *, show_hidden: bool = False) -> list[int]:  # type: ignore[no-untyped-def]
    profile = WorkerProfile.objects.get(user=worker)
    found = recommend_vacancies(profile, "en", show_hidden=show_hidden)
    return [r.vacancy.pk for r in found.items]


def for_you(client, worker) -> str:  # type: ignore[no-untyped-def]
    return login(client, worker).get("/for-you/").content.decode()


def titles_in_page_order(html: str, vacancies) -> list[str]:  # type: ignore[no-untyped-def]
    found = [(html.index(f">{v.title}<"), v.title) for v in vacancies if f">{v.title}<" in html]
    return [title for _, title in sorted(found)]


def test_a_pin_puts_the_opportunity_first_for_the_worker_with_the_reason(client, world):
    w, c, vs = world["worker"], world["counsellor"], world["vacancies"]
    before = order(w)
    last = next(v for v in vs if v.pk == before[-1])
    set_override(c, w, last, "pin", "She trained as a welder last year.")
    after = order(w)
    assert after == [last.pk] + [pk for pk in before if pk != last.pk]
    html = for_you(client, w)
    first_card = html[html.index('<article class="card"') :]
    first_card = first_card[: first_card.index("</article>")]
    assert last.title in first_card
    assert "Pinned by your counsellor" in first_card
    assert "She trained as a welder last year." in first_card
    assert "Pin, move up or hide" not in html  # the worker has no override form


def test_two_pins_keep_the_order_they_were_pinned_in(world):
    w, c = world["worker"], world["counsellor"]
    by_pk = {v.pk: v for v in world["vacancies"]}
    before = order(w)
    first, second = by_pk[before[7]], by_pk[before[3]]
    set_override(c, w, first, "pin", "first pin")
    set_override(c, w, second, "pin", "second pin")
    assert order(w)[:2] == [first.pk, second.pk]


def test_a_boost_moves_the_opportunity_up_five_places_and_lift_restores_the_order(world):
    w, c = world["worker"], world["counsellor"]
    by_pk = {v.pk: v for v in world["vacancies"]}
    before = order(w)
    boosted = by_pk[before[9]]
    override = set_override(c, w, boosted, "boost", "Close to her home.")
    after = order(w)
    assert after.index(boosted.pk) == 4
    assert [pk for pk in after if pk != boosted.pk] == [pk for pk in before if pk != boosted.pk]
    lift_override(c, override)
    assert order(w) == before


def test_hidden_opportunities_leave_the_workers_list_but_the_counsellor_can_show_them_again(
    client, world
):
    w, c = world["worker"], world["counsellor"]
    by_pk = {v.pk: v for v in world["vacancies"]}
    before = order(w)
    hidden = by_pk[before[0]]
    login(client, c)
    response = client.post(
        f"/for-you/worker/{w.pk}/override/",
        {"vacancy": hidden.pk, "action": "hide", "reason": "The employer failed to pay her."},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/for-you/worker/{w.pk}/#v{hidden.pk}"
    assert hidden.pk not in order(w)
    assert order(w, show_hidden=True) == before
    html = client.get(f"/for-you/worker/{w.pk}/").content.decode()
    card = html[html.index(f'id="v{hidden.pk}"') :]
    card = card[: card.index("</article>")]
    assert "Hidden from this person&#x27;s list" in card
    assert "The employer failed to pay her." in card
    assert "Show again" in card
    assert "Apply for this person" not in card
    assert f">{hidden.title}<" not in for_you(client, w)

    override = MatchOverride.objects.get(worker=w, vacancy=hidden)
    login(client, c)
    client.post(f"/for-you/overrides/{override.pk}/lift/", {})
    assert order(w) == before
    assert f">{hidden.title}<" in for_you(client, w)


def test_the_counsellors_page_has_a_form_with_a_required_reason_per_result(client, world):
    w, c = world["worker"], world["counsellor"]
    html = login(client, c).get(f"/for-you/worker/{w.pk}/").content.decode()
    assert html.count(f'action="/for-you/worker/{w.pk}/override/"') == len(world["vacancies"])
    assert html.count('name="reason" rows="2" required minlength="3" maxlength="1000"') == 12
    for value in ("pin", "boost", "hide"):
        assert f'<option value="{value}"' in html


@pytest.mark.parametrize("reason", ["", "  ", "ok", "x" * 1001])
def test_a_reason_of_3_to_1000_characters_is_required(client, world, reason):
    w, c, v = world["worker"], world["counsellor"], world["vacancies"][0]
    with pytest.raises(DomainError) as error:
        set_override(c, w, v, "pin", reason)
    assert error.value.field == "reason"
    login(client, c)
    response = client.post(
        f"/for-you/worker/{w.pk}/override/",
        {"vacancy": v.pk, "action": "pin", "reason": reason},
        follow=True,
    )
    html = response.content.decode()
    expected = "at least 3 characters" if len(reason.strip()) < 3 else "at most 1000 characters"
    assert expected in html
    assert not MatchOverride.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.OVERRIDE_MATCH).exists()


def test_reason_errors_are_translated(client, world):
    w, c, v = world["worker"], world["counsellor"], world["vacancies"][0]
    client.cookies["kazi_language"] = "fr"
    login(client, c)
    html = client.post(
        f"/for-you/worker/{w.pk}/override/",
        {"vacancy": v.pk, "action": "pin", "reason": ""},
        follow=True,
    ).content.decode()
    assert "at least 3 characters" not in html
    assert "au moins 3 caractères" in html


def test_an_unknown_action_is_refused(world):
    w, c, v = world["worker"], world["counsellor"], world["vacancies"][0]
    with pytest.raises(DomainError) as error:
        set_override(c, w, v, "promote", "A good reason")
    assert error.value.field == "action"


def test_every_override_and_lift_is_in_the_workers_data_log(client, world):
    w, c = world["worker"], world["counsellor"]
    v = world["vacancies"][5]
    override = set_override(c, w, v, "pin", "Matches her training.")
    lift_override(c, override)
    events = list(
        AuditEvent.objects.filter(subject=w, action=AuditAction.OVERRIDE_MATCH).order_by("pk")
    )
    assert [e.actor for e in events] == [c, c]
    assert events[0].detail == f"Pinned “{v.title}” to the top. Reason: Matches her training."
    assert events[1].detail == (
        f"Unpinned “{v.title}” (it was pinned because: Matches her training.)"
    )
    html = login(client, w).get("/accounts/who-looked/").content.decode()
    assert "Changed the order of your matches" in html
    assert "Counsellor Juma" in html
    assert f"Pinned “{v.title}” to the top. Reason: Matches her training." in html


def test_the_log_names_the_reason_even_when_it_is_long_and_in_the_workers_language(world):
    w, c, v = world["worker"], world["counsellor"], world["vacancies"][1]
    w.language = "fr"
    w.save(update_fields=["language"])
    set_override(c, w, v, "hide", "y" * 1000)
    event = AuditEvent.objects.get(subject=w, action=AuditAction.OVERRIDE_MATCH)
    assert len(event.detail) == 300
    assert v.title in event.detail and event.detail.endswith("y…")
    assert not event.detail.startswith("Hid")  # written in French for the worker


def test_a_new_override_replaces_the_one_in_force(world):
    w, c, v = world["worker"], world["counsellor"], world["vacancies"][2]
    first = set_override(c, w, v, "boost", "Good fit")
    second = set_override(c, w, v, "hide", "Employer under investigation")
    first.refresh_from_db()
    assert first.lifted_at is not None and first.lifted_by == c
    assert MatchOverride.objects.filter(worker=w, vacancy=v, lifted_at__isnull=True).get() == second
    assert v.pk not in order(w)
    assert AuditEvent.objects.filter(subject=w, action=AuditAction.OVERRIDE_MATCH).count() == 3


def test_a_lifted_override_cannot_be_lifted_again(client, world):
    w, c, v = world["worker"], world["counsellor"], world["vacancies"][2]
    override = set_override(c, w, v, "pin", "Good fit")
    lift_override(c, override)
    with pytest.raises(DomainError):
        lift_override(c, override)
    html = (
        login(client, c)
        .post(f"/for-you/overrides/{override.pk}/lift/", {}, follow=True)
        .content.decode()
    )
    assert "This change was already undone." in html


def test_closed_unpublished_or_unfitting_opportunities_cannot_be_pinned(world):
    w, c = world["worker"], world["counsellor"]
    _, org = make_employer("KE")
    _, jordan = make_employer("JO")
    closed = make_vacancy(org, title="Closed", closing_date=date.today() - timedelta(days=1))
    draft = make_vacancy(org, title="Draft", status=VacancyStatus.DRAFT)
    withdrawn = make_vacancy(org, title="Withdrawn", status=VacancyStatus.WITHDRAWN)
    abroad = make_vacancy(jordan, title="In Amman", country="JO", city="Amman")
    gig = make_vacancy(org, title="A gig", kind="gig")
    for vacancy in (closed, draft, withdrawn):
        for action in ("pin", "boost"):
            with pytest.raises(DomainError) as error:
                set_override(c, w, vacancy, action, "She would like it")
            assert error.value.code == "not_open"
            assert "closed or not published" in str(error.value.message)
    for vacancy in (abroad, gig):
        with pytest.raises(DomainError) as error:
            set_override(c, w, vacancy, "pin", "She would like it")
        assert error.value.code == "not_eligible"
    assert not MatchOverride.objects.exists()
    set_override(c, w, abroad, "hide", "Not relevant")  # hiding is always allowed
    assert MatchOverride.objects.count() == 1


def test_a_pinned_opportunity_that_closes_leaves_the_list(world):
    w, c, v = world["worker"], world["counsellor"], world["vacancies"][3]
    set_override(c, w, v, "pin", "Good fit")
    assert order(w)[0] == v.pk
    type(v).objects.filter(pk=v.pk).update(status=VacancyStatus.EXPIRED)
    assert v.pk not in order(w)


def test_the_workers_api_list_follows_the_overrides(client, world):
    w, c = world["worker"], world["counsellor"]
    by_pk = {v.pk: v for v in world["vacancies"]}
    before = order(w)
    set_override(c, w, by_pk[before[-1]], "pin", "Pinned for her")
    set_override(c, w, by_pk[before[0]], "hide", "Hidden for her")
    items = login(client, w).get("/api/v1/workers/me/matches").json()["items"]
    ids_seen = [item["vacancy"]["id"] for item in items]
    assert ids_seen[0] == before[-1]
    assert before[0] not in ids_seen


# -------------------------------------------------------------- who may do it


def test_only_a_counsellor_the_worker_allowed_can_override(world):
    w, v = world["worker"], world["vacancies"][0]
    stranger = make_worker(consents=(ConsentPurpose.MATCHING,))
    employer, _ = make_employer()
    admin = make_user(Role.ADMINISTRATOR)
    for actor in (w, stranger, employer, admin, make_user(Role.MODERATOR)):
        with pytest.raises(PermissionDeniedError):
            set_override(actor, w, v, "pin", "A good reason")
    # a counsellor, once the worker withdraws consent
    record_consents(w, {ConsentPurpose.COUNSELLOR_CONTACT: False})
    with pytest.raises(PermissionDeniedError):
        set_override(world["counsellor"], w, v, "pin", "A good reason")
    assert not MatchOverride.objects.exists()


def test_pages_refuse_everyone_but_the_allowed_counsellor(client, world):
    w, c, v = world["worker"], world["counsellor"], world["vacancies"][0]
    data = {"vacancy": v.pk, "action": "pin", "reason": "A good reason"}
    url = f"/for-you/worker/{w.pk}/override/"
    response = client.post(url, data)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    employer, _ = make_employer()
    for actor in (w, make_worker(), employer, make_user(Role.ADMINISTRATOR)):
        assert login(client, actor).post(url, data).status_code == 404
    private = make_worker(consents=(ConsentPurpose.MATCHING,))
    login(client, c)
    assert client.post(f"/for-you/worker/{private.pk}/override/", data).status_code == 404
    assert client.post(url, {**data, "vacancy": "999999"}).status_code == 404
    assert client.post(url, {**data, "vacancy": "abc"}).status_code == 404
    assert client.get(url).status_code == 405
    assert not MatchOverride.objects.exists()

    override = set_override(c, w, v, "pin", "A good reason")
    lift = f"/for-you/overrides/{override.pk}/lift/"
    record_consents(w, {ConsentPurpose.COUNSELLOR_CONTACT: False})
    assert login(client, c).post(lift).status_code == 404
    record_consents(w, {ConsentPurpose.COUNSELLOR_CONTACT: True})
    for actor in (w, employer):
        assert login(client, actor).post(lift).status_code == 404
    override.refresh_from_db()
    assert override.lifted_at is None


# ----------------------------------------------- employers' candidates are untouched


def test_overrides_never_change_an_employers_candidates(world):
    w, c = world["worker"], world["counsellor"]
    v = world["vacancies"][3]  # needs the four skills: the worker has two
    others = [make_worker(skills=tuple(world["skills"][:k])) for k in (1, 3, 4)]
    assert others

    def candidates() -> list[tuple[int, float]]:
        return [(x.worker.pk, x.ranked.score) for x in candidates_for_vacancy(v, "en").items]

    before = candidates()
    assert w.pk in [pk for pk, _ in before]
    set_override(c, w, v, "hide", "Not for her")
    assert candidates() == before
    set_override(c, w, v, "pin", "For her after all")
    assert candidates() == before


# ------------------------------------------------------------------ the log page


def test_the_overrides_log_shows_who_overrode_what_when_and_why(client, world):
    w, c = world["worker"], world["counsellor"]
    v = world["vacancies"][4]
    override = set_override(c, w, v, "boost", "Her cousin works there")
    lift_override(c, override)
    set_override(c, w, v, "hide", "Changed her mind")
    html = login(client, c).get("/for-you/overrides/").content.decode()
    assert html.index("Changed her mind") < html.index("Her cousin works there")
    assert "For Amina, by Counsellor Juma" in html
    assert "Undone by Counsellor Juma" in html
    assert html.count("In force") == 1
    assert v.title in html
    # reading the log is itself in the worker's data log
    assert AuditEvent.objects.filter(
        actor=c, subject=w, action=AuditAction.VIEW_PROFILE, detail="match overrides log"
    ).exists()
    assert "Her cousin" not in client.get("/for-you/overrides/?q=nobody").content.decode()
    assert "Her cousin" in client.get("/for-you/overrides/?q=Amina").content.decode()
    other = make_worker(consents=HELPED)
    assert "Her cousin" in client.get(f"/for-you/overrides/?worker={w.pk}").content.decode()
    assert "Her cousin" not in client.get(f"/for-you/overrides/?worker={other.pk}").content.decode()
    assert client.get("/for-you/overrides/?worker=99999999999999999999").status_code == 200


def test_the_overrides_log_is_for_counsellors_and_administrators(client, world):
    w, c = world["worker"], world["counsellor"]
    set_override(c, w, world["vacancies"][4], "pin", "A good reason")
    assert client.get("/for-you/overrides/").status_code == 302
    employer, _ = make_employer()
    for actor in (w, employer, make_user(Role.MODERATOR)):
        assert login(client, actor).get("/for-you/overrides/").status_code == 404
    record_consents(w, {ConsentPurpose.COUNSELLOR_CONTACT: False})
    # counsellors no longer see a worker who withdrew consent; administrators see all
    assert "A good reason" not in login(client, c).get("/for-you/overrides/").content.decode()
    admin = make_user(Role.ADMINISTRATOR)
    assert "A good reason" in login(client, admin).get("/for-you/overrides/").content.decode()
