"""Fairness metrics of the matching: do all groups of workers get the same attention?

Framework-free (no Django import). The audit (``kazi audit fairness``, the analyst page)
feeds it what the ranking did for each worker and a group label per worker for each audited
attribute (gender, age band, nationality, disability); it returns, per attribute and group:

- ``n``: people in the group;
- ``recommendation_rate``: share of the group with at least one opportunity in their own
  top K;
- ``exposure_rate``: share of the group shown at least once in an employer's candidate
  top K;
- ``mean_exposures``: how many candidate top-K lists a member appears in, on average;
- ``mean_rank``: the average place at which a member is shown in candidate top-K lists,
  averaged over the members who were shown (1 is the top; lower is better);
- ``mean_score``: the score of the member's best opportunity, on average over the members
  who had one.

Each value is compared with the best-off group for that metric (the highest rate or score,
the lowest rank): ``ratio = value / best`` (``best / value`` for the rank), so 1.0 is parity
and a ratio under ``threshold`` (0.8, the "four-fifths rule" of US employment-selection
guidance) is flagged. Groups smaller than ``min_group`` (5 by default) are never shown on
their own: they are pooled into one "other groups" row, which is shown only when it holds
at least ``min_group`` people (the next-smallest groups join it until it does, so that its
size cannot be worked out from the total either) and is never the reference group. No
rate over the whole population is published, so a pooled group's outcomes cannot be
recovered by subtraction.

Ratios of small groups move a lot by chance, so each comparison with the best-off group
also carries a p-value (a two-proportion z-test for rates, Welch's t-test for means,
adjusted with Holm's method for the many comparisons of one report): a flag with a small
p-value (under 0.05) is unlikely to be chance; a flag with a large one says "look again with
more people", not "biased". The flag itself follows the ratio alone.

The labels are only ever joined to outcomes here, after the ranking has run: the engine's
facts have no field for them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

FOUR_FIFTHS = 0.8
MIN_GROUP = 5
EPSILON = 1e-9  # ratios this close to the threshold count as on it
SIGNIFICANCE = 0.05  # a difference with a smaller p-value is unlikely to be chance
NOT_STATED = "not_stated"  # the group of workers who did not give this attribute
OTHER_GROUPS = "other_groups"  # small groups pooled together (see audit_attribute)

RECOMMENDATION_RATE = "recommendation_rate"
EXPOSURE_RATE = "exposure_rate"
MEAN_EXPOSURES = "mean_exposures"
MEAN_RANK = "mean_rank"
MEAN_SCORE = "mean_score"

# Metric name → True when a higher value is better for the worker.
METRICS: dict[str, bool] = {
    RECOMMENDATION_RATE: True,
    EXPOSURE_RATE: True,
    MEAN_EXPOSURES: True,
    MEAN_RANK: False,
    MEAN_SCORE: True,
}


@dataclass(frozen=True)
class WorkerOutcome:
    """What the ranking did for one worker."""

    worker_id: int
    recommended: bool  # at least one opportunity in the worker's own top K
    # The worker's place (1 = first) in each employer's candidate top K they appear in.
    ranks: tuple[int, ...] = ()
    top_score: float | None = None  # score of the worker's best opportunity (if recommended)

    def __post_init__(self) -> None:
        if any(rank < 1 for rank in self.ranks):
            raise ValueError("ranks start at 1")
        if (self.top_score is None) == self.recommended:
            raise ValueError("top_score is set exactly when the worker was recommended")

    @property
    def exposures(self) -> int:
        """In how many candidate top-K lists the worker appears."""
        return len(self.ranks)

    @property
    def best_rank(self) -> int | None:
        return min(self.ranks) if self.ranks else None


@dataclass(frozen=True)
class GroupResult:
    label: str  # a group label, or OTHER_GROUPS for the pooled small groups
    n: int | None  # None when suppressed
    suppressed: bool  # True: fewer than ``min_group`` people even pooled; nothing shown
    values: Mapping[str, float | None]  # metric → value (None: suppressed or undefined)
    ratios: Mapping[str, float | None]  # metric → ratio to the best-off group
    flagged: tuple[str, ...]  # metrics whose ratio is under the threshold
    # metric → p-value of the difference from the best-off group (None: it is the best
    # group, or no test is possible); small values mean "unlikely to be chance". Raw from
    # ``audit_attribute``; adjusted for the number of comparisons (Holm) by ``audit``.
    p_values: Mapping[str, float | None] = field(default_factory=dict)

    def significant(self, metric: str, level: float = SIGNIFICANCE) -> bool:
        p_value = self.p_values.get(metric)
        return p_value is not None and p_value < level


@dataclass(frozen=True)
class AttributeResult:
    attribute: str
    groups: tuple[GroupResult, ...]
    best: Mapping[str, str | None]  # metric → label of the best-off group (None: undefined)

    @property
    def flagged_groups(self) -> tuple[GroupResult, ...]:
        return tuple(group for group in self.groups if group.flagged)


@dataclass(frozen=True)
class FairnessResult:
    attributes: tuple[AttributeResult, ...]
    threshold: float
    min_group: int
    people: int  # workers audited (the population, not split by any attribute)

    @property
    def flags(self) -> list[Flag]:
        """Every ratio under the threshold, attribute by attribute."""
        found = []
        for attribute in self.attributes:
            for group in attribute.groups:
                for metric in group.flagged:
                    ratio = group.ratios[metric]
                    assert ratio is not None
                    found.append(
                        Flag(
                            attribute.attribute, group.label, metric, ratio, group.p_values[metric]
                        )
                    )
        return found


@dataclass(frozen=True)
class Flag:
    attribute: str
    group: str
    metric: str
    ratio: float
    p_value: float | None


# ------------------------------------------------------------------ collecting outcomes


@dataclass
class OutcomeTally:
    """Builds :class:`WorkerOutcome` records from rankings, one list at a time, so that a
    large audit need not keep the lists.

    Call :meth:`worker_list` with the scores of each audited worker's own ranking (best
    first) and :meth:`candidate_list` with the worker ids of each opportunity's ranked
    candidates (best first); only the first ``top`` entries of each count.
    """

    top: int
    _top_score: dict[int, float | None] = field(default_factory=dict)
    _ranks: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.top < 1:
            raise ValueError("top must be at least 1")

    def worker_list(self, worker_id: int, scores: Sequence[float]) -> None:
        head = list(scores[: self.top])
        self._top_score[worker_id] = max(head) if head else None

    def candidate_list(self, worker_ids: Sequence[int]) -> None:
        for place, worker_id in enumerate(worker_ids[: self.top], start=1):
            self._ranks.setdefault(worker_id, []).append(place)

    def outcomes(self, worker_ids: Iterable[int]) -> list[WorkerOutcome]:
        """Outcomes of ``worker_ids`` (a worker never passed to :meth:`worker_list` counts
        as not recommended)."""
        found = []
        for pk in worker_ids:
            score = self._top_score.get(pk)
            found.append(
                WorkerOutcome(
                    worker_id=pk,
                    recommended=score is not None,
                    ranks=tuple(self._ranks.get(pk, ())),
                    top_score=score,
                )
            )
        return found


# ------------------------------------------------------------------------- metrics


def samples(outcomes: Sequence[WorkerOutcome], metric: str) -> list[float]:
    """The observations a metric is the mean of, one per worker: every member for the
    rates and the mean exposures, each shown member's average place for the rank, each
    recommended member's best score for the score. (One per worker, not one per
    appearance, so that the tests below compare independent observations.)"""
    if metric == RECOMMENDATION_RATE:
        return [1.0 if o.recommended else 0.0 for o in outcomes]
    if metric == EXPOSURE_RATE:
        return [1.0 if o.ranks else 0.0 for o in outcomes]
    if metric == MEAN_EXPOSURES:
        return [float(o.exposures) for o in outcomes]
    if metric == MEAN_RANK:
        return [sum(o.ranks) / len(o.ranks) for o in outcomes if o.ranks]
    if metric == MEAN_SCORE:
        return [o.top_score for o in outcomes if o.top_score is not None]
    raise ValueError(f"unknown metric {metric!r}")


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def group_values(outcomes: Sequence[WorkerOutcome]) -> dict[str, float | None]:
    """The five metrics of one group (rates in [0, 1]; None where a mean has nothing to
    average: no one shown for the rank, no one recommended for the score)."""
    return {metric: _mean(samples(outcomes, metric)) for metric in METRICS}


def _variance(values: Sequence[float], mean: float) -> float:
    return sum((v - mean) ** 2 for v in values) / (len(values) - 1)


def _incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b) (continued fraction, modified
    Lentz; Numerical Recipes §6.4), accurate to about 1e-12."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    if x > (a + 1) / (a + b + 2):  # the fraction converges fast on this side only
        return 1.0 - _incomplete_beta(b, a, 1.0 - x)
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    front = math.exp(log_front + a * math.log(x) + b * math.log1p(-x)) / a
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    fraction = d
    for m in range(1, 300):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            fraction *= c * d
        if abs(c * d - 1.0) < 1e-14:
            break
    return front * fraction


def t_two_sided(t: float, df: float) -> float:
    """Two-sided p-value of Student's t with ``df`` degrees of freedom."""
    return _incomplete_beta(df / 2, 0.5, df / (df + t * t))


def p_value(a: Sequence[float], b: Sequence[float], *, proportion: bool) -> float | None:
    """Two-sided p-value of the difference between the means of ``a`` and ``b``: a
    two-proportion z-test for rates (0/1 observations), otherwise Welch's t-test (with the
    Welch–Satterthwaite degrees of freedom). None when a test is not possible."""
    if len(a) < 2 or len(b) < 2:
        return None
    mean_a, mean_b = sum(a) / len(a), sum(b) / len(b)
    if proportion:
        pooled = (sum(a) + sum(b)) / (len(a) + len(b))
        se = math.sqrt(pooled * (1 - pooled) * (1 / len(a) + 1 / len(b)))
        if se == 0:
            return 1.0
        return math.erfc(abs(mean_a - mean_b) / se / math.sqrt(2))
    share_a = _variance(a, mean_a) / len(a)
    share_b = _variance(b, mean_b) / len(b)
    se = math.sqrt(share_a + share_b)
    if se == 0:
        return 1.0 if math.isclose(mean_a, mean_b) else 0.0
    df = (share_a + share_b) ** 2 / (share_a**2 / (len(a) - 1) + share_b**2 / (len(b) - 1))
    return t_two_sided(abs(mean_a - mean_b) / se, df)


def ratio_to_best(value: float | None, best: float | None, higher_is_better: bool) -> float | None:
    """``value`` relative to ``best`` (1.0 = as well off). None when undefined: no value,
    or a best of zero (then every group has zero: no one is better off)."""
    if value is None or best is None:
        return None
    if higher_is_better:
        return value / best if best > 0 else None
    return best / value if value > 0 else None


def is_flagged(ratio: float | None, threshold: float = FOUR_FIFTHS) -> bool:
    """Under the threshold, beyond floating-point noise (0.6 / 0.75 is 4/5, not under)."""
    return ratio is not None and ratio < threshold - EPSILON


def _best(
    values: Mapping[str, Mapping[str, float | None]], metric: str, higher_is_better: bool
) -> str | None:
    """The best-off label for ``metric`` (ties: the first label in order)."""
    best_label: str | None = None
    best_value: float | None = None
    for label, row in values.items():
        value = row[metric]
        if value is None:
            continue
        better = (
            best_value is None
            or (higher_is_better and value > best_value)
            or (not higher_is_better and value < best_value)
        )
        if better:
            best_label, best_value = label, value
    return best_label


def audit_attribute(
    attribute: str,
    outcomes: Sequence[WorkerOutcome],
    labels: Mapping[int, str],
    *,
    threshold: float = FOUR_FIFTHS,
    min_group: int = MIN_GROUP,
) -> AttributeResult:
    """Metrics per group of one attribute. ``labels`` maps worker id → group label; a
    worker without a label (or with an empty one) is in :data:`NOT_STATED`.

    Groups smaller than ``min_group`` are pooled into one :data:`OTHER_GROUPS` row. When
    that pool itself is smaller than ``min_group``, the smallest remaining groups join it
    until it is not (complementary suppression: otherwise its size would follow from the
    population minus the groups shown). The pool is reported only when it reaches
    ``min_group``; it is compared with the best-off group but never is the reference.
    """
    members: dict[str, list[WorkerOutcome]] = {}
    for outcome in outcomes:
        label = labels.get(outcome.worker_id) or NOT_STATED
        if label == OTHER_GROUPS:
            raise ValueError(f"{OTHER_GROUPS!r} is reserved")
        members.setdefault(label, []).append(outcome)
    # Largest groups first, then by label: a stable order for tables and charts.
    order = sorted(members, key=lambda label: (-len(members[label]), label))
    shown = [label for label in order if len(members[label]) >= min_group]
    pool = [o for label in order if len(members[label]) < min_group for o in members[label]]
    while pool and len(pool) < min_group and shown:
        pool.extend(members[shown.pop()])
    values = {label: group_values(members[label]) for label in shown}
    best = {metric: _best(values, metric, higher) for metric, higher in METRICS.items()}

    def result(label: str, group: Sequence[WorkerOutcome]) -> GroupResult:
        row = group_values(group)
        ratios: dict[str, float | None] = {}
        p_values: dict[str, float | None] = {}
        for metric, higher in METRICS.items():
            reference = best[metric]
            best_value = values[reference][metric] if reference is not None else None
            ratios[metric] = ratio_to_best(row[metric], best_value, higher)
            p_values[metric] = (
                None
                if reference is None or reference == label
                else p_value(
                    samples(group, metric),
                    samples(members[reference], metric),
                    proportion=metric in (RECOMMENDATION_RATE, EXPOSURE_RATE),
                )
            )
        flagged = tuple(metric for metric in METRICS if is_flagged(ratios[metric], threshold))
        return GroupResult(label, len(group), False, row, ratios, flagged, p_values)

    groups = [result(label, members[label]) for label in shown]
    if len(pool) >= min_group:
        groups.append(result(OTHER_GROUPS, pool))
    elif pool:
        nothing = dict.fromkeys(METRICS)
        groups.append(GroupResult(OTHER_GROUPS, None, True, nothing, dict(nothing), (), {}))
    return AttributeResult(attribute=attribute, groups=tuple(groups), best=best)


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm–Bonferroni adjusted p-values, in the order given: with many comparisons in one
    report, some would otherwise look significant by chance alone."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [0.0] * m
    running = 0.0
    for position, i in enumerate(order):
        running = max(running, min(1.0, (m - position) * p_values[i]))
        adjusted[i] = running
    return adjusted


def _with_adjusted_p_values(attributes: Sequence[AttributeResult]) -> tuple[AttributeResult, ...]:
    keys = [
        (a, g, metric)
        for a, attribute in enumerate(attributes)
        for g, group in enumerate(attribute.groups)
        for metric, value in group.p_values.items()
        if value is not None
    ]
    raw = [attributes[a].groups[g].p_values[metric] for a, g, metric in keys]
    adjusted = dict(zip(keys, holm([p for p in raw if p is not None]), strict=True))
    return tuple(
        replace(
            attribute,
            groups=tuple(
                replace(
                    group,
                    p_values={metric: adjusted.get((a, g, metric)) for metric in group.p_values},
                )
                for g, group in enumerate(attribute.groups)
            ),
        )
        for a, attribute in enumerate(attributes)
    )


def audit(
    outcomes: Sequence[WorkerOutcome],
    labels: Mapping[str, Mapping[int, str]],
    *,
    threshold: float = FOUR_FIFTHS,
    min_group: int = MIN_GROUP,
) -> FairnessResult:
    """Metrics per group for every attribute of ``labels`` (attribute → worker id → label).

    The p-values are adjusted (Holm) over every comparison of the report.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    if min_group < 1:
        raise ValueError("min_group must be at least 1")
    ids = [o.worker_id for o in outcomes]
    if len(set(ids)) != len(ids):
        raise ValueError("one outcome per worker")
    attributes = [
        audit_attribute(name, outcomes, by_worker, threshold=threshold, min_group=min_group)
        for name, by_worker in labels.items()
    ]
    return FairnessResult(
        attributes=_with_adjusted_p_values(attributes),
        threshold=threshold,
        min_group=min_group,
        people=len(outcomes),
    )
