"""The fairness audit end to end: populations ranked by the real engine, metrics, and the
dated JSON and HTML reports."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date

import pytest
from django.db import transaction
from django.utils import timezone

from kazi.accounts.constants import ConsentPurpose
from kazi.analytics.audit import (
    GENERATED,
    LIVE,
    SCHEMA,
    generated_outcomes,
    list_reports,
    report_data,
    run_audit,
    write_report,
)
from kazi.analytics.selectors import occupation_specs
from kazi.analytics.synthetic import draw_labels, generate
from kazi.core.errors import DomainError
from kazi.matching.fairness import (
    EXPOSURE_RATE,
    METRICS,
    OTHER_GROUPS,
    RECOMMENDATION_RATE,
    WorkerOutcome,
    audit,
)
from tests.analytics.conftest import audited_worker, grant, make_taxonomy
from tests.factories import make_employer, make_skill, make_vacancy, make_worker

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 2)
ATTRIBUTES = ["gender", "age_band", "nationality", "disability"]


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The audit of a generated population of 600 workers, ranked by the real engine (once
    for the module; the taxonomy is rolled back afterwards)."""
    with django_db_blocker.unblock(), transaction.atomic():
        make_taxonomy()
        data = run_audit(GENERATED, size=600, top=10, seed=7, today=DAY)
        transaction.set_rollback(True)
    return data


# ------------------------------------------------------------------ generated population


def test_generated_population_is_drawn_from_the_esco_occupations_in_the_database(taxonomy):
    specs = occupation_specs()
    assert len(specs) == 10 and all(len(spec.essential) == 6 for spec in specs)
    population = generate(specs, size=200, seed=1, today=DAY)
    known = {skill for spec in specs for skill in spec.essential + spec.optional}
    assert len(population.workers) == 200 and len(population.opportunities) == 50
    assert all(w.skill_ids <= known for w in population.workers)
    assert all(o.essential_skill_ids <= known for o in population.opportunities)
    assert set(population.labels) == set(ATTRIBUTES)
    # The same seed gives the same population; another seed another one.
    assert generate(specs, size=200, seed=1, today=DAY) == population
    assert generate(specs, size=200, seed=2, today=DAY).workers != population.workers


def test_the_engine_treats_the_groups_of_a_generated_population_alike(generated):
    """The engine cannot see the labels (drawn apart from everything it sees), so the audit
    finds parity up to chance: no flag it calls significant, every rate near its best."""
    assert generated["people"] == 600 and generated["opportunities"] == 150
    assert [f for f in generated["flags"] if f["significant"]] == []
    # Chance moves the ratios of small groups a lot (a group of 12 may well be flagged by
    # chance, and is then marked "may be chance"); groups of 100 or more stay near parity.
    large = [
        group
        for attribute in generated["attributes"]
        for group in attribute["groups"]
        if (group["n"] or 0) >= 100
    ]
    assert len(large) >= 6  # men, women, three age groups, Kenyans, no disability…
    for group in large:
        for metric in (RECOMMENDATION_RATE, EXPOSURE_RATE):
            assert group["ratios"][metric] >= 0.8, (group["label"], metric)


def test_outcomes_do_not_depend_on_the_labels(taxonomy):
    """Draw other labels for the same workers: every worker's outcome is the same (the
    labels never reach the engine), only the grouping changes."""
    first = generated_outcomes(300, 10, 3, DAY)
    again = generated_outcomes(300, 10, 3, DAY)
    assert first.outcomes == again.outcomes
    other_labels = draw_labels([o.worker_id for o in first.outcomes], seed=99)
    assert other_labels != first.labels
    # The audit of the same outcomes under other labels is still an audit of the same people.
    assert audit(first.outcomes, other_labels).people == 300


def test_the_audit_catches_a_bias_planted_in_the_outcomes(taxonomy):
    """Feed the metrics outcomes where women lose 40 % of their recommendations and half
    of their exposure: the audit flags women on exactly those measures, as significant."""
    found = generated_outcomes(600, 10, 7, DAY)
    women = [o.worker_id for o in found.outcomes if found.labels["gender"][o.worker_id] == "woman"]
    dropped_recommendation = set(women[: int(len(women) * 0.4)])
    hidden = set(women[::2])
    biased = [
        dataclasses.replace(
            o,
            recommended=o.recommended and o.worker_id not in dropped_recommendation,
            top_score=None if o.worker_id in dropped_recommendation else o.top_score,
            ranks=() if o.worker_id in hidden else o.ranks,
        )
        for o in found.outcomes
    ]
    result = audit(biased, found.labels)
    significant = {(f.attribute, f.group, f.metric) for f in result.flags if f.p_value < 0.05}
    assert ("gender", "woman", RECOMMENDATION_RATE) in significant
    assert ("gender", "woman", EXPOSURE_RATE) in significant
    assert {a for a, _g, _m in significant} == {"gender"}
    # The same outcomes without the planted bias raise no significant flag.
    fair = audit(found.outcomes, found.labels)
    assert [f for f in fair.flags if f.p_value is not None and f.p_value < 0.05] == []


# ------------------------------------------------------------------------- live data


def test_the_live_audit_covers_consenting_workers_with_facts_only(taxonomy):
    occupation = taxonomy[0]
    skills = list(occupation.skills.all())
    _employer, org = make_employer("KE")
    for n in range(3):
        make_vacancy(org, title=f"Job {n}", essential=tuple(skills[:4]))
    women = [audited_worker(skills[:4], facts={"gender": "woman"}) for _ in range(6)]
    men = [audited_worker(skills[:2], facts={"gender": "man"}) for _ in range(6)]
    audited_worker(skills[:4], facts={"gender": "another"})  # a group of one
    # Not audited: no facts; facts but matching withdrawn; facts but audit consent withdrawn.
    make_worker(skills=tuple(skills[:4]))
    no_matching = audited_worker(skills[:4], facts={"gender": "woman"})
    grant(no_matching, ConsentPurpose.MATCHING, False)
    withdrawn = audited_worker(skills[:4], facts={"gender": "woman"})
    grant(withdrawn, ConsentPurpose.FAIRNESS_AUDIT, False)

    data = run_audit(LIVE, top=5)

    assert data["population"] == LIVE and data["seed"] is None
    assert data["people"] == 13 and data["opportunities"] == 3
    gender = next(a for a in data["attributes"] if a["name"] == "gender")
    groups = {g["label"]: g for g in gender["groups"]}
    # The single "another" worker is never shown alone: pooled with the next-smallest group.
    assert "another" not in groups
    assert groups[OTHER_GROUPS]["n"] == 7
    assert len(women) == len(men) == 6
    assert next(iter(groups)) in ("woman", "man")
    # Women hold all four skills, men two of four: women come first in every list of 5.
    [shown] = [g for label, g in groups.items() if label != OTHER_GROUPS]
    assert shown["values"][RECOMMENDATION_RATE] == 1.0


def test_the_live_audit_with_nobody_to_audit_says_so(db):
    make_worker(skills=(make_skill("wiring"),))
    with pytest.raises(DomainError, match="No worker has agreed to the fairness audit"):
        run_audit(LIVE)


# ---------------------------------------------------------------------------- reports


def test_reports_are_written_dated_and_listed(generated, reports_dir):
    files = write_report(generated)
    assert files.json == reports_dir / "fairness-2026-03-02.json"
    assert files.html == reports_dir / "fairness-2026-03-02.html"
    assert files.json.is_file() and files.html.is_file()
    assert json.loads(files.json.read_text()) == generated
    assert [f.day for f in list_reports()] == [DAY]
    later = {**generated, "date": "2026-03-09"}
    write_report(later)
    assert [f.day for f in list_reports()] == [date(2026, 3, 9), DAY]
    # The same day's report is replaced, not duplicated; no partial file stays behind.
    write_report(generated)
    assert sorted(p.name for p in reports_dir.iterdir()) == [
        "fairness-2026-03-02.html",
        "fairness-2026-03-02.json",
        "fairness-2026-03-09.html",
        "fairness-2026-03-09.json",
    ]


def test_json_report_schema(generated):
    data = json.loads(json.dumps(generated))  # plain JSON types only
    assert data["schema"] == SCHEMA
    assert set(data) == {
        "schema", "date", "generated_at", "population", "requested_size", "seed", "people",
        "opportunities", "top", "threshold", "min_group", "significance", "metrics",
        "attributes", "flags",
    }  # fmt: skip
    assert (data["date"], data["population"], data["seed"], data["top"]) == (
        "2026-03-02",
        "generated",
        7,
        10,
    )
    assert (data["threshold"], data["min_group"]) == (0.8, 5)
    assert [m["name"] for m in data["metrics"]] == list(METRICS)
    assert [a["name"] for a in data["attributes"]] == ATTRIBUTES
    for attribute in data["attributes"]:
        assert set(attribute["best"]) == set(METRICS)
        for group in attribute["groups"]:
            assert set(group) == {
                "label", "n", "suppressed", "values", "ratios", "flagged", "p_values"
            }  # fmt: skip
            assert set(group["values"]) == set(group["ratios"]) == set(METRICS)
            if not group["suppressed"]:
                assert group["n"] >= 5
                assert 0 <= group["values"][RECOMMENDATION_RATE] <= 1
    for flag in data["flags"]:
        assert set(flag) == {"attribute", "group", "metric", "ratio", "p_value", "significant"}
        assert flag["ratio"] < 0.8


def test_html_report_is_self_contained_with_charts_and_flags_in_words(reports_dir):
    # A report with a known flag: women's recommendation rate half of men's.
    women = [WorkerOutcome(i, i < 40, top_score=0.5 if i < 40 else None) for i in range(100)]
    men = [WorkerOutcome(100 + i, i < 80, top_score=0.5 if i < 80 else None) for i in range(100)]
    labels = {"gender": {o.worker_id: "woman" for o in women} | {o.worker_id: "man" for o in men}}
    data = report_data(
        audit(women + men, labels),
        population=LIVE,
        top=20,
        opportunities=12,
        seed=None,
        size=None,
        today=DAY,
        generated_at=timezone.now(),
    )
    html = write_report(data).html.read_text()
    assert html.startswith("<!doctype html>")
    assert "<script" not in html and "<link" not in html
    assert not re.search(r"(src|href)=\"https?://", html)  # nothing fetched from anywhere
    assert html.count("<svg") == len(METRICS)  # one chart per measure for the attribute
    assert "four-fifths line" in html
    # The flag is in words (the sentence and the table), not only in colour.
    assert (
        "Woman — Recommendation rate: 40%, 0.50 of the best-off group (Man, 80%). "
        "Under four-fifths." in html
    )
    assert "The difference is statistically significant (p &lt; 0.001)." in html
    assert "flagged: 0.50 of the best" in html
    assert "1 result is under four-fifths of the best-off group" in html


def test_html_report_in_another_language(generated, reports_dir):
    html = write_report(generated, language="fr").html.read_text()
    assert '<html lang="fr"' in html
    html = write_report(generated, language="ar").html.read_text()
    assert 'dir="rtl"' in html
