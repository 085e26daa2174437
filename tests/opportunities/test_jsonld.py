"""schema.org JobPosting in both directions (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from kazi.opportunities.jsonld import dumps_for_html, graph, parse_job_posting, postings_in

TODAY = date(2030, 1, 1)


def posting(**overrides):
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": "Electrician",
        "description": "<p>Install wiring &amp; fittings.</p><ul><li>Nairobi</li></ul>",
        "datePosted": "2029-12-20",
        "validThrough": "2030-01-31T23:59:59Z",
        "employmentType": ["FULL_TIME"],
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": "Nairobi",
                "addressCountry": "KE",
            },
        },
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "KES",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": 30000,
                "maxValue": "40000",
                "unitText": "MONTH",
            },
        },
        "occupationalCategory": "http://data.europa.eu/esco/occupation/abc",
        "skills": [
            {
                "@type": "DefinedTerm",
                "@id": "http://data.europa.eu/esco/skill/s1",
                "name": "wiring",
            },
            "use hand tools",
        ],
        "totalJobOpenings": 3,
        "workHours": "45 hours per week",
        "url": "https://example.org/jobs/1",
    }
    data.update(overrides)
    return data


def test_a_full_posting_is_mapped_to_vacancy_values():
    parsed, errors = parse_job_posting(posting(), today=TODAY)
    assert errors == []
    assert parsed is not None
    values = parsed.values
    assert values["title"] == "Electrician"
    assert values["description"] == "Install wiring & fittings.\nNairobi"
    assert values["closing_date"] == date(2030, 1, 31)
    assert (values["kind"], values["contract_type"]) == ("job", "permanent")
    assert (values["country"], values["city"], values["remote"]) == ("KE", "Nairobi", False)
    assert (values["pay_min"], values["pay_max"]) == (D("30000"), D("40000"))
    assert (values["currency"], values["pay_period"]) == ("KES", "month")
    assert values["positions"] == 3
    assert values["hours_per_week"] == D("45")
    assert values["source_url"] == "https://example.org/jobs/1"
    assert parsed.occupation_uri == "http://data.europa.eu/esco/occupation/abc"
    assert parsed.skill_uris == ["http://data.europa.eu/esco/skill/s1"]
    assert parsed.skill_names == ["use hand tools"]


def test_variants_remote_single_value_isco_country_name_and_no_closing_date():
    parsed, errors = parse_job_posting(
        posting(
            jobLocation=None,
            jobLocationType="TELECOMMUTE",
            applicantLocationRequirements={"@type": "Country", "name": "Philippines"},
            baseSalary={
                "@type": "MonetaryAmount",
                "currency": "php",
                "value": {"value": 80, "unitText": "HOUR"},
            },
            employmentType="CONTRACTOR",
            occupationalCategory={
                "@type": "CategoryCode",
                "codeValue": "4132",
                "inCodeSet": "ISCO-08",
            },
            validThrough=None,
        ),
        today=TODAY,
    )
    assert errors == []
    assert parsed is not None
    assert (parsed.values["country"], parsed.values["remote"]) == ("PH", True)
    assert (parsed.values["pay_min"], parsed.values["pay_max"], parsed.values["pay_period"]) == (
        D("80"),
        None,
        "hour",
    )
    assert (parsed.values["kind"], parsed.values["contract_type"]) == ("gig", "task")
    assert parsed.isco_code == "4132"
    assert parsed.values["closing_date"] == date(2030, 3, 2)  # 60 days by default


def test_problems_name_the_property():
    _parsed, errors = parse_job_posting(
        posting(
            title="",
            validThrough="next week",
            jobLocation={"address": {"addressCountry": "Atlantis"}},
            baseSalary={"currency": "KSH", "value": {"minValue": "lots", "unitText": "FORTNIGHT"}},
            totalJobOpenings=2.5,
        ),
        today=TODAY,
    )
    fields = [name for name, _ in errors]
    assert fields == [
        "title",
        "validThrough",
        "jobLocation.address.addressCountry",
        "baseSalary.currency",
        "baseSalary.value.minValue",
        "baseSalary.value.unitText",
        "totalJobOpenings",
    ]
    assert parse_job_posting({"@type": "Organization"})[1][0][0] == "@type"
    assert parse_job_posting("not an object")[1][0][0] == "@type"
    assert parse_job_posting(posting(baseSalary=None))[1][0][0] == "baseSalary"


def test_payload_shapes():
    one = posting()
    assert postings_in(one) == [one]
    assert postings_in([one, one]) == [one, one]
    assert postings_in({"@context": "https://schema.org", "@graph": [one]}) == [one]
    assert postings_in("x") == []
    assert graph([one])["@graph"][0].get("@context") is None


def test_json_for_html_cannot_close_the_script_element():
    text = dumps_for_html({"title": "</script><script>alert(1)</script> & co"})
    assert "</script>" not in text and "<" not in text and "&" not in text
    import json

    assert json.loads(text)["title"] == "</script><script>alert(1)</script> & co"
