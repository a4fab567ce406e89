"""The columns of this app's lists: label, cell, export value, and for sortable ones the field sorted on and
the index that serves the sort. Cells and export values read only what the list's queryset loaded."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import TextChoices
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atrium.customers.models import CustomerStatus, CustomerType, LeadStatus, OptionList
from atrium.fields.choice_options import label_map
from atrium.lists.cells import choice_cell, link_cell, person_cell, tags_cell, yes_no_cell
from atrium.lists.specs import Column

PHONE = pgettext_lazy("customer field", "Phone")


def _labels(choices: type[TextChoices], name: str) -> Callable[[], Callable[[Any], Any]]:
    def export() -> Callable[[Any], Any]:
        labels = {value: str(label) for value, label in choices.choices}
        return lambda record: labels.get(getattr(record, name), getattr(record, name))

    return export


def _list_labels(list_key: str, name: str) -> Callable[[], Callable[[Any], Any]]:
    """A choice list's names of the stored values, read once per export."""

    def export() -> Callable[[Any], Any]:
        labels = dict(label_map(list_key))
        return lambda record: labels.get(getattr(record, name), getattr(record, name))

    return export


def _person(path: str, none: Any = "") -> Callable[[], Callable[[Any], Any]]:
    def export() -> Callable[[Any], Any]:
        none_text = str(none)

        def read(record: Any) -> Any:
            for part in path.split("."):
                record = getattr(record, part) if record is not None else None
            return record.name if record is not None else none_text

        return read

    return export


def _tags() -> Callable[[Any], Any]:
    return lambda record: "、".join(record.tags or [])


def _yes_no() -> Callable[[Any], Any]:
    yes, no = gettext_now("Yes"), gettext_now("No")
    return lambda record: yes if record.is_primary else no


def _customer_name() -> Callable[[Any], Any]:
    return lambda record: record.customer.name


def _created(index: str = "pk") -> Column:
    return Column("created_at", _("Created"), sort="id", index=index)


def _followed_up(index: str = "") -> Column:
    return Column("last_followup_at", _("Last follow-up"), sort="last_followup_at", index=index)


CUSTOMER_COLUMNS = [
    Column("name", _("Name"), cell=link_cell("customers:detail"), sort="name", index="customer_name_id"),
    Column("short_name", _("Short name")),
    Column("type", _("Type"), cell=choice_cell("type"), export=_labels(CustomerType, "type")),
    Column("industry", _("Industry"), sort="industry", index="customer_industry_id"),
    Column("source", _("Source"), sort="source", index="customer_source_id"),
    Column(
        "level",
        _("Level"),
        cell=choice_cell("level"),
        export=_list_labels(OptionList.LEVEL, "level"),
        sort="level",
        index="customer_level_id",
    ),
    Column(
        "status",
        _("Status"),
        cell=choice_cell("status"),
        export=_labels(CustomerStatus, "status"),
        sort="status",
        index="customer_status_id",
    ),
    Column("region", _("Region")),
    Column("address", _("Address")),
    Column("phone", PHONE),
    Column("email", _("E-mail")),
    Column("website", _("Website")),
    Column("tags", _("Tags"), cell=tags_cell(), export=_tags),
    Column(
        "owner", _("Owner"), cell=person_cell("owner", _("Customer pool")), export=_person("owner", _("Pool"))
    ),
    _created("customer_owner_id"),
    Column("updated_at", _("Updated"), sort="updated_at"),
    _followed_up("customer_owner_lastfu"),
    Column("next_followup_at", _("Next follow-up"), sort="next_followup_at", index="customer_owner_nextfu"),
]

CONTACT_COLUMNS = [
    Column(
        "name", _("Name"), cell=link_cell("customers:contact_detail"), sort="name", index="contact_name_id"
    ),
    Column(
        "customer",
        _("Customer"),
        cell=link_cell("customers:detail", record="customer"),
        export=_customer_name,
    ),
    Column("title", _("Job title")),
    Column("phone", PHONE),
    Column("mobile", _("Mobile")),
    Column("email", _("E-mail")),
    Column("wechat", _("WeChat")),
    Column("birthday", _("Birthday")),
    Column("is_primary", _("Primary contact"), cell=yes_no_cell("is_primary"), export=_yes_no),
    Column(
        "owner",
        _("Owner"),
        cell=person_cell("customer.owner", _("Customer pool")),
        export=_person("customer.owner"),
    ),
    _created(),
    _followed_up(),
]

LEAD_COLUMNS = [
    Column("name", _("Name"), cell=link_cell("customers:lead_detail"), sort="name"),
    Column("company", _("Company"), sort="company"),
    Column("phone", PHONE),
    Column("email", _("E-mail")),
    Column("source", _("Source"), sort="source"),
    Column(
        "status",
        _("Status"),
        cell=choice_cell("status"),
        export=_labels(LeadStatus, "status"),
        sort="status",
        index="lead_status_id",
    ),
    Column("address", _("Address")),
    Column("owner", _("Owner"), cell=person_cell("owner"), export=_person("owner", _("Pool"))),
    _created("lead_owner_id"),
    _followed_up(),
    Column("next_followup_at", _("Next follow-up"), sort="next_followup_at"),
]

POOL_COLUMNS = [
    CUSTOMER_COLUMNS[0],
    Column("type", _("Type"), cell=choice_cell("type"), export=_labels(CustomerType, "type")),
    Column("industry", _("Industry"), sort="industry", index="customer_industry_id"),
    Column("source", _("Source"), sort="source", index="customer_source_id"),
    Column(
        "level",
        _("Level"),
        cell=choice_cell("level"),
        export=_list_labels(OptionList.LEVEL, "level"),
        sort="level",
        index="customer_level_id",
    ),
    Column("region", _("Region")),
    Column("phone", PHONE),
    Column("tags", _("Tags"), cell=tags_cell(), export=_tags),
    Column(
        "previous_owner",
        _("Previous owner"),
        cell=person_cell("previous_owner"),
        export=_person("previous_owner"),
    ),
    Column("owned_since", _("In the pool since"), sort="owned_since"),
    _created("customer_owner_id"),
    _followed_up("customer_owner_lastfu"),
]

FOLLOWUP_COLUMNS = [
    Column("happened_at", _("time")),
    Column(
        "type", _("type"), cell=choice_cell("type"), export=_list_labels(OptionList.FOLLOWUP_TYPE, "type")
    ),
    Column("content", _("content")),
    Column("owner", _("written by"), cell=person_cell("owner"), export=_person("owner")),
    _created("pk"),
]
