"""Plain-language reasons for a ranking, in the reader's language.

A reason is built only from the factors of a :class:`kazi.matching.engine.Ranked` and
their parameters (how many essential and optional skills are matched, which essential
skills are missing — named with their ESCO labels in the reader's language —, whether the
pay, hours, start date and languages fit). ``factor_reasons`` gives one sentence per
factor ("Why this?"); ``reason_for`` the short summary shown with each result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from kazi.core.codes import language_name
from kazi.taxonomy.models import Skill

from .engine import (
    FRESHNESS,
    HOURS,
    LANGUAGE,
    OCCUPATION_FIT,
    PAY,
    RIGHT_TO_WORK,
    SKILL_FIT,
    START,
    Audience,
    Factor,
    Ranked,
)

MAX_NAMED_MISSING = 5


@dataclass(frozen=True)
class FactorReason:
    name: str
    value: float
    text: str
    concern: bool  # the factor lowers the score


def skill_labels(skill_ids: Iterable[int], language: str | None = None) -> dict[int, str]:
    """ESCO labels of skills in ``language`` (or the active language), English fallback."""
    ids = set(skill_ids)
    if not ids:
        return {}
    return {
        skill.pk: skill.label(language)
        for skill in Skill.objects.filter(pk__in=ids).only("pk", "labels")
    }


def join_labels(labels: list[str], limit: int = MAX_NAMED_MISSING) -> str:
    """``a, b, c`` — at most ``limit`` names, then "and N more"."""
    separator = pgettext("list separator", ", ")
    shown = separator.join(labels[:limit])
    rest = len(labels) - limit
    if rest > 0:
        return ngettext("%(list)s and %(count)d more", "%(list)s and %(count)d more", rest) % {
            "list": shown,
            "count": rest,
        }
    return shown


def _essential_sentence(matched: int, total: int, missing: str, audience: Audience) -> str:
    values = {"matched": matched, "total": total, "missing": missing}
    if audience == Audience.WORKER:
        if matched == total:
            text = ngettext(
                "You have the essential skill.", "You have all %(total)d essential skills.", total
            )
        elif matched == 0:
            text = ngettext(
                "You do not have the essential skill yet: %(missing)s.",
                "You have none of the %(total)d essential skills yet; missing: %(missing)s.",
                total,
            )
        else:
            text = ngettext(
                "You have %(matched)d of %(total)d essential skill; missing: %(missing)s.",
                "You have %(matched)d of %(total)d essential skills; missing: %(missing)s.",
                total,
            )
    elif matched == total:
        text = ngettext("Has the essential skill.", "Has all %(total)d essential skills.", total)
    elif matched == 0:
        text = ngettext(
            "Does not have the essential skill yet: %(missing)s.",
            "Has none of the %(total)d essential skills yet; missing: %(missing)s.",
            total,
        )
    else:
        text = ngettext(
            "Has %(matched)d of %(total)d essential skill; missing: %(missing)s.",
            "Has %(matched)d of %(total)d essential skills; missing: %(missing)s.",
            total,
        )
    return text % values


def _optional_sentence(matched: int, total: int, audience: Audience, *, also: bool) -> str:
    values = {"matched": matched, "total": total}
    if audience == Audience.WORKER:
        if also:
            text = ngettext(
                "You also have %(matched)d of %(total)d optional skill.",
                "You also have %(matched)d of %(total)d optional skills.",
                total,
            )
        else:
            text = ngettext(
                "You have %(matched)d of %(total)d useful skill it lists.",
                "You have %(matched)d of %(total)d useful skills it lists.",
                total,
            )
    elif also:
        text = ngettext(
            "Also has %(matched)d of %(total)d optional skill.",
            "Also has %(matched)d of %(total)d optional skills.",
            total,
        )
    else:
        text = ngettext(
            "Has %(matched)d of %(total)d useful skill it lists.",
            "Has %(matched)d of %(total)d useful skills it lists.",
            total,
        )
    return text % values


def _int(params: Mapping[str, object], key: str) -> int:
    value = params.get(key, 0)
    return int(value) if isinstance(value, int | float) else 0


def skill_sentence(item: Ranked, labels: Mapping[int, str], audience: Audience) -> str:
    """Essential and optional skills, as in "You have 4 of 6 essential skills; missing: …"."""
    params = item.factor(SKILL_FIT).params
    e_total, e_matched = _int(params, "essential_total"), _int(params, "essential_matched")
    o_total, o_matched = _int(params, "optional_total"), _int(params, "optional_matched")
    sentences: list[str] = []
    if e_total:
        missing = join_labels([labels.get(pk, "?") for pk in item.missing_essential])
        sentences.append(_essential_sentence(e_matched, e_total, missing, audience))
        if o_matched:
            sentences.append(_optional_sentence(o_matched, o_total, audience, also=True))
    else:
        if audience == Audience.WORKER:
            sentences.append(_("This opportunity lists no required skills."))
        else:
            sentences.append(_("The vacancy lists no required skills."))
        if o_total:
            sentences.append(_optional_sentence(o_matched, o_total, audience, also=False))
    partial = _int(params, "partial")
    if partial:
        if audience == Audience.WORKER:
            text = ngettext(
                "%(count)d missing skill is close to one you have, and counts in part.",
                "%(count)d missing skills are close to ones you have, and count in part.",
                partial,
            )
        else:
            text = ngettext(
                "%(count)d missing skill is close to one they have, and counts in part.",
                "%(count)d missing skills are close to ones they have, and count in part.",
                partial,
            )
        sentences.append(text % {"count": partial})
    return " ".join(sentences)


def _occupation_sentence(factor: Factor, worker: bool) -> str:
    match = factor.params.get("match")
    if match == "same":
        return (
            _("It is an occupation you want or have done.")
            if worker
            else _("Wants or has done this occupation.")
        )
    if match in ("group", "close"):
        return (
            _("It is close to an occupation you want or have done.")
            if worker
            else _("Close to an occupation they want or have done.")
        )
    return (
        _("It is not an occupation you listed.") if worker else _("Not an occupation they listed.")
    )


def _pay_sentence(factor: Factor, worker: bool) -> str:
    state = factor.params.get("state")
    if state == "enough":
        return (
            _("The pay is at or above the lowest pay you accept.")
            if worker
            else _("The pay meets the lowest pay they accept.")
        )
    if state == "below":
        ratio = factor.params.get("ratio", 0)
        percent = round(float(ratio) * 100) if isinstance(ratio, int | float) else 0
        if worker:
            return _("The pay is below the lowest pay you accept (%(percent)d%% of it).") % {
                "percent": percent
            }
        # Not the share: it would tell the employer the worker's lowest acceptable pay.
        return _("The pay is below the lowest pay they accept.")
    return _("Pay is not compared (no lowest pay given, or another currency).")


def _hours(value: object) -> str:
    """A number of hours as people write it, in the active language: 45, 37.5 (37,5)."""
    if not isinstance(value, int | float):
        return "?"
    rounded = round(float(value), 1)
    if rounded.is_integer():
        return str(int(rounded))
    return formats.number_format(rounded, decimal_pos=1)


def _hours_sentence(factor: Factor, worker: bool) -> str:
    state = factor.params.get("state")
    if state == "fits":
        return (
            _("The hours fit the most you can work.") if worker else _("The hours fit their time.")
        )
    if state == "more":
        values = {
            "hours": _hours(factor.params.get("hours")),
            "max": _hours(factor.params.get("max")),
        }
        if worker:
            return _("It asks %(hours)s hours a week; you can work up to %(max)s.") % values
        return _("It asks %(hours)s hours a week; they can work up to %(max)s.") % values
    return _("Hours are not compared.")


def _start_sentence(factor: Factor, worker: bool) -> str:
    state = factor.params.get("state")
    if state == "fits":
        return _("It starts when you are available.") if worker else _("Available when it starts.")
    if state == "early":
        return (
            _("It starts before you said you are available.")
            if worker
            else _("It starts before they are available.")
        )
    return _("Start dates are not compared.")


def _language_sentence(factor: Factor, worker: bool, language: str) -> str:
    state = factor.params.get("state")
    needed = factor.params.get("needed")
    codes = [str(code) for code in needed] if isinstance(needed, list | tuple) else []
    names = join_labels([language_name(code, language) for code in codes])
    if state == "speaks":
        return _("You speak a language it needs.") if worker else _("Speaks a language it needs.")
    if state == "missing":
        if worker:
            return _("It needs %(languages)s, which you did not list.") % {"languages": names}
        return _("Does not list a language it needs (%(languages)s).") % {"languages": names}
    return _("No language is compared.")


def _permit_sentence(factor: Factor) -> str:
    if factor.params.get("state") == "no":
        return _("You said you may not have the right to work here yet: check before you apply.")
    return _("Your permit is being processed: ask whether this employer can hire you now.")


def _freshness_sentence(factor: Factor) -> str:
    days = factor.params.get("days")
    if not isinstance(days, int):
        return _("Not published yet.")
    if days <= 7:
        return _("Published in the last week.")
    return ngettext("Published %(days)d day ago.", "Published %(days)d days ago.", days) % {
        "days": days
    }


def factor_reasons(
    item: Ranked, labels: Mapping[int, str], audience: Audience = Audience.WORKER
) -> list[FactorReason]:
    """One plain sentence per factor, in the active language ("Why this?")."""
    worker = audience == Audience.WORKER
    language = translation.get_language() or "en"
    reasons: list[FactorReason] = []
    for factor in item.factors:
        if factor.name == SKILL_FIT:
            text = skill_sentence(item, labels, audience)
        elif factor.name == OCCUPATION_FIT:
            text = _occupation_sentence(factor, worker)
        elif factor.name == PAY:
            text = _pay_sentence(factor, worker)
        elif factor.name == HOURS:
            text = _hours_sentence(factor, worker)
        elif factor.name == START:
            text = _start_sentence(factor, worker)
        elif factor.name == LANGUAGE:
            text = _language_sentence(factor, worker, language)
        elif factor.name == RIGHT_TO_WORK:
            text = _permit_sentence(factor)
        elif factor.name == FRESHNESS:
            text = _freshness_sentence(factor)
        else:  # a factor added to the engine without a sentence yet
            text = factor.name
        concern = factor.value < 1.0 and factor.name not in (SKILL_FIT, FRESHNESS)
        reasons.append(FactorReason(factor.name, factor.value, text, concern))
    return reasons


def reason_for(
    item: Ranked, labels: Mapping[int, str], audience: Audience = Audience.WORKER
) -> str:
    """The short reason shown with a result: the skills, then what lowers the score."""
    sentences = [skill_sentence(item, labels, audience)]
    sentences.extend(r.text for r in factor_reasons(item, labels, audience) if r.concern)
    return " ".join(sentences)


def explain(
    item: Ranked,
    language: str,
    audience: Audience = Audience.WORKER,
    labels: Mapping[int, str] | None = None,
) -> str:
    """The reason for ``item`` in ``language`` (labels are looked up when not given)."""
    with translation.override(language):
        if labels is None:
            labels = skill_labels(item.missing_essential, language)
        return reason_for(item, labels, audience)


__all__ = [
    "Audience",
    "FactorReason",
    "explain",
    "factor_reasons",
    "join_labels",
    "reason_for",
    "skill_labels",
    "skill_sentence",
]
