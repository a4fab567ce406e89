"""Forms of customers, contacts and leads: create and edit (edit carries the record's ``version``)."""

from __future__ import annotations

from typing import Any, Self

from django import forms
from django.utils.translation import gettext_lazy as _

from atrium.customers.forms.parsing import PickField, TagsField, data_of
from atrium.customers.models import CustomerStatus, CustomerType, LeadStatus, OptionList
from atrium.fields.choice_options import active_choices
from atrium.fields.record_forms import CustomFieldsForm

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class _RecordForm(CustomFieldsForm):
    """Offers the active options of the choice lists (industry, source, level; the record's present value stays
    offered when its option was retired) and gives the services a plain dict of the fields."""

    fields_for_service: tuple[str, ...] = ()
    choice_lists = {"industry": OptionList.INDUSTRY, "source": OptionList.SOURCE, "level": OptionList.LEVEL}

    def offer(self) -> Self:
        current = self.data if self.is_bound else self.initial
        for name, list_key in self.choice_lists.items():
            if name in self.fields:
                choices = active_choices(list_key, keep=str(current.get(name) or ""))
                self.fields[name].offer(choices)  # type: ignore[attr-defined]
        return self

    def values(self) -> dict[str, Any]:
        data = data_of(self, self.fields_for_service)
        custom = self.custom_values()
        if custom is not None:
            data["custom"] = custom
        return data


class CustomerForm(_RecordForm):
    name = forms.CharField(label=_("Customer name"), max_length=200)
    type = PickField(label=_("Type"), choices=CustomerType.choices, blank=False)
    short_name = forms.CharField(label=_("Short name"), max_length=100, required=False)
    industry = PickField(label=_("Industry"))
    source = PickField(label=_("Source"))
    level = PickField(label=_("Level"))
    status = PickField(label=_("Status"), choices=CustomerStatus.choices, blank=False)
    phone = forms.CharField(label=_("Telephone"), max_length=32, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    website = forms.CharField(label=_("Website"), max_length=300, required=False)
    region = forms.CharField(label=_("Region"), max_length=100, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    tags = TagsField(label=_("Tags"))
    notes = forms.CharField(label=_("Notes"), required=False, widget=TEXTAREA)

    fields_for_service = (
        "name",
        "type",
        "short_name",
        "industry",
        "source",
        "level",
        "status",
        "phone",
        "email",
        "website",
        "region",
        "address",
        "tags",
        "notes",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.input_type = "tel"
        self.fields["email"].widget.input_type = "email"
        self.fields["website"].widget.input_type = "url"


class CustomerEditForm(CustomerForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ContactForm(_RecordForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    title = forms.CharField(label=_("Job title"), max_length=100, required=False)
    mobile = forms.CharField(label=_("Mobile"), max_length=32, required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=32, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    wechat = forms.CharField(label=_("WeChat"), max_length=64, required=False)
    birthday = forms.DateField(
        label=_("Birthday"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    is_primary = forms.BooleanField(label=_("Primary contact"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=TEXTAREA)

    fields_for_service = (
        "name",
        "title",
        "mobile",
        "phone",
        "email",
        "wechat",
        "birthday",
        "is_primary",
        "notes",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("mobile", "phone"):
            self.fields[name].widget.input_type = "tel"
        self.fields["email"].widget.input_type = "email"


class ContactEditForm(ContactForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class LeadForm(_RecordForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    company = forms.CharField(label=_("Company"), max_length=200, required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=32, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    source = PickField(label=_("Source"))
    status = PickField(label=_("Status"), choices=LeadStatus.choices, blank=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=TEXTAREA)

    fields_for_service = ("name", "company", "phone", "email", "source", "status", "address", "notes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.input_type = "tel"
        self.fields["email"].widget.input_type = "email"


class LeadEditForm(LeadForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


def initial_of(record: Any, form_class: type[_RecordForm]) -> dict[str, Any]:
    """The form's starting values from a record (and its version for an edit form)."""
    names = [*form_class.fields_for_service, "version"]
    return {name: getattr(record, name) for name in names if name in form_class.base_fields}
