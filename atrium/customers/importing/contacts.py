"""Importing contacts: each row names its customer (one the importer may edit, by exact name); duplicates are
the same mobile or phone at the same customer (the same name alone is a hint); update by mobile, phone, e-mail or name (at the same customer)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from atrium.core.access import visible
from atrium.core.audit import audit_records
from atrium.core.bulk_insert import insert_instances
from atrium.core.custom_values import custom_log_values
from atrium.customers.importing.cleaning import clean_cells, in_file_duplicate
from atrium.customers.models import Contact, Customer
from atrium.customers.validation import clean_bool, clean_date, clean_email, clean_phone, clean_text
from atrium.fields.importing import (
    custom_cleaners,
    custom_defaults,
    required_custom_keys,
    split_custom,
    unique_import_check,
    with_defaults,
)
from atrium.imports.registry import CheckedRow, ImportField, ImportOptionsLike, ImportSpec, SourceRow

KIND = "contact"
FIELDS = (
    ImportField(
        "customer",
        gettext_lazy("Customer"),
        ("客户名称", "客户", "所属客户", "公司", "公司名称", "单位", "customer", "customer name", "company"),
        required=True,
    ),
    ImportField(
        "name",
        gettext_lazy("Contact name"),
        ("联系人", "姓名", "联系人姓名", "名称", "name", "contact", "contact name"),
        required=True,
    ),
    ImportField("title", gettext_lazy("Job title"), ("职务", "职位", "title", "job title", "position")),
    ImportField(
        "phone",
        pgettext_lazy("customer field", "Phone"),
        ("电话", "座机", "办公电话", "联系电话", "phone", "tel"),
    ),
    ImportField("mobile", gettext_lazy("Mobile"), ("手机", "手机号", "手机号码", "mobile")),
    ImportField("email", gettext_lazy("E-mail"), ("邮箱", "电子邮件", "邮件", "电子邮箱", "email", "mail")),
    ImportField("wechat", gettext_lazy("WeChat"), ("微信", "微信号", "wechat")),
    ImportField("birthday", gettext_lazy("Birthday"), ("生日", "出生日期", "birthday")),
    ImportField(
        "is_primary", gettext_lazy("Primary contact"), ("主联系人", "首要联系人", "是否主联系人", "primary")
    ),
    ImportField("notes", gettext_lazy("Notes"), ("备注", "说明", "notes", "note", "remark")),
)
FIELD_LABELS = {field.key: field.label for field in FIELDS}
UPDATE_KEYS = ("mobile", "phone", "email", "name")
WRITTEN = ("name", "title", "phone", "mobile", "email", "wechat", "birthday", "is_primary", "notes")


class ContactChecker:
    def __init__(self, actor: Any, options: ImportOptionsLike) -> None:
        self.actor, self.update_by = actor, options.update_by
        self.key = options.update_by or "name"
        self.cleaners = {
            "customer": lambda v: clean_text(v, max_length=200, required=True),
            "name": lambda v: clean_text(v, max_length=100, required=True),
            "title": lambda v: clean_text(v, max_length=100),
            "phone": clean_phone,
            "mobile": clean_phone,
            "email": clean_email,
            "wechat": lambda v: clean_text(v, max_length=64),
            "birthday": lambda v: clean_date(v, not_in_future=True),
            "is_primary": clean_bool,
            "notes": lambda v: clean_text(v, max_length=10000),
            **custom_cleaners(actor, KIND),
        }
        self.required = ("customer", "name", *required_custom_keys(actor, KIND))
        self.unique = unique_import_check(KIND)
        self.customers = visible(actor, "customer", Customer.objects.filter(is_archived=False), action="edit")
        # A contact's mobile or phone (and the update key) at its customer names one person; a name alone
        # does not (a hint).
        self.duplicate_keys = {"mobile", "phone", *([options.update_by] if options.update_by else [])}
        self.compared = tuple(dict.fromkeys(("name", "mobile", "phone", *self.duplicate_keys)))
        self.seen: dict[str, dict[Any, int]] = {key: {} for key in self.compared}

    def check_batch(self, rows: Sequence[SourceRow]) -> list[CheckedRow]:
        checked = [clean_cells(row, self.cleaners, self.required) for row in rows]
        good = [row for row in checked if row.ok]
        self._resolve_customers(good)
        good = [row for row in good if row.ok]
        for row in good:
            self._in_file(row)
        self._against_database([row for row in good if row.ok])
        self.unique.check(checked)
        return checked

    def _in_file(self, row: CheckedRow) -> None:
        """The same mobile or phone (or update key) at the same customer as an earlier line is a duplicate;
        the same name alone only a hint, as for customers (two 王总 at one company are often two people)."""
        data = row.data or {}
        for key in self.compared:
            value = data.get(key)
            folded = value.casefold() if isinstance(value, str) else value
            earlier = in_file_duplicate(
                self.seen[key], (data["customer_id"], folded) if value else None, row.line
            )
            if earlier is None:
                continue
            if key in self.duplicate_keys:
                row.fail(key, _("Same contact as line %(line)d.") % {"line": earlier})
            else:
                row.hint(
                    key, _("Same name as line %(line)d: check that they are different.") % {"line": earlier}
                )

    def _resolve_customers(self, rows: list[CheckedRow]) -> None:
        names = {row.data["customer"] for row in rows if row.data}
        found: dict[str, list[int]] = {}
        for pk, name in self.customers.filter(name__in=names).values_list("id", "name"):
            found.setdefault(name, []).append(pk)
        for row in rows:
            data = row.data or {}
            ids = found.get(data.get("customer", ""), [])
            if len(ids) != 1:
                message = (
                    _("Several customers are called “%(name)s”.")
                    if ids
                    else _("No customer “%(name)s” that you may edit.")
                )
                row.fail("customer", message % {"name": data.get("customer")})
                continue
            data["customer_id"] = ids[0]
            del data["customer"]

    def _against_database(self, rows: list[CheckedRow]) -> None:
        if not rows:
            return
        existing = self._existing(rows)
        for row in rows:
            data = row.data or {}
            matches = {
                key: existing.get((key, data["customer_id"], data[key]), [])
                for key in self.compared
                if data.get(key)
            }
            if self.update_by:
                targets = matches.get(self.update_by, [])
                if len(targets) > 1:
                    row.fail(
                        self.update_by,
                        _("%(count)d contacts match; cannot tell which to update.") % {"count": len(targets)},
                    )
                    continue
                row.target_id = targets[0] if targets else None
            for key, found in matches.items():
                if not [pk for pk in found if pk != row.target_id]:
                    continue
                if key in self.duplicate_keys:
                    row.fail(
                        key,
                        _("This customer already has a contact with the same %(field)s.")
                        % {"field": str(FIELD_LABELS[key]).lower()},
                    )
                else:  # a name alone: a hint, the row is still imported
                    row.hint(key, _("This customer already has a contact with this name."))
        self._check_editable(rows)

    def _existing(self, rows: list[CheckedRow]) -> dict[tuple, list[int]]:
        """(field key, customer id, value) → the contacts with it, among the rows' customers."""
        customer_ids = {row.data["customer_id"] for row in rows if row.data}
        match = Q()
        for key in self.compared:
            values = {row.data[key] for row in rows if row.data and row.data.get(key)}
            if values:
                match |= Q(**{f"{key}__in": values})
        existing: dict[tuple, list[int]] = {}
        found = Contact.objects.filter(match, customer_id__in=customer_ids)
        for values in found.values("id", "customer_id", *self.compared):
            for key in self.compared:
                if values[key]:
                    existing.setdefault((key, values["customer_id"], values[key]), []).append(values["id"])
        return existing

    def _check_editable(self, rows: list[CheckedRow]) -> None:
        targets = {row.target_id for row in rows if row.target_id}
        editable = set(
            visible(self.actor, KIND, Contact.objects.filter(pk__in=targets), action="edit").values_list(
                "pk", flat=True
            )
        )
        for row in rows:
            if row.target_id is not None and row.target_id not in editable:
                row.fail(self.key, _("It matches an existing contact you may not edit."))
                row.target_id = None


class ContactWriter:
    indexes_created = False  # the engine reindexes what it wrote

    def __init__(self, actor: Any, options: ImportOptionsLike) -> None:
        self.actor = actor
        self.defaults = custom_defaults(KIND)

    def write_batch(self, rows: Sequence[CheckedRow]) -> tuple[list[int], list[int]]:
        created = [self._new(dict(row.data or {})) for row in rows if row.target_id is None]
        insert_instances(created)
        updated, entries = self._apply_updates([row for row in rows if row.target_id is not None])
        summary = _("Imported")
        audit_records(
            actor=self.actor,
            action="create",
            kind=KIND,
            summary=summary,
            records=((c.pk, c.name, {}, _logged(c, only_filled=True)) for c in created),
        )
        audit_records(actor=self.actor, action="update", kind=KIND, summary=summary, records=entries)
        return [c.pk for c in created], updated

    def _new(self, data: dict[str, Any]) -> Contact:
        custom = with_defaults(self.defaults, split_custom(data))  # takes the custom values out of data
        return Contact(**data, custom=custom)

    def _apply_updates(self, rows: list[CheckedRow]) -> tuple[list[int], list[tuple]]:
        if not rows:
            return [], []
        current = Contact.objects.select_for_update().in_bulk([row.target_id for row in rows])
        touched, entries = {"version", "updated_at"}, []
        for row in rows:
            contact, data = current[row.target_id], dict(row.data or {})
            data.pop("customer_id", None)
            before = _logged(contact)
            custom = split_custom(data)
            if custom:
                contact.custom = {**(contact.custom or {}), **custom}
                touched.add("custom")
            for key, value in data.items():
                setattr(contact, key, value)
            touched |= set(data)
            contact.version += 1
            contact.updated_at = timezone.now()
            entries.append((contact.pk, contact.name, before, _logged(contact)))
        Contact.objects.bulk_update(list(current.values()), sorted(touched))
        return list(current), entries


def _logged(contact: Contact, only_filled: bool = False) -> dict[str, Any]:
    values = {key: getattr(contact, key) for key in WRITTEN}
    values["customer"] = contact.customer_id
    values.update(custom_log_values(contact.custom))
    return {k: v for k, v in values.items() if v not in ("", None, False)} if only_filled else values


CONTACTS = ImportSpec(
    key="contacts",
    kind=KIND,
    label=gettext_lazy("Contacts"),
    fields=FIELDS,
    update_keys=UPDATE_KEYS,
    make_checker=ContactChecker,
    make_writer=ContactWriter,
)
