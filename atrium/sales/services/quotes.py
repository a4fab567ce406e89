"""Writes on products and quotes.

A quote is written through ``core.writes`` as one record (kind ``quote``: access follows its deal, version →
409, the log, search by number): creating it makes v1; saving a draft version replaces its lines and their
totals; a new version copies the latest frozen one; marking a version sent, accepted or asked to change
freezes it. A version's own ``version`` counter guards concurrent edits of the same draft (409, first save
kept). The money is Decimal throughout (``sales.money``).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atrium.core.access import check_action, get_visible, require
from atrium.core.actors import Actor, actor_id, person
from atrium.core.errors import Forbidden, NotFound, ServiceError, ValidationFailed
from atrium.core.events import emit
from atrium.core.value_cleaning import clean_bool, clean_date, clean_fields, clean_text
from atrium.core.writes import (
    UNCHECKED,
    WriteSpec,
    check_version,
    record_create,
    record_delete,
    record_update,
)
from atrium.sales.list_columns import yuan
from atrium.sales.models import Deal, Product, Quote, QuoteLine, QuoteStatus, QuoteVersion
from atrium.sales.money import LineFigures, line_figures, totals_of

QUOTE_WRITES = WriteSpec(kind="quote", audited=("number", "title", "deal"))
PRODUCT_WRITES = WriteSpec(
    kind="product", audited=("name", "category", "unit", "unit_price", "tax_rate", "is_active"), indexed=False
)
MAX_LINES = 200
MAX_QUANTITY = Decimal("999999999.999")
MAX_PRICE = Decimal("9999999999.99")

# Allowed status changes of a version, and what each stamps.
TRANSITIONS = {
    QuoteStatus.SENT: (QuoteStatus.DRAFT,),
    QuoteStatus.ACCEPTED: (QuoteStatus.SENT, QuoteStatus.CHANGES_REQUESTED),
    QuoteStatus.CHANGES_REQUESTED: (QuoteStatus.SENT,),
}


# Cleaning ---------------------------------------------------------------------------------------------------


def _decimal(value: Any, *, places: int, low: Decimal, high: Decimal, positive: bool = False) -> Decimal:
    text = "" if value is None else str(value).strip().replace(",", "").replace("，", "").lstrip("¥￥")
    if text.endswith("%"):
        text = text[:-1]
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("Enter a number.")) from None
    if not number.is_finite():
        raise ValidationError(_("Enter a number."))
    if positive and number <= 0:
        raise ValidationError(_("Must be more than 0."))
    if number < low:
        raise ValidationError(_("At least %(low)s.") % {"low": low})
    if number > high:
        raise ValidationError(_("At most %(high)s.") % {"high": high})
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise ValidationError(_("At most %(places)d decimals.") % {"places": places})
    return number


def _percent(value: Any) -> Decimal:
    if value in (None, ""):
        return Decimal("0")
    return _decimal(value, places=2, low=Decimal("0"), high=Decimal("100"))


def _product(value: Any) -> Product | None:
    if value in (None, ""):
        return None
    try:
        product = Product.objects.filter(pk=int(getattr(value, "pk", value))).first()
    except (TypeError, ValueError):
        product = None
    if product is None:
        raise ValidationError(_("Choose a product of the catalogue."))
    return product


def clean_lines(raw: Any) -> list[dict[str, Any]]:
    """Each line: a product (its name, unit, price and tax rate are the defaults) or free text; quantity > 0,
    unit price ≥ 0, discount and tax 0–100 %. Errors are named ``lines.<n>.<field>`` (n from 1)."""
    if raw in (None, ""):
        return []
    if not isinstance(raw, Sequence) or isinstance(raw, (str, bytes)):
        raise ValidationFailed({"lines": [_("Send the lines as a list.")]})
    if len(raw) > MAX_LINES:
        raise ValidationFailed({"lines": [_("At most %(max)d lines.") % {"max": MAX_LINES}]})
    errors: dict[str, list[str]] = {}
    lines = []
    for index, item in enumerate(raw, 1):
        if not isinstance(item, Mapping):
            errors[f"lines.{index}"] = [_("Each line is an object.")]
            continue
        try:
            product = _product(item.get("product"))
        except ValidationError as exc:
            errors[f"lines.{index}.product"] = [str(m) for m in exc.messages]
            product = None
        defaults = {
            "description": product.name if product else "",
            "unit": product.unit if product else "",
            "unit_price": product.unit_price if product else None,
            "tax_rate": product.tax_rate if product else Decimal("0"),
        }
        values = {
            k: item.get(k) if item.get(k) not in (None, "") else defaults.get(k)
            for k in ("description", "unit", "quantity", "unit_price", "discount_percent", "tax_rate")
        }
        cleaners = {
            "description": lambda v: clean_text(v, max_length=200, required=True),
            "unit": lambda v: clean_text(v, max_length=12),
            "quantity": lambda v: _decimal(v, places=3, low=Decimal("0"), high=MAX_QUANTITY, positive=True),
            "unit_price": lambda v: _decimal(v, places=2, low=Decimal("0"), high=MAX_PRICE),
            "discount_percent": _percent,
            "tax_rate": _percent,
        }
        try:
            cleaned = clean_fields(values, cleaners, ("description", "quantity", "unit_price"), False)
        except ValidationFailed as exc:
            errors.update({f"lines.{index}.{name}": messages for name, messages in exc.fields.items()})
            continue
        lines.append({**cleaned, "product": product})
    if errors:
        raise ValidationFailed(errors)
    return lines


def _figures(line: Mapping[str, Any]) -> LineFigures:
    return line_figures(line["quantity"], line["unit_price"], line["discount_percent"], line["tax_rate"])


def _write_lines(version: QuoteVersion, lines: list[dict[str, Any]]) -> None:
    """Replace the version's lines and store their figures and the totals (sums of the rounded lines)."""
    version.lines.all().delete()
    rows, figures = [], []
    for position, line in enumerate(lines, 1):
        figure = _figures(line)
        figures.append(figure)
        rows.append(
            QuoteLine(
                quote_version=version,
                position=position,
                product=line["product"],
                description=line["description"],
                unit=line["unit"],
                quantity=line["quantity"],
                unit_price=line["unit_price"],
                discount_percent=line["discount_percent"],
                tax_rate=line["tax_rate"],
                gross=figure.gross,
                discount=figure.discount,
                net=figure.net,
                line_tax=figure.tax,
                total=figure.total,
            )
        )
    QuoteLine.objects.bulk_create(rows)
    totals = totals_of(figures)
    version.subtotal, version.discount, version.tax, version.total = (
        totals.subtotal,
        totals.discount,
        totals.tax,
        totals.total,
    )


def _version_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    return clean_fields(
        data,
        {"valid_until": clean_date, "terms": lambda v: clean_text(v, max_length=5000)},
        (),
        True,
    )


def _summary(version: QuoteVersion) -> str:
    return _("v%(number)d: %(count)d lines, total %(total)s") % {
        "number": version.number,
        "count": version.lines.count(),
        "total": yuan(version.total),
    }


# Quotes -----------------------------------------------------------------------------------------------------


def _number(quote: Quote) -> str:
    return f"BJ-{timezone.localdate().year}-{quote.pk:05d}"


def quote_create(*, actor: Actor, deal: Deal | int, data: dict[str, Any]) -> Quote:
    """A quote of a deal the actor may work on (edit), with its first version (a draft) and its lines."""
    require(actor, "quote", "create")
    target: Deal = get_visible(actor, "deal", getattr(deal, "pk", deal))
    check_action(actor, "deal", "edit", target)
    title = clean_fields(data, {"title": lambda v: clean_text(v, max_length=120)}, (), True).get("title")
    fields = _version_fields(data)
    lines = clean_lines(data.get("lines"))
    if "valid_until" not in fields or fields["valid_until"] is None:
        fields["valid_until"] = timezone.localdate() + datetime.timedelta(days=30)
    with transaction.atomic():
        quote = Quote(deal=target, title=title or target.title, number=f"new-{uuid4().hex[:16]}")

        def first_version(record: Quote) -> None:
            record.number = _number(record)
            record.save(update_fields=["number"])
            version = QuoteVersion.objects.create(quote=record, number=1, created_by=person(actor), **fields)
            _write_lines(version, lines)
            version.save()

        record_create(
            actor=actor, spec=QUOTE_WRITES, record=quote, after_save=first_version, check_access=False
        )
    return quote


def _locked_version(quote: Quote, number: Any) -> QuoteVersion:
    try:
        found = QuoteVersion.objects.select_for_update().filter(quote=quote, number=int(number)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound(_("This quote has no such version."))
    return found


def quote_version_save(
    *, actor: Actor, quote: Quote | int, number: int, data: dict[str, Any], version: Any
) -> QuoteVersion:
    """Save a draft version: its lines (all of them, replacing the old ones), validity and terms. A frozen
    version is refused; a stale ``version`` of the draft answers 409 and keeps the first save."""
    lines = clean_lines(data.get("lines")) if "lines" in data else None
    fields = _version_fields(data)
    with record_update(actor=actor, spec=QUOTE_WRITES, record=quote, version=UNCHECKED) as change:
        draft = _locked_version(change.record, number)
        if draft.is_frozen:
            raise ServiceError(
                _("Version %(number)d was %(status)s and cannot change: start a new version.")
                % {"number": draft.number, "status": draft.get_status_display()},
                code="frozen",
            )
        check_version(draft, version)
        before = _summary(draft)
        for name, value in fields.items():
            setattr(draft, name, value)
        if lines is not None:
            _write_lines(draft, lines)
        draft.version += 1
        draft.save()
        change.note(f"v{draft.number}", before, _summary(draft))
        change.summary = _("Version %(number)d saved") % {"number": draft.number}
    return draft


def quote_version_new(*, actor: Actor, quote: Quote | int) -> QuoteVersion:
    """A new draft version: a copy of the latest one (lines, validity, terms). Refused while a draft exists."""
    with record_update(actor=actor, spec=QUOTE_WRITES, record=quote, version=UNCHECKED) as change:
        record = change.record
        latest = QuoteVersion.objects.select_for_update().filter(quote=record).order_by("-number").first()
        assert latest is not None, "a quote always has a version"
        if not latest.is_frozen:
            raise ServiceError(
                _("Version %(number)d is still a draft: edit it instead.") % {"number": latest.number},
                code="draft_exists",
            )
        copy = QuoteVersion.objects.create(
            quote=record,
            number=latest.number + 1,
            valid_until=max(latest.valid_until or timezone.localdate(), timezone.localdate()),
            terms=latest.terms,
            created_by=person(actor),
        )
        lines = [
            {
                "product": line.product,
                "description": line.description,
                "unit": line.unit,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "discount_percent": line.discount_percent,
                "tax_rate": line.tax_rate,
            }
            for line in latest.lines.select_related("product")
        ]
        _write_lines(copy, lines)
        copy.save()
        change.note(f"v{copy.number}", "", _summary(copy))
        change.summary = _("Version %(number)d started from version %(previous)d") % {
            "number": copy.number,
            "previous": latest.number,
        }
    return copy


def quote_version_mark(
    *, actor: Actor, quote: Quote | int, number: int, status: str, version: Any
) -> QuoteVersion:
    """Mark a version sent (it freezes; an earlier sent version is superseded), accepted or asked to change
    (the client answered by phone or in person; online acceptance comes through its signed link)."""
    if status not in TRANSITIONS:
        raise ValidationFailed({"status": [_("Choose one of the listed values.")]})
    with record_update(actor=actor, spec=QUOTE_WRITES, record=quote, version=UNCHECKED) as change:
        record = change.record
        target = _locked_version(record, number)
        check_version(target, version)
        if target.status not in TRANSITIONS[QuoteStatus(status)]:
            raise ServiceError(
                _("Version %(number)d is %(status)s: it cannot become %(new)s.")
                % {
                    "number": target.number,
                    "status": target.get_status_display(),
                    "new": QuoteStatus(status).label,
                },
                code="bad_transition",
            )
        if status == QuoteStatus.SENT and not target.lines.exists():
            raise ServiceError(_("A quote without lines cannot be sent."), code="no_lines")
        apply_status(change, record, target, QuoteStatus(status), actor)
        target.version += 1
        target.save()
        if status == QuoteStatus.ACCEPTED:
            move_deal_after_acceptance(actor, record.deal_id, target)
    return target


def apply_status(change: Any, record: Quote, target: QuoteVersion, status: QuoteStatus, actor: Actor) -> None:
    """Put a version in a new status (the caller saves it): a sent one supersedes the earlier sent version,
    each stamps its time; the quote's log row gets the change and ``quote.status_changed`` is emitted."""
    old = target.get_status_display()
    now = timezone.now()
    if status == QuoteStatus.SENT:
        target.sent_at = now
        QuoteVersion.objects.filter(quote=record, status=QuoteStatus.SENT).exclude(pk=target.pk).update(
            status=QuoteStatus.SUPERSEDED
        )
    if status == QuoteStatus.ACCEPTED:
        target.accepted_at = now
    target.status = status
    change.note(f"v{target.number}", str(old), str(target.get_status_display()))
    emit(
        "quote.status_changed",
        quote_id=record.pk,
        version_number=target.number,
        actor_id=actor_id(actor),
        status=str(status),
    )


def move_deal_after_acceptance(actor: Actor, deal_id: int, version: QuoteVersion) -> None:
    """When the deal's pipeline says "an accepted quote → stage X", the open deal moves there (its amount
    taken from the quote when it has none). A stage needing what the deal lacks leaves it for its owner."""
    from atrium.sales.models import StageKind
    from atrium.sales.services.deals import deal_move

    deal = Deal.objects.select_related("pipeline").get(pk=deal_id)
    stage_id = deal.pipeline.accepted_quote_stage_id
    if not stage_id or stage_id == deal.stage_id or deal.state != StageKind.OPEN:
        return
    data = {} if deal.amount is not None else {"amount": version.total}
    try:
        deal_move(actor=actor, deal=deal, stage=stage_id, version=deal.version, data=data)
    except (ValidationFailed, Forbidden, NotFound):
        return


def quote_delete(*, actor: Actor, quote: Quote | int) -> None:
    """Only a quote never sent (every version a draft): a sent quote is part of what the client received."""

    def only_drafts(record: Quote) -> None:
        if record.versions.exclude(status=QuoteStatus.DRAFT).exists():
            raise ServiceError(
                _("This quote was sent to the client: it is kept. Start a new version instead."),
                code="quote_sent",
            )

    record_delete(actor=actor, spec=QUOTE_WRITES, record=quote, before_delete=only_drafts)


# Products ---------------------------------------------------------------------------------------------------


def clean_product_fields(data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    cleaners = {
        "name": lambda v: clean_text(v, max_length=120, required=True),
        "category": lambda v: clean_text(v, max_length=60),
        "unit": lambda v: clean_text(v or "项", max_length=12, required=True),
        "unit_price": lambda v: _decimal(
            v if v not in (None, "") else "0", places=2, low=Decimal("0"), high=MAX_PRICE
        ),
        "tax_rate": _percent,
        "is_active": clean_bool,
        "description": lambda v: clean_text(v, max_length=2000),
    }
    return clean_fields(data, cleaners, ("name",), partial)


def _unique_product(name: str, unit: str, pk: int | None = None) -> None:
    others = Product.objects.filter(name=name, unit=unit)
    if pk is not None:
        others = others.exclude(pk=pk)
    if others.exists():
        raise ValidationFailed({"name": [_("The catalogue has this product with this unit.")]})


def product_create(*, actor: Actor, data: dict[str, Any]) -> Product:
    cleaned = clean_product_fields(data)
    _unique_product(cleaned["name"], cleaned.get("unit", "项"))
    return record_create(actor=actor, spec=PRODUCT_WRITES, record=Product(**cleaned))


def product_update(*, actor: Actor, product: Product | int, data: dict[str, Any], version: Any) -> Product:
    with record_update(actor=actor, spec=PRODUCT_WRITES, record=product, version=version) as change:
        cleaned = clean_product_fields(data, partial=True)
        record = change.record
        _unique_product(cleaned.get("name", record.name), cleaned.get("unit", record.unit), record.pk)
        change.set(cleaned)
    return record


def product_delete(*, actor: Actor, product: Product | int) -> None:
    record_delete(actor=actor, spec=PRODUCT_WRITES, record=product)
