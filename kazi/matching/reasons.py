"""Plain-language reasons for a ranking, in the reader's language.

A reason is built only from the factors of :class:`kazi.matching.coverage.Ranked`: how many
essential (and optional) skills are matched, and which essential skills are missing, named
with their ESCO labels in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from kazi.taxonomy.models import Skill

from .coverage import ESSENTIAL_COVERAGE, OPTIONAL_COVERAGE, Ranked

MAX_NAMED_MISSING = 5


class Audience(StrEnum):
    WORKER = "worker"  # "You have 4 of 6 essential skills"
    EMPLOYER = "employer"  # "Has 4 of 6 essential skills"


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


def reason_for(
    item: Ranked, labels: Mapping[int, str], audience: Audience = Audience.WORKER
) -> str:
    """The reason for ``item`` in the active language; ``labels`` name the skills."""
    essential = item.factor(ESSENTIAL_COVERAGE)
    optional = item.factor(OPTIONAL_COVERAGE)
    sentences: list[str] = []
    if essential.total:
        missing = join_labels([labels.get(pk, "?") for pk in item.missing_essential])
        sentences.append(_essential_sentence(essential.matched, essential.total, missing, audience))
        if optional.matched:
            sentences.append(
                _optional_sentence(optional.matched, optional.total, audience, also=True)
            )
    else:
        if audience == Audience.WORKER:
            sentences.append(_("This opportunity lists no required skills."))
        else:
            sentences.append(_("The vacancy lists no required skills."))
        if optional.total:
            sentences.append(
                _optional_sentence(optional.matched, optional.total, audience, also=False)
            )
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


__all__ = ["Audience", "explain", "join_labels", "reason_for", "skill_labels"]
