"""Plain, translated sentences for findings, chain problems and terms (the Django layer of
the framework-free cores)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import format_decimal
from django.utils.translation import gettext as _

from kazi.core import codes
from kazi.core.i18n import active_language
from kazi.profiles.constants import PayPeriod

from . import ledger
from .constants import ContractStage, CostPayer

_MONEY = re.compile(
    r"^(?:(?P<what>.*): )?(?P<amount>-?[0-9.]+) (?P<cur>[A-Z]{0,3})(?:/(?P<per>\w+))?$"
)


def number(value: Any, language: str | None = None) -> str:
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return format_decimal(amount, locale=codes.babel_locale(language or active_language()))


def period_label(period: str) -> str:
    return str(PayPeriod(period).label) if period in PayPeriod.values else period


def money_text(value: str) -> str:
    """``"Housing: 1200 USD/month"`` → ``"Housing: 1,200 USD per month"`` (localised)."""
    match = _MONEY.match(value or "")
    if not match:
        return value
    text = f"{number(match['amount'])} {match['cur']}".strip()
    if match["per"]:
        text = f"{text} {period_label(match['per'])}"
    return f"{match['what']}: {text}" if match["what"] else text


def payer_label(value: str) -> str:
    return str(CostPayer(value).label) if value in CostPayer.values else value


def stage_label(value: str) -> str:
    return str(ContractStage(value).label) if value in ContractStage.values else value


def place(country: str, city: str = "") -> str:
    name = codes.country_name(country, active_language()) if country else ""
    return ", ".join(p for p in (city, name) if p)


COST_NAMES = {
    "travel_paid_by": lambda: _("Travel"),
    "recruitment_fees_paid_by": lambda: _("Recruitment fees"),
    "visa_paid_by": lambda: _("Visa and work permit"),
}

# Whole labels, not "%(cost)s paid by": French and Arabic agree the verb with the cost.
PAID_BY = {
    "travel_paid_by": lambda: _("Travel paid by"),
    "recruitment_fees_paid_by": lambda: _("Recruitment fees paid by"),
    "visa_paid_by": lambda: _("Visa and work permit paid by"),
}


def finding_sentence(finding: Mapping[str, str]) -> str:
    """One plain sentence for a difference found by ``compare_terms``."""
    flag, field = finding.get("flag", ""), finding.get("field", "")
    before, after = finding.get("before", ""), finding.get("after", "")
    if flag == "wage_cut":
        return _("The wage is lower: %(before)s before departure, %(after)s now.") % {
            "before": money_text(before),
            "after": money_text(after),
        }
    if flag == "currency_changed":
        return _(
            "The wage is paid in another currency: %(before)s before departure, %(after)s now. "
            "Check what it is worth."
        ) % {"before": before, "after": after}
    if flag == "longer_hours":
        return _("Longer hours: %(before)s hours a week before departure, %(after)s hours now.") % {
            "before": number(before),
            "after": number(after),
        }
    if flag == "fewer_rest_days":
        return _("Fewer rest days: %(before)s a week before departure, %(after)s now.") % {
            "before": number(before),
            "after": number(after),
        }
    if flag == "new_deduction":
        if not before:
            return _("A new deduction from the wage: %(after)s.") % {"after": money_text(after)}
        return _(
            "A larger deduction from the wage: %(before)s before departure, %(after)s now."
        ) % {"before": money_text(before), "after": money_text(after)}
    if flag == "employer_changed":
        return _("A different employer: %(before)s before departure, %(after)s now.") % {
            "before": before,
            "after": after,
        }
    if flag == "job_changed":
        return _("A different job: %(before)s before departure, %(after)s now.") % {
            "before": before,
            "after": after,
        }
    if flag == "place_changed":
        if field == "work_country":
            before, after = place(before), place(after)
        return _("A different place of work: %(before)s before departure, %(after)s now.") % {
            "before": before,
            "after": after,
        }
    if flag == "shorter_duration":
        return _(
            "A different length of contract: %(before)s months before departure, "
            "%(after)s months now."
        ) % {"before": before, "after": after}
    if flag == "costs_to_worker":
        cost = COST_NAMES[field]() if field in COST_NAMES else field
        if after == "shared":
            return _("%(cost)s: now shared with the worker (before departure: %(before)s).") % {
                "cost": cost,
                "before": payer_label(before),
            }
        return _("%(cost)s: now paid by the worker (before departure: %(before)s).") % {
            "cost": cost,
            "before": payer_label(before),
        }
    return f"{flag}: {before} → {after}"


def problem_sentence(problem: ledger.Problem) -> str:
    """One sentence for a problem found in the chain, naming the record."""
    values = {"seq": problem.seq}
    if problem.kind == ledger.ALTERED:
        return _("Record #%(seq)s was altered: its content does not match its hash.") % values
    if problem.kind == ledger.REMOVED:
        return _("Records are missing before record #%(seq)s: they were removed.") % values
    if problem.kind == ledger.REORDERED:
        return _("Record #%(seq)s is out of order: it is chained to another record.") % values
    if problem.kind == ledger.BROKEN_LINK:
        return (
            _(
                "Record #%(seq)s is not chained to the record before it: that record was "
                "changed or removed."
            )
            % values
        )
    if problem.kind == ledger.DUPLICATE:
        return _("Record #%(seq)s appears twice or out of order.") % values
    if problem.kind == ledger.HEAD_MISMATCH:
        return (
            _(
                "The published chain head (record #%(seq)s) is not in the chain: the chain "
                "was rewritten or cut."
            )
            % values
        )
    if problem.kind == ledger.CHECKPOINT_MISMATCH:
        return (
            _(
                "Record #%(seq)s was changed or removed after the ledger was last checked: the "
                "chain was rewritten."
            )
            % values
        )
    if problem.kind == "orphan":
        return _("Record #%(seq)s was not written by Kazi: it belongs to no contract.") % values
    if problem.kind == "terms":
        return _("Record #%(seq)s does not match the terms kept for its contract version.") % values
    return f"#{problem.seq}: {problem.kind}"


def terms_rows(terms: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, value) for each term that is stated, for a contract page."""
    rows: list[tuple[str, str]] = []

    def add(label: str, value: str) -> None:
        if value:
            rows.append((label, value))

    add(_("Employer"), str(terms.get("employer_name") or ""))
    if terms.get("employer_country"):
        add(_("Employer's country"), place(str(terms["employer_country"])))
    add(_("Job"), str(terms.get("job_title") or ""))
    add(
        _("Place of work"),
        place(str(terms.get("work_country") or ""), str(terms.get("work_city") or "")),
    )
    if terms.get("wage_amount"):
        wage = f"{terms['wage_amount']} {terms.get('wage_currency', '')}"
        if terms.get("wage_period"):
            wage = f"{wage}/{terms['wage_period']}"
        add(
            _("Wage"),
            money_text(wage),
        )
    if terms.get("hours_per_week"):
        add(_("Hours per week"), number(terms["hours_per_week"]))
    if terms.get("rest_days_per_week") is not None:
        add(_("Rest days per week"), number(terms["rest_days_per_week"]))
    for d in terms.get("deductions") or []:
        add(_("Deduction"), money_text(f"{d['what']}: {d['amount']} {d['currency']}/{d['period']}"))
    if terms.get("duration_months"):
        add(_("Duration (months)"), str(terms["duration_months"]))
    add(_("Start date"), str(terms.get("start_date") or ""))
    for key, label in PAID_BY.items():
        if terms.get(key) and terms[key] != "not_said":
            add(label(), payer_label(str(terms[key])))
    add(_("Notes"), str(terms.get("notes") or ""))
    return rows
