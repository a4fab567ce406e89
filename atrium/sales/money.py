"""Money in yuan, in Decimal only (never float): rounding to the fen, a quote line's figures, a quote's totals
as the sums of its rounded lines, and an amount in Chinese capitals (大写) as contracts and receipts write it.

A line: gross = quantity × unit price (rounded to the fen), discount = gross × discount % (rounded), net =
gross − discount, tax = net × tax rate % (rounded), total = net + tax. A quote's subtotal, discount, tax and
total are the sums of its lines' rounded figures, so the document always adds up line by line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
HUNDRED = Decimal("100")
ZERO = Decimal("0")


def to_fen(value: Decimal) -> Decimal:
    """Rounded half up to the fen (0.005 → 0.01), as Chinese invoices round."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LineFigures:
    gross: Decimal
    discount: Decimal
    net: Decimal
    tax: Decimal
    total: Decimal


def line_figures(
    quantity: Decimal, unit_price: Decimal, discount_percent: Decimal, tax_rate: Decimal
) -> LineFigures:
    gross = to_fen(quantity * unit_price)
    discount = to_fen(gross * discount_percent / HUNDRED)
    net = gross - discount
    tax = to_fen(net * tax_rate / HUNDRED)
    return LineFigures(gross=gross, discount=discount, net=net, tax=tax, total=net + tax)


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal  # the lines' gross amounts
    discount: Decimal
    net: Decimal
    tax: Decimal
    total: Decimal


def totals_of(lines: Iterable[LineFigures]) -> Totals:
    subtotal = discount = tax = ZERO
    for line in lines:
        subtotal += line.gross
        discount += line.discount
        tax += line.tax
    net = subtotal - discount
    return Totals(subtotal=subtotal, discount=discount, net=net, tax=tax, total=net + tax)


DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL_UNITS = ("", "拾", "佰", "仟")
GROUP_UNITS = ("", "万", "亿", "万亿")


def _group(number: int) -> str:
    """0 < number < 10,000 in capitals, zeros inside read once ("壹仟零伍")."""
    text, zero = "", False
    for position in range(3, -1, -1):
        digit = number // 10**position % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += DIGITS[digit] + SMALL_UNITS[position]
    return text


def _yuan_part(yuan: int) -> str:
    if yuan == 0:
        return ""
    groups = []
    while yuan:
        groups.append(yuan % 10_000)
        yuan //= 10_000
    text, gap = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            gap = bool(text)
            continue
        # A zero between groups (壹亿零壹), or a group below 1,000 after a higher one (壹万零伍佰).
        if text and (gap or group < 1000):
            text += "零"
        text += _group(group) + GROUP_UNITS[index]
        gap = False
    return text


def rmb_upper(amount: Decimal) -> str:
    """¥12,345.67 → 壹万贰仟叁佰肆拾伍元陆角柒分; 10,000.00 → 壹万元整; 0.05 → 伍分; 1,000.05 → 壹仟元零伍分;
    100,000,001.10 → 壹亿零壹元壹角整; 0 → 零元整; a negative amount starts with 负."""
    value = to_fen(Decimal(amount))
    sign = "负" if value < 0 else ""
    value = abs(value)
    if value >= Decimal("10") ** 16:
        raise ValueError("amount too large for Chinese capitals")
    fen_total = int(value * 100)
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    text = _yuan_part(yuan)
    if text:
        text += "元"
    if not jiao and not fen:
        return sign + (text or "零元") + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif text:
        text += "零"  # 壹仟元零伍分
    if fen:
        text += DIGITS[fen] + "分"
    else:
        text += "整"
    return sign + text
