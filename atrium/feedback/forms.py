"""The forms of feedback: what they parse; the rules (required, lengths, an image) are the service's."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atrium.feedback.models import ANSWER_MAX, TEXT_MAX, Feedback


class FeedbackForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Type"), choices=Feedback.Category.choices, initial=Feedback.Category.SUGGESTION
    )
    text = forms.CharField(
        label=pgettext_lazy("feedback", "Content"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": TEXT_MAX}),
        help_text=_("What would you like to change, or what went wrong (and on which page)?"),
    )
    screenshot = forms.FileField(
        label=_("Screenshot (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
        help_text=_("A PNG, JPEG, GIF or WebP image of at most 5 MB."),
    )
    page = forms.CharField(required=False, widget=forms.HiddenInput, max_length=300)


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Feedback.Status.choices)
    answer = forms.CharField(
        label=_("Answer"), required=False, widget=forms.Textarea(attrs={"rows": 5, "maxlength": ANSWER_MAX})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
