"""The framework-free pay check: periods, rounding, currencies, the equal-is-enough rule."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from kazi.wages.paycheck import (
    BELOW_MINIMUM,
    NO_DATA,
    NO_RATE,
    OK,
    Minimum,
    convert,
    evaluate_pay,
    friendly_amount,
    hours_per_period,
)

KENYA = Minimum(amount=D("0.28"), currency="USD", period="hour", workweek_hours=D("52"))
RATES = {"KES": D("109.6"), "EUR": D("0.845"), "JOD": D("0.709")}


@pytest.mark.parametrize(
    ("period", "hours"),
    [
        ("hour", D("1")),
        ("day", D("10.4")),  # 52 / 5
        ("week", D("52")),
        ("year", D("2704")),  # 52 * 52
    ],
)
def test_hours_per_period_follow_the_legal_workweek(period, hours):
    assert hours_per_period(period, D("52")) == hours


def test_a_month_is_52_twelfths_of_a_week():
    assert hours_per_period("month", D("40")) == D("40") * 52 / 12
    assert hours_per_period("month", D("48")) == D("208")


def test_unknown_period_and_bad_workweek_are_refused():
    with pytest.raises(ValueError, match="fortnight"):
        hours_per_period("fortnight", D("40"))
    with pytest.raises(ValueError):
        hours_per_period("week", D("0"))


@pytest.mark.parametrize(
    ("amount", "period", "status"),
    [
        (D("0.28"), "hour", OK),  # exactly the minimum: accepted
        (D("0.27"), "hour", BELOW_MINIMUM),
        (D("2.912"), "day", OK),  # 0.28 * 10.4
        (D("2.91"), "day", OK),  # 2.912 rounds to 2.91 at the cent
        (D("2.90"), "day", BELOW_MINIMUM),
        (D("14.56"), "week", OK),  # 0.28 * 52
        (D("14.55"), "week", BELOW_MINIMUM),
        (D("63.09"), "month", OK),  # 0.28 * 225.33.. = 63.0933.. -> 63.09 at the cent
        (D("63.08"), "month", BELOW_MINIMUM),
        (D("757.12"), "year", OK),  # 0.28 * 2704
        (D("757.11"), "year", BELOW_MINIMUM),
    ],
)
def test_every_period_in_the_minimum_currency(amount, period, status):
    result = evaluate_pay(amount, "USD", period, KENYA, {})
    assert result.status == status
    assert result.accepted is (status == OK)


def test_pay_equal_to_the_minimum_is_accepted_in_another_currency():
    # 0.28 USD/h = 30.688 KES/h at 109.6; per week: 30.688 * 52 = 1595.776 -> 1595.78
    result = evaluate_pay(D("1595.78"), "KES", "week", KENYA, RATES)
    assert result.status == OK
    assert result.required_amount == D("1595.78")
    assert evaluate_pay(D("1595.77"), "KES", "week", KENYA, RATES).status == BELOW_MINIMUM


def test_kenya_monthly_pay_is_converted_and_the_fix_is_quoted_in_kes_per_month():
    result = evaluate_pay(D("5000"), "KES", "month", KENYA, RATES)
    assert result.status == BELOW_MINIMUM
    # 5000 KES / (52 * 52 / 12 h) / 109.6 = 0.2025 USD per hour
    assert result.pay_hourly is not None
    assert result.pay_hourly.quantize(D("0.0001")) == D("0.2025")
    assert result.minimum_hourly == D("0.28")
    # 0.28 * 109.6 * 225.333... = 6915.029333 -> 6915.03; quoted rounded up: 6916
    assert result.required_amount == D("6915.03")
    assert result.suggested_amount == D("6916")
    assert evaluate_pay(D("6915.03"), "KES", "month", KENYA, RATES).status == OK
    assert evaluate_pay(D("6915.02"), "KES", "month", KENYA, RATES).status == BELOW_MINIMUM


def test_conversion_between_two_non_dollar_currencies_goes_through_the_dollar():
    minimum = Minimum(amount=D("260"), currency="JOD", period="month", workweek_hours=D("48"))
    # 260 JOD = 366.714 USD = 309.87 EUR per month
    result = evaluate_pay(D("310"), "EUR", "month", minimum, RATES)
    assert result.status == OK
    assert result.required_amount == D("309.87")
    assert evaluate_pay(D("309.86"), "EUR", "month", minimum, RATES).status == BELOW_MINIMUM


def test_a_minimum_stated_per_month_compares_exactly_with_monthly_pay():
    minimum = Minimum(amount=D("15120"), currency="KES", period="month", workweek_hours=D("52"))
    assert evaluate_pay(D("15120"), "KES", "month", minimum, {}).status == OK
    assert evaluate_pay(D("15119.99"), "KES", "month", minimum, {}).status == BELOW_MINIMUM
    # same currency: no exchange rate needed
    assert evaluate_pay(D("100"), "KES", "hour", minimum, {}).status == OK


def test_no_minimum_gives_no_data():
    result = evaluate_pay(D("1"), "KES", "month", None, RATES)
    assert result.status == NO_DATA
    assert result.accepted


def test_a_missing_exchange_rate_gives_no_rate_and_names_the_currency():
    result = evaluate_pay(D("1000"), "XOF", "month", KENYA, RATES)
    assert result.status == NO_RATE
    assert result.missing_currency == "XOF"
    assert result.accepted
    minimum = Minimum(amount=D("1"), currency="NGN", period="hour", workweek_hours=D("40"))
    assert evaluate_pay(D("1"), "USD", "hour", minimum, {}).missing_currency == "NGN"


def test_dollar_pay_needs_no_rate():
    assert convert(D("5"), "USD", "USD", {}) == D("5")
    assert convert(D("109.6"), "KES", "USD", RATES) == D("1")
    assert convert(D("1"), "XOF", "USD", RATES) is None


def test_friendly_amount_rounds_up_never_down():
    assert friendly_amount(D("6915.03")) == D("6916")
    assert friendly_amount(D("6915")) == D("6915")
    assert friendly_amount(D("63.091")) == D("63.10")


def test_non_positive_pay_and_unknown_period_are_programming_errors():
    with pytest.raises(ValueError):
        evaluate_pay(D("0"), "USD", "hour", KENYA, {})
    with pytest.raises(ValueError):
        evaluate_pay(D("1"), "USD", "fortnight", KENYA, {})
