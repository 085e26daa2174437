"""schema.org JobPosting (JSON-LD) in both directions, framework-light.

- :func:`job_posting` turns a vacancy into a JobPosting object (for the vacancy page, the
  API and the feed); :func:`graph` wraps several in one ``@graph`` document.
- :func:`parse_job_posting` reads a JobPosting object into the values of a vacancy draft
  plus the ESCO references it names, or returns (property, message) problems.

Nothing here touches the database; the caller resolves ESCO URIs and ISCO codes.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from kazi.core.codes import is_country, is_currency
from kazi.wages.parsing import country_code_for_name

from .constants import ContractType, VacancyKind

if TYPE_CHECKING:
    from .models import Vacancy

CONTEXT = "https://schema.org"
ESCO_OCCUPATION = "http://data.europa.eu/esco/occupation/"
ESCO_SKILL = "http://data.europa.eu/esco/skill/"
ESCO_SKILL_SCHEME = "http://data.europa.eu/esco/concept-scheme/skills"
DEFAULT_VALID_DAYS = 60  # closing date when a posting has no validThrough
MAX_OPENINGS = 10**9  # larger numbers of openings are not read (they are refused anyway)

UNIT_FOR_PERIOD = {"hour": "HOUR", "day": "DAY", "week": "WEEK", "month": "MONTH", "year": "YEAR"}
PERIOD_FOR_UNIT = {unit: period for period, unit in UNIT_FOR_PERIOD.items()}

# employmentType -> (kind, contract type)
_FROM_EMPLOYMENT_TYPE: dict[str, tuple[str, str]] = {
    "FULL_TIME": (VacancyKind.JOB, ContractType.PERMANENT),
    "PART_TIME": (VacancyKind.JOB, ContractType.PERMANENT),
    "TEMPORARY": (VacancyKind.JOB, ContractType.FIXED_TERM),
    "SEASONAL": (VacancyKind.JOB, ContractType.SEASONAL),
    "INTERN": (VacancyKind.JOB, ContractType.APPRENTICESHIP),
    "CONTRACTOR": (VacancyKind.GIG, ContractType.TASK),
    "PER_DIEM": (VacancyKind.GIG, ContractType.TASK),
}
_TO_EMPLOYMENT_TYPE: dict[str, str] = {
    ContractType.FIXED_TERM: "TEMPORARY",
    ContractType.SEASONAL: "TEMPORARY",
    ContractType.TASK: "CONTRACTOR",
    ContractType.APPRENTICESHIP: "INTERN",
}

# Vacancy field -> the JobPosting property it comes from (for error reports).
PROPERTY_FOR_FIELD = {
    "title": "title",
    "description": "description",
    "kind": "employmentType",
    "contract_type": "employmentType",
    "country": "jobLocation.address.addressCountry",
    "city": "jobLocation.address.addressLocality",
    "remote": "jobLocationType",
    "pay_min": "baseSalary.value.minValue",
    "pay_max": "baseSalary.value.maxValue",
    "currency": "baseSalary.currency",
    "pay_period": "baseSalary.value.unitText",
    "hours_per_week": "workHours",
    "start_date": "jobStartDate",
    "closing_date": "validThrough",
    "positions": "totalJobOpenings",
    "languages": "inLanguage",
    "source_url": "url",
    "occupation": "occupationalCategory",
    "skills": "skills",
}


# --- export --------------------------------------------------------------------------------


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def employment_type(contract_type: str, hours_per_week: Decimal | None) -> str:
    if contract_type in _TO_EMPLOYMENT_TYPE:
        return _TO_EMPLOYMENT_TYPE[contract_type]
    return "PART_TIME" if hours_per_week is not None and hours_per_week < 30 else "FULL_TIME"


def job_posting(vacancy: Vacancy, *, url: str, language: str = "en") -> dict[str, Any]:
    """The vacancy as a schema.org JobPosting (with ESCO URIs for occupation and skills).

    Expects ``organisation``, ``occupation`` and ``skill_requirements__skill`` loaded.
    """
    organisation = vacancy.organisation
    posting: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "JobPosting",
        "@id": url,
        "url": url,
        "identifier": {"@type": "PropertyValue", "name": "kazi", "value": str(vacancy.pk)},
        "title": vacancy.title,
        "description": vacancy.description,
        "datePosted": (vacancy.published_at or vacancy.created_at).date().isoformat(),
        "employmentType": employment_type(vacancy.contract_type, vacancy.hours_per_week),
        "hiringOrganization": {"@type": "Organization", "name": organisation.name},
        "totalJobOpenings": vacancy.positions,
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": vacancy.currency,
            "value": {
                "@type": "QuantitativeValue",
                "minValue": _number(vacancy.pay_min),
                "unitText": UNIT_FOR_PERIOD.get(vacancy.pay_period, vacancy.pay_period.upper()),
            },
        },
    }
    if organisation.website:
        posting["hiringOrganization"]["sameAs"] = organisation.website
    if vacancy.pay_max is not None and vacancy.pay_max != vacancy.pay_min:
        posting["baseSalary"]["value"]["maxValue"] = _number(vacancy.pay_max)
    if vacancy.closing_date:
        posting["validThrough"] = vacancy.closing_date.isoformat()
    if vacancy.start_date:
        posting["jobStartDate"] = vacancy.start_date.isoformat()
    if vacancy.hours_per_week is not None:
        posting["workHours"] = f"{_number(vacancy.hours_per_week)} hours per week"
    address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": vacancy.country}
    if vacancy.city:
        address["addressLocality"] = vacancy.city
    if vacancy.remote:
        posting["jobLocationType"] = "TELECOMMUTE"
        posting["applicantLocationRequirements"] = {"@type": "Country", "name": vacancy.country}
    if vacancy.city or not vacancy.remote:
        posting["jobLocation"] = {"@type": "Place", "address": address}
    if vacancy.occupation is not None:
        posting["occupationalCategory"] = vacancy.occupation.uri
    skills = [
        {
            "@type": "DefinedTerm",
            "@id": requirement.skill.uri,
            "name": requirement.skill.label(language),
            "inDefinedTermSet": ESCO_SKILL_SCHEME,
        }
        for requirement in vacancy.skill_requirements.all()
        if requirement.essential
    ]
    if skills:
        posting["skills"] = skills
    return posting


def graph(postings: list[dict[str, Any]]) -> dict[str, Any]:
    items = [{key: value for key, value in p.items() if key != "@context"} for p in postings]
    return {"@context": CONTEXT, "@graph": items}


def dumps_for_html(data: Any) -> str:
    """JSON safe to place inside <script type="application/ld+json"> (no "</script>")."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# --- import --------------------------------------------------------------------------------


@dataclass
class ParsedPosting:
    values: dict[str, Any]  # keyword arguments for a VacancyInput (without occupation)
    occupation_uri: str = ""
    isco_code: str = ""
    skill_uris: list[str] = field(default_factory=list)
    skill_names: list[str] = field(default_factory=list)


def postings_in(payload: Any) -> list[Any]:
    """The JobPosting items of a payload: one object, a list, or a document with @graph."""
    if isinstance(payload, dict) and isinstance(payload.get("@graph"), list):
        return list(payload["@graph"])
    if isinstance(payload, dict):
        return [payload]
    if isinstance(payload, list):
        return list(payload)
    return []


def _is_type(item: dict[str, Any], wanted: str) -> bool:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1] == wanted for k in kinds)


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _date(value: Any) -> date | None:
    text = _text(value)
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None


def _country(value: Any) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("name") or value.get("identifier") or value.get("addressCountry")
    text = _text(value)
    if not text:
        return None
    if len(text) == 2 and is_country(text.upper()):
        return text.upper()
    return country_code_for_name(text)


def _plain_text(value: str) -> str:
    text = re.sub(r"(?i)<br\s*/?>|</p>|</li>", "\n", value)
    text = html.unescape(strip_tags(text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def parse_job_posting(
    item: Any, today: date | None = None
) -> tuple[ParsedPosting | None, list[tuple[str, str]]]:
    """Read one JobPosting; (parsed, []) or (None or partial, [(property, message), ...])."""
    today = today or date.today()
    if not isinstance(item, dict) or not _is_type(item, "JobPosting"):
        return None, [("@type", _("This item is not a schema.org JobPosting object."))]
    errors: list[tuple[str, str]] = []
    values: dict[str, Any] = {}

    values["title"] = _text(item.get("title"))
    if not values["title"]:
        errors.append(("title", _("The title is missing.")))
    values["description"] = _plain_text(_text(item.get("description")))
    if not values["description"]:
        errors.append(("description", _("The description is missing.")))

    for name in ("datePosted",):
        if item.get(name) is not None and _date(item.get(name)) is None:
            errors.append((name, _("This is not a date (use ISO 8601, e.g. 2025-01-31).")))
    if item.get("validThrough") is None:
        values["closing_date"] = today + timedelta(days=DEFAULT_VALID_DAYS)
    else:
        values["closing_date"] = _date(item.get("validThrough"))
        if values["closing_date"] is None:
            errors.append(
                ("validThrough", _("This is not a date (use ISO 8601, e.g. 2025-01-31)."))
            )
    if item.get("jobStartDate") is not None:
        values["start_date"] = _date(item.get("jobStartDate"))  # text such as "ASAP" is ignored

    kinds = item.get("employmentType")
    kinds = kinds if isinstance(kinds, list) else [kinds] if kinds is not None else []
    known = [
        _FROM_EMPLOYMENT_TYPE[k.upper()]
        for k in kinds
        if isinstance(k, str) and k.upper() in _FROM_EMPLOYMENT_TYPE
    ]
    values["kind"], values["contract_type"] = (
        known[0] if known else (VacancyKind.JOB, ContractType.PERMANENT)
    )

    # Place of work
    location = _first(item.get("jobLocation"))
    address = location.get("address") if isinstance(location, dict) else None
    address = _first(address)
    country: str | None = None
    if isinstance(address, dict):
        country = _country(address.get("addressCountry"))
        values["city"] = _text(address.get("addressLocality"))[:120]
    values["remote"] = _text(item.get("jobLocationType")).upper() == "TELECOMMUTE"
    if country is None:
        country = _country(item.get("applicantLocationRequirements"))
    if country is None:
        errors.append(
            (
                "jobLocation.address.addressCountry",
                _("The country of work is missing or unknown (use an ISO 3166 code such as KE)."),
            )
        )
    values["country"] = country or ""

    # Pay
    salary = _first(item.get("baseSalary"))
    if not isinstance(salary, dict):
        errors.append(("baseSalary", _("The pay is missing: give baseSalary as a MonetaryAmount.")))
        values.update(pay_min=Decimal(0), currency="", pay_period="")
    else:
        currency = _text(salary.get("currency")).upper()
        if not is_currency(currency):
            errors.append(
                (
                    "baseSalary.currency",
                    _("Give the currency as an ISO 4217 code, for example KES."),
                )
            )
        value = salary.get("value")
        unit = _text(salary.get("unitText"))
        low = high = None
        if isinstance(value, dict):
            unit = _text(value.get("unitText")) or unit
            low = _decimal(value.get("minValue", value.get("value")))
            high = _decimal(value.get("maxValue")) if value.get("maxValue") is not None else None
            if value.get("maxValue") is not None and high is None:
                errors.append(("baseSalary.value.maxValue", _("This is not a number.")))
            if low is None and high is not None:
                low = high
        else:
            low = _decimal(value)
        if low is None:
            errors.append(
                ("baseSalary.value.minValue", _("The pay amount is missing or not a number."))
            )
        period = PERIOD_FOR_UNIT.get(unit.upper())
        if period is None:
            errors.append(
                (
                    "baseSalary.value.unitText",
                    _("The pay period must be HOUR, DAY, WEEK, MONTH or YEAR."),
                )
            )
        values.update(
            pay_min=low if low is not None else Decimal(0),
            pay_max=high if high is not None and high != low else None,
            currency=currency,
            pay_period=period or "",
        )

    openings = item.get("totalJobOpenings")
    if openings is not None:
        number = _decimal(openings)
        if number is None or number != number.to_integral_value():
            errors.append(("totalJobOpenings", _("This must be a whole number.")))
        elif not -MAX_OPENINGS <= number <= MAX_OPENINGS:  # int() of 1e9000000 takes minutes
            values["positions"] = MAX_OPENINGS + 1  # refused with the usual message
        else:
            values["positions"] = int(number)
    hours = re.fullmatch(
        r"\s*(\d+(?:\.\d+)?)\s*(?:h|hours?)?(?:\s*(?:per|a|/)\s*week)?\s*",
        _text(item.get("workHours")),
    )
    if hours:
        values["hours_per_week"] = Decimal(hours.group(1))
    link = _text(item.get("url"))
    if link.startswith(("http://", "https://")):
        values["source_url"] = link[:500]

    parsed = ParsedPosting(values=values)
    categories = item.get("occupationalCategory")
    for category in categories if isinstance(categories, list) else [categories]:
        if isinstance(category, dict):
            candidates = [category.get("@id"), category.get("url"), category.get("codeValue")]
        else:
            candidates = [category]
        for candidate in (_text(c) for c in candidates):
            if candidate.startswith(ESCO_OCCUPATION) and not parsed.occupation_uri:
                parsed.occupation_uri = candidate
            elif re.match(r"^\d{4}\b", candidate) and not parsed.isco_code:
                parsed.isco_code = candidate[:4]

    skills = item.get("skills")
    if isinstance(skills, str):
        skills = [s for s in re.split(r"[,;\n]", skills) if s.strip()]
    for skill in skills if isinstance(skills, list) else []:
        if isinstance(skill, dict):
            ref = _text(skill.get("@id") or skill.get("url") or skill.get("termCode"))
            name = _text(skill.get("name"))
        else:
            ref, name = "", _text(skill)
        if ref.startswith(ESCO_SKILL):
            parsed.skill_uris.append(ref)
        elif name.startswith(ESCO_SKILL):
            parsed.skill_uris.append(name)
        elif name:
            parsed.skill_names.append(name)
    return parsed, errors
