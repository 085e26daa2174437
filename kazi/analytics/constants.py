"""Choices of the facts a worker may give for the fairness audit, and the attributes the
audit reports on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    ANOTHER = "another", _("Another gender")
    PREFER_NOT = "prefer_not", _("I prefer not to say")


class AgeBand(models.TextChoices):
    UNDER_25 = "15-24", _("15 to 24")
    FROM_25 = "25-34", _("25 to 34")
    FROM_35 = "35-44", _("35 to 44")
    FROM_45 = "45-54", _("45 to 54")
    FROM_55 = "55-64", _("55 to 64")
    OVER_64 = "65+", _("65 or older")


class Disability(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PREFER_NOT = "prefer_not", _("I prefer not to say")


class Attribute(models.TextChoices):
    """The attributes the audit groups workers by (names used in the reports)."""

    GENDER = "gender", _("Gender")
    AGE_BAND = "age_band", _("Age group")
    NATIONALITY = "nationality", _("Nationality")
    DISABILITY = "disability", _("Disability")


# Plain names of the metrics of kazi.matching.fairness (pages and reports).
METRIC_NAMES: dict[str, StrOrPromise] = {
    "recommendation_rate": _("Recommendation rate"),
    "exposure_rate": _("Exposure rate"),
    "mean_exposures": _("Mean exposures"),
    "mean_rank": _("Mean rank"),
    "mean_score": _("Mean score"),
}

METRIC_HELP: dict[str, StrOrPromise] = {
    "recommendation_rate": _(
        "Share of the group with at least one opportunity among the first results of their "
        "own list."
    ),
    "exposure_rate": _(
        "Share of the group shown at least once among the first candidates of an "
        "employer's vacancy."
    ),
    "mean_exposures": _(
        "In how many employers' lists of first candidates a member appears, on average."
    ),
    "mean_rank": _(
        "The average place at which a member is shown in employers' lists of candidates, "
        "averaged over the members who were shown (1 is the top: lower is better)."
    ),
    "mean_score": _(
        "The score of the member's best opportunity, on average over the members who had "
        "one (0 to 1)."
    ),
}

# Group labels that are not choices of one attribute.
GROUP_NAMES: dict[str, StrOrPromise] = {
    "not_stated": _("Not stated"),
    "other_groups": _("Smaller groups, together"),
}
