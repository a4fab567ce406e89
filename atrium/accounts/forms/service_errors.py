"""Putting a service's per-field messages beside the fields of the form that sent them."""

from __future__ import annotations

from django import forms

from atrium.core.errors import ServiceError


def show_service_errors(form: forms.Form, error: ServiceError) -> forms.Form:
    """Field messages go beside their field; the others (and the overall message) above the form."""
    for name, messages in error.fields.items():
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)
    if not error.fields:
        form.add_error(None, error.message)
    return form
