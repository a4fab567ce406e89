"""The company profile's form: what it parses; the rules (required, the credit code, images) are the service's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atrium.company.models import ADDRESS_MAX, BANK_NAME_MAX, LEGAL_NAME_MAX, SHORT_NAME_MAX
from atrium.core.image_files import IMAGE_ACCEPT


def _image(label: Any, help_text: Any) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=help_text,
    )


class CompanyProfileForm(forms.Form):
    legal_name = forms.CharField(
        label=_("Legal name"),
        required=False,
        max_length=LEGAL_NAME_MAX * 2,  # the service words the limit
        help_text=_("As on the business licence; used on documents and in e-mails."),
    )
    short_name = forms.CharField(
        label=_("Company short name"),
        required=False,
        max_length=SHORT_NAME_MAX * 4,
        help_text=_("Shown in the header beside the logo, e.g. 筑城装饰."),
    )
    logo = _image(_("Logo"), _("A PNG, JPEG, GIF or WebP image of at most 2 MB."))
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    address = forms.CharField(label=_("Address"), required=False, max_length=ADDRESS_MAX * 2)
    phone = forms.CharField(label=_("Telephone"), required=False, max_length=80)
    tax_id = forms.CharField(
        label=_("Unified social credit code"),
        required=False,
        max_length=80,
        help_text=_("18 characters, as on the business licence."),
    )
    bank_name = forms.CharField(label=_("Bank"), required=False, max_length=BANK_NAME_MAX * 2)
    bank_account = forms.CharField(label=_("Bank account"), required=False, max_length=80)
    seal = _image(
        _("Company seal"),
        _("An image of the seal for documents (PNG with a transparent background is best)."),
    )
    remove_seal = forms.BooleanField(label=_("Remove the seal image"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)
