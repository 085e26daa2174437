from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContractStage(models.TextChoices):
    PRE_DEPARTURE = "pre_departure", _("Contract signed before departure")
    DESTINATION = "destination", _("Contract signed at destination")
    AMENDMENT = "amendment", _("Change to the contract")
    PAYSLIP = "payslip", _("Payslip")


class CostPayer(models.TextChoices):
    EMPLOYER = "employer", _("The employer")
    AGENCY = "agency", _("The agency")
    WORKER = "worker", _("The worker")
    SHARED = "shared", _("Shared")
    NOT_SAID = "not_said", _("Not said")


class SubstitutionFlag(models.TextChoices):
    """A difference from the pre-departure contract that may mean contract substitution."""

    WAGE_CUT = "wage_cut", _("Lower wage")
    LONGER_HOURS = "longer_hours", _("Longer hours")
    FEWER_REST_DAYS = "fewer_rest_days", _("Fewer rest days")
    NEW_DEDUCTION = "new_deduction", _("New or larger deduction")
    EMPLOYER_CHANGED = "employer_changed", _("Different employer")
    JOB_CHANGED = "job_changed", _("Different job")
    PLACE_CHANGED = "place_changed", _("Different place of work")
    SHORTER_DURATION = "shorter_duration", _("Different duration")
    COSTS_TO_WORKER = "costs_to_worker", _("Costs moved to the worker")
    CURRENCY_CHANGED = "currency_changed", _("Wage in another currency")
