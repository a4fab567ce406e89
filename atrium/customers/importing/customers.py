"""Importing customers: header synonyms, cleaning, duplicates (name or phone, among non-archived customers,
inside the file and in the database), update by phone or name, and the batch writer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from atrium.core.access import visible
from atrium.core.audit import audit_records
from atrium.core.bulk_insert import append_rows, insert_rows
from atrium.core.bulk_lookup import rows_matching
from atrium.core.custom_values import custom_log_values
from atrium.core.search import custom_keys_indexed, index_created
from atrium.customers.importing.cleaning import (
    Cleaner,
    People,
    choice_cleaner,
    clean_cells,
    in_file_duplicate,
    option_cleaner,
)
from atrium.customers.models import (
    Customer,
    CustomerStatus,
    CustomerTag,
    CustomerType,
    OptionList,
)
from atrium.customers.services.customers import CUSTOMER_FIELDS
from atrium.customers.validation import (
    active_option_values,
    clean_email,
    clean_phone,
    clean_tags,
    clean_text,
    clean_url,
)
from atrium.fields.choice_importing import ChoiceListSource, choice_list_cleaner
from atrium.fields.choice_services import choice_values_join
from atrium.fields.importing import (
    custom_cleaners,
    custom_defaults,
    required_custom_keys,
    split_custom,
    unique_import_check,
    with_defaults,
)
from atrium.imports.registry import CheckedRow, ImportField, ImportOptionsLike, ImportSpec, SourceRow

KIND = "customer"
FIELDS = (
    ImportField(
        "name",
        gettext_lazy("Customer name"),
        (
            "客户名称",
            "名称",
            "公司名称",
            "客户",
            "客户名",
            "单位名称",
            "name",
            "customer",
            "customer name",
            "company",
            "company name",
        ),
        required=True,
    ),
    ImportField("short_name", gettext_lazy("Short name"), ("简称", "客户简称", "short name")),
    ImportField("type", gettext_lazy("Type"), ("类型", "客户类型", "type", "customer type")),
    ImportField(
        "industry",
        gettext_lazy("Industry"),
        ("行业", "所属行业", "industry"),
        options=ChoiceListSource(OptionList.INDUSTRY),
    ),
    ImportField(
        "source",
        gettext_lazy("Source"),
        ("来源", "客户来源", "source"),
        options=ChoiceListSource(OptionList.SOURCE),
    ),
    ImportField("level", gettext_lazy("Level"), ("级别", "客户级别", "等级", "level")),
    ImportField("status", gettext_lazy("Status"), ("状态", "客户状态", "status")),
    ImportField("region", gettext_lazy("Region"), ("地区", "区域", "所在地区", "省市", "region")),
    ImportField("address", gettext_lazy("Address"), ("地址", "详细地址", "address")),
    ImportField(
        "phone",
        pgettext_lazy("customer field", "Phone"),
        ("电话", "手机", "联系电话", "手机号", "手机号码", "电话号码", "phone", "mobile", "tel", "telephone"),
    ),
    ImportField("email", gettext_lazy("E-mail"), ("邮箱", "电子邮件", "邮件", "电子邮箱", "email", "mail")),
    ImportField("website", gettext_lazy("Website"), ("网站", "网址", "website", "web")),
    ImportField("tags", gettext_lazy("Tags"), ("标签", "tags", "tag")),
    ImportField("notes", gettext_lazy("Notes"), ("备注", "说明", "notes", "note", "remark", "remarks")),
    ImportField("owner", gettext_lazy("Owner"), ("负责人", "所有者", "归属人", "owner")),
)
UPDATE_KEYS = ("phone", "name")
WRITTEN = CUSTOMER_FIELDS
LOGGED = (*WRITTEN, "owner")
DEFAULTS = {
    field.name: field.get_default() for field in Customer._meta.concrete_fields if field.name in WRITTEN
}


def _level_cleaner() -> Cleaner:
    """An active level by its value or name, "A级" and "A类" for A too."""
    return choice_list_cleaner(OptionList.LEVEL, tidy=lambda raw: raw.removesuffix("级").removesuffix("类"))


def _name_key(name: str) -> str:
    return name.casefold()


class CustomerChecker:
    def __init__(self, actor: Any, options: ImportOptionsLike) -> None:
        self.actor, self.update_by = actor, options.update_by
        self.people = People(actor, KIND)
        self.cleaners = {
            "name": lambda v: clean_text(v, max_length=200, required=True),
            "short_name": lambda v: clean_text(v, max_length=100),
            "type": choice_cleaner(CustomerType),
            "industry": option_cleaner(
                active_option_values(OptionList.INDUSTRY), options.values.get("industry")
            ),
            "source": option_cleaner(active_option_values(OptionList.SOURCE), options.values.get("source")),
            "level": _level_cleaner(),
            "status": choice_cleaner(CustomerStatus),
            "region": lambda v: clean_text(v, max_length=100),
            "address": lambda v: clean_text(v, max_length=300),
            "phone": clean_phone,
            "email": clean_email,
            "website": clean_url,
            "tags": clean_tags,
            "notes": lambda v: clean_text(v, max_length=10000),
            "owner": self.people.owner,
            **custom_cleaners(actor, KIND),
        }
        self.required = ("name", *required_custom_keys(actor, KIND))
        self.unique = unique_import_check(KIND)
        self.seen: dict[str, dict[str, int]] = {"name": {}, "phone": {}}

    def check_batch(self, rows: Sequence[SourceRow]) -> list[CheckedRow]:
        checked = [clean_cells(row, self.cleaners, self.required) for row in rows]
        for row in checked:
            if row.ok:
                self._in_file(row)
        self._against_database([row for row in checked if row.ok])
        self.unique.check(checked)
        return checked

    def _in_file(self, row: CheckedRow) -> None:
        """The same phone as an earlier line is a duplicate; the same name alone only a hint (two 钱女士 are
        often two people)."""
        data = row.data or {}
        for key, value in (("name", _name_key(data.get("name", ""))), ("phone", data.get("phone", ""))):
            earlier = in_file_duplicate(self.seen[key], value, row.line)
            if earlier is None:
                continue
            if key == "phone":
                row.fail(key, _("Same phone as line %(line)d.") % {"line": earlier})
            else:
                row.hint(
                    key, _("Same name as line %(line)d: check that they are different.") % {"line": earlier}
                )

    def _against_database(self, rows: list[CheckedRow]) -> None:
        names = {row.data["name"] for row in rows if row.data}
        phones = {row.data["phone"] for row in rows if row.data and row.data.get("phone")}
        if not rows:
            return
        found = rows_matching(
            Customer,
            {"name": names, "phone": phones},
            ("id", "name", "phone", "owner_id"),
            where={"is_archived": False},
        )
        by_name: dict[str, list[tuple]] = {}
        by_phone: dict[str, list[tuple]] = {}
        for match in found:
            by_name.setdefault(match[1], []).append(match)
            if match[2]:
                by_phone.setdefault(match[2], []).append(match)
        for row in rows:
            self._match_row(row, by_name, by_phone)
        self._check_editable([row for row in rows if row.target_id is not None])

    def _match_row(self, row: CheckedRow, by_name: dict, by_phone: dict) -> None:
        data = row.data or {}
        matches = {"name": by_name.get(data["name"], []), "phone": by_phone.get(data.get("phone", ""), [])}
        if self.update_by:
            targets = matches[self.update_by]
            if len(targets) > 1:
                row.fail(
                    self.update_by,
                    _("%(count)d customers have this %(field)s; cannot tell which to update.")
                    % {"count": len(targets), "field": self._field_label(self.update_by)},
                )
                return
            if targets:
                row.target_id = targets[0][0]
        for key, found in matches.items():
            others = [m for m in found if m[0] != row.target_id]
            if not others:
                continue
            message = _("A customer with the same %(field)s exists, owned by %(owner)s.") % {
                "field": self._field_label(key),
                "owner": self.people.name_of(others[0][3]),
            }
            if key == "phone":  # a phone (alone or with the name) is a duplicate; a name alone a hint
                row.fail(key, message)
            else:
                row.hint(key, message)

    @staticmethod
    def _field_label(key: str) -> str:
        return _("name") if key == "name" else _("phone")

    def _check_editable(self, rows: list[CheckedRow]) -> None:
        ids = {row.target_id for row in rows if row.target_id is not None}
        editable = set(
            visible(self.actor, KIND, Customer.objects.filter(pk__in=ids), action="edit").values_list(
                "pk", flat=True
            )
        )
        for row in rows:
            if row.target_id not in editable:
                row.fail(self.update_by, _("It matches an existing customer you may not edit."))
                row.target_id = None


class CustomerWriter:
    indexes_created = True  # new customers go to the search index from the values written

    def __init__(self, actor: Any, options: ImportOptionsLike) -> None:
        self.actor = actor
        self.defaults = custom_defaults(KIND)
        self.search_keys = custom_keys_indexed(KIND)  # once, not per batch: see index_created
        self.summary = _("Imported")

    def write_batch(self, rows: Sequence[CheckedRow]) -> tuple[list[int], list[int]]:
        created = self._create([row for row in rows if row.target_id is None])
        updated = self._update([row for row in rows if row.target_id is not None])
        return created, updated

    def _create(self, rows: list[CheckedRow]) -> list[int]:
        if not rows:
            return []
        now = timezone.now()
        values = []
        customs = []
        for row in rows:
            data = dict(row.data or {})
            customs.append(with_defaults(self.defaults, split_custom(data)))
            owner_id = data.pop("owner", self.actor.pk)
            filled = {key: data.get(key, DEFAULTS[key]) for key in WRITTEN}
            values.append((filled, owner_id))
        ids = insert_rows(
            Customer,
            [*WRITTEN, "owner", "owned_since", "created_by", "custom"],
            [
                (*filled.values(), owner_id, now if owner_id else None, self.actor.pk, custom)
                for (filled, owner_id), custom in zip(values, customs, strict=True)
            ],
        )
        choice_values_join(
            list_key=OptionList.TAGS, values=[t for filled, _o in values for t in filled["tags"]]
        )
        append_rows(
            CustomerTag,
            ["customer", "tag"],
            ((pk, tag) for pk, (filled, _owner) in zip(ids, values, strict=True) for tag in filled["tags"]),
        )
        audit_records(
            actor=self.actor,
            action="create",
            kind=KIND,
            summary=self.summary,
            records=(
                (pk, filled["name"], {}, _filled({**filled, "owner": owner_id, **custom_log_values(custom)}))
                for pk, (filled, owner_id), custom in zip(ids, values, customs, strict=True)
            ),
        )
        index_created(
            KIND,
            zip(
                ids,
                (
                    {**filled, "custom": custom}
                    for (filled, _owner), custom in zip(values, customs, strict=True)
                ),
                strict=True,
            ),
            self.search_keys,
        )
        return ids

    def _update(self, rows: list[CheckedRow]) -> list[int]:
        if not rows:
            return []
        now = timezone.now()
        current = Customer.objects.select_for_update().in_bulk([row.target_id for row in rows])
        touched: set[str] = {"version", "updated_at"}
        entries, retagged = [], []
        for row in rows:
            customer, data = current[row.target_id], dict(row.data or {})
            before = _logged(customer)
            custom = split_custom(data)
            if custom:
                customer.custom = {**(customer.custom or {}), **custom}
                touched.add("custom")
            owner_id = data.pop("owner", customer.owner_id)
            if owner_id != customer.owner_id:
                customer.previous_owner_id, customer.owner_id, customer.owned_since = (
                    customer.owner_id,
                    owner_id,
                    now,
                )
                touched |= {"previous_owner", "owner", "owned_since"}
            for key, value in data.items():
                setattr(customer, key, value)
            touched |= set(data)
            if "tags" in data:
                retagged.append(customer)
            customer.version += 1
            customer.updated_at = now
            entries.append((customer.pk, customer.name, before, _logged(customer)))
        Customer.objects.bulk_update(list(current.values()), sorted(touched))
        choice_values_join(list_key=OptionList.TAGS, values=[t for c in retagged for t in c.tags])
        CustomerTag.objects.filter(customer__in=[c.pk for c in retagged]).delete()
        CustomerTag.objects.bulk_create(
            [CustomerTag(customer_id=c.pk, tag=t) for c in retagged for t in c.tags]
        )
        audit_records(actor=self.actor, action="update", kind=KIND, summary=self.summary, records=entries)
        return list(current)


def _filled(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value not in ("", None, [])}


def _logged(customer: Customer) -> dict[str, Any]:
    values = {key: getattr(customer, key) for key in WRITTEN}
    values["owner"] = customer.owner_id
    values.update(custom_log_values(customer.custom))
    return values


CUSTOMERS = ImportSpec(
    key="customers",
    kind=KIND,
    label=gettext_lazy("Customers"),
    fields=FIELDS,
    update_keys=UPDATE_KEYS,
    make_checker=CustomerChecker,
    make_writer=CustomerWriter,
)
