"""Importing leads: duplicates by phone (inside the file and among existing leads), update by phone, e-mail
or name, owner by username or display name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from atrium.core.access import visible
from atrium.core.audit import audit_records
from atrium.core.bulk_insert import insert_instances
from atrium.core.custom_values import custom_log_values
from atrium.customers.importing.cleaning import (
    People,
    choice_cleaner,
    clean_cells,
    in_file_duplicate,
    option_cleaner,
)
from atrium.customers.models import Lead, LeadStatus, OptionList
from atrium.customers.validation import active_option_values, clean_email, clean_phone, clean_text
from atrium.fields.choice_importing import ChoiceListSource
from atrium.fields.importing import (
    custom_cleaners,
    custom_defaults,
    required_custom_keys,
    split_custom,
    unique_import_check,
    with_defaults,
)
from atrium.imports.registry import CheckedRow, ImportField, ImportOptionsLike, ImportSpec, SourceRow

KIND = "lead"
FIELDS = (
    ImportField(
        "name",
        gettext_lazy("Lead name"),
        ("姓名", "联系人", "线索名称", "线索", "名称", "客户姓名", "name", "lead", "lead name", "contact"),
        required=True,
    ),
    ImportField(
        "company", gettext_lazy("Company"), ("公司", "公司名称", "单位", "单位名称", "客户名称", "company")
    ),
    ImportField(
        "phone",
        pgettext_lazy("customer field", "Phone"),
        ("电话", "手机", "联系电话", "手机号", "手机号码", "电话号码", "phone", "mobile", "tel"),
    ),
    ImportField("email", gettext_lazy("E-mail"), ("邮箱", "电子邮件", "邮件", "电子邮箱", "email", "mail")),
    ImportField(
        "source",
        gettext_lazy("Source"),
        ("来源", "线索来源", "source"),
        options=ChoiceListSource(OptionList.SOURCE),
    ),
    ImportField("status", gettext_lazy("Status"), ("状态", "线索状态", "status")),
    ImportField("address", gettext_lazy("Address"), ("地址", "详细地址", "address")),
    ImportField("notes", gettext_lazy("Notes"), ("备注", "说明", "notes", "note", "remark")),
    ImportField("owner", gettext_lazy("Owner"), ("负责人", "所有者", "owner")),
)
UPDATE_KEYS = ("phone", "email", "name")
WRITTEN = ("name", "company", "phone", "email", "source", "status", "address", "notes")
OPEN_STATUSES = [s for s in LeadStatus.values if s != LeadStatus.CONVERTED]


class LeadChecker:
    def __init__(self, actor: Any, options: ImportOptionsLike) -> None:
        self.actor, self.update_by = actor, options.update_by
        self.people = People(actor, KIND)
        self.cleaners = {
            "name": lambda v: clean_text(v, max_length=100, required=True),
            "company": lambda v: clean_text(v, max_length=200),
            "phone": clean_phone,
            "email": clean_email,
            "source": option_cleaner(active_option_values(OptionList.SOURCE), options.values.get("source")),
            "status": choice_cleaner(LeadStatus, allowed=OPEN_STATUSES),
            "address": lambda v: clean_text(v, max_length=300),
            "notes": lambda v: clean_text(v, max_length=10000),
            "owner": self.people.owner,
            **custom_cleaners(actor, KIND),
        }
        self.required = ("name", *required_custom_keys(actor, KIND))
        self.unique = unique_import_check(KIND)
        self.seen: dict[str, dict[str, int]] = {"phone": {}, self.update_by or "phone": {}}

    def check_batch(self, rows: Sequence[SourceRow]) -> list[CheckedRow]:
        checked = [clean_cells(row, self.cleaners, self.required) for row in rows]
        for row in checked:
            for key in self.seen:
                earlier = (
                    in_file_duplicate(self.seen[key], (row.data or {}).get(key), row.line) if row.ok else None
                )
                if earlier is not None:
                    row.fail(key, _("Same value as line %(line)d.") % {"line": earlier})
        self._against_database([row for row in checked if row.ok])
        self.unique.check(checked)
        return checked

    def _against_database(self, rows: list[CheckedRow]) -> None:
        if not rows:
            return
        phones = {row.data["phone"] for row in rows if row.data and row.data.get("phone")}
        by_phone: dict[str, list[tuple]] = {}
        for pk, phone, owner_id in Lead.objects.filter(phone__in=phones).values_list(
            "id", "phone", "owner_id"
        ):
            by_phone.setdefault(phone, []).append((pk, owner_id))
        by_key: dict[str, list[tuple]] = by_phone
        if self.update_by and self.update_by != "phone":
            keys = {row.data[self.update_by] for row in rows if row.data and row.data.get(self.update_by)}
            by_key = {}
            lookup = {f"{self.update_by}__in": keys}
            for pk, value, owner_id in Lead.objects.filter(**lookup).values_list(
                "id", self.update_by, "owner_id"
            ):
                by_key.setdefault(value, []).append((pk, owner_id))
        for row in rows:
            self._match_row(row, by_phone, by_key)
        targets = {row.target_id for row in rows if row.target_id}
        editable = set(
            visible(self.actor, KIND, Lead.objects.filter(pk__in=targets), action="edit").values_list(
                "pk", flat=True
            )
        )
        for row in rows:
            if row.target_id is not None and row.target_id not in editable:
                row.fail(self.update_by, _("It matches an existing lead you may not edit."))
                row.target_id = None

    def _match_row(self, row: CheckedRow, by_phone: dict, by_key: dict) -> None:
        data = row.data or {}
        if self.update_by:
            targets = by_key.get(data.get(self.update_by, ""), [])
            if len(targets) > 1:
                row.fail(
                    self.update_by,
                    _("%(count)d leads match; cannot tell which to update.") % {"count": len(targets)},
                )
                return
            row.target_id = targets[0][0] if targets else None
        others = [m for m in by_phone.get(data.get("phone", ""), []) if m[0] != row.target_id]
        if others:
            row.fail(
                "phone",
                _("A lead with the same phone exists, owned by %(owner)s.")
                % {"owner": self.people.name_of(others[0][1])},
            )


class LeadWriter:
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
            records=((lead.pk, lead.name, {}, _logged(lead, only_filled=True)) for lead in created),
        )
        audit_records(actor=self.actor, action="update", kind=KIND, summary=summary, records=entries)
        return [lead.pk for lead in created], [lead.pk for lead in updated]

    def _new(self, data: dict[str, Any]) -> Lead:
        owner_id = data.pop("owner", self.actor.pk)
        custom = with_defaults(self.defaults, split_custom(data))
        return Lead(**data, owner_id=owner_id, created_by_id=self.actor.pk, custom=custom)

    def _apply_updates(self, rows: list[CheckedRow]) -> tuple[list[Lead], list[tuple]]:
        if not rows:
            return [], []
        current = Lead.objects.select_for_update().in_bulk([row.target_id for row in rows])
        touched, entries = {"version", "updated_at"}, []
        for row in rows:
            lead, data = current[row.target_id], dict(row.data or {})
            before = _logged(lead)
            custom = split_custom(data)
            if custom:
                lead.custom = {**(lead.custom or {}), **custom}
                touched.add("custom")
            if "owner" in data:
                lead.owner_id = data.pop("owner")
                touched.add("owner")
            for key, value in data.items():
                setattr(lead, key, value)
            touched |= set(data)
            lead.version += 1
            lead.updated_at = timezone.now()
            entries.append((lead.pk, lead.name, before, _logged(lead)))
        Lead.objects.bulk_update(list(current.values()), sorted(touched))
        return list(current.values()), entries


def _logged(lead: Lead, only_filled: bool = False) -> dict[str, Any]:
    values = {key: getattr(lead, key) for key in WRITTEN}
    values["owner"] = lead.owner_id
    values.update(custom_log_values(lead.custom))
    return {k: v for k, v in values.items() if v not in ("", None)} if only_filled else values


LEADS = ImportSpec(
    key="leads",
    kind=KIND,
    label=gettext_lazy("Leads"),
    fields=FIELDS,
    update_keys=UPDATE_KEYS,
    make_checker=LeadChecker,
    make_writer=LeadWriter,
)
