"""Money arithmetic in Decimal: a quote's totals are the sums of its rounded lines (a property over generated
lines), rounding is half up to the fen, and amounts read in Chinese capitals as receipts write them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atrium.sales.money import line_figures, rmb_upper, to_fen, totals_of

quantities = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("99999"), places=3)
prices = st.decimals(min_value=Decimal("0"), max_value=Decimal("999999.99"), places=2)
percents = st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=2)
lines = st.lists(st.tuples(quantities, prices, percents, percents), min_size=1, max_size=30)


@settings(max_examples=300, deadline=None)
@given(lines)
def test_totals_are_the_sums_of_the_rounded_lines(rows):
    figures = [line_figures(*row) for row in rows]
    totals = totals_of(figures)
    for figure in figures:
        for value in (figure.gross, figure.discount, figure.net, figure.tax, figure.total):
            assert value == to_fen(value)  # every figure is whole fen
        assert figure.net == figure.gross - figure.discount and figure.total == figure.net + figure.tax
        assert Decimal("0") <= figure.discount <= figure.gross
    assert totals.subtotal == sum(f.gross for f in figures)
    assert totals.tax == sum(f.tax for f in figures)
    assert totals.total == sum(f.total for f in figures) == totals.net + totals.tax
    assert totals.net == totals.subtotal - totals.discount


def test_rounding_is_half_up_to_the_fen():
    assert to_fen(Decimal("0.005")) == Decimal("0.01")
    assert to_fen(Decimal("2.675")) == Decimal("2.68")  # a float would give 2.67
    line = line_figures(Decimal("3"), Decimal("33.33"), Decimal("10"), Decimal("9"))
    assert (line.gross, line.discount, line.net, line.tax, line.total) == (
        Decimal("99.99"),
        Decimal("10.00"),
        Decimal("89.99"),
        Decimal("8.10"),
        Decimal("98.09"),
    )


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("12345.67", "壹万贰仟叁佰肆拾伍元陆角柒分"),
        ("0.05", "伍分"),
        ("0.50", "伍角整"),
        ("0", "零元整"),
        ("10000.00", "壹万元整"),
        ("100000001.10", "壹亿零壹元壹角整"),
        ("1000.05", "壹仟元零伍分"),
        ("1010", "壹仟零壹拾元整"),
        ("10001", "壹万零壹元整"),
        ("100010", "壹拾万零壹拾元整"),
        ("105000", "壹拾万伍仟元整"),
        ("10050000", "壹仟零伍万元整"),
        ("20000000", "贰仟万元整"),
        ("1234567890.12", "壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元壹角贰分"),
        ("-3.2", "负叁元贰角整"),
    ],
)
def test_amounts_in_chinese_capitals(amount, words):
    assert rmb_upper(Decimal(amount)) == words
