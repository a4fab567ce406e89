"""Submitting an HTML form to one service, and running one button action, the same way on every page.

``submit_form``: on POST the form is validated and ``write(cleaned_data)`` (a closure calling one service) runs.
A refusal (``ServiceError``) is shown in the form, beside the fields it names (the rest above the form), with
400; a stale version (``Conflict``) answers 409 and keeps the input; ``Forbidden`` and ``NotFound`` are not
caught: ``core.refusal_pages`` turns them into the 403/404 page. Success flashes a message and redirects
(HTMX follows with a full page load). Otherwise the form is rendered: the page, or for HTMX the fragment alone.

``run_action``: a button without a form (claim, release, delete): success flashes its message, a refusal its
first message, and both go back to the page the button was on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect as redirect_to
from django.shortcuts import render

from atrium.core.errors import Conflict, Forbidden, NotFound, ServiceError, ValidationFailed

# A message or a URL, fixed or made from what the service returned (the new record's name or address).
FromResult = str | Callable[[Any], str]


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def go_to(request: HttpRequest, url: str) -> HttpResponse:
    """After a successful write: HTMX follows with a full page load, a plain form post with a redirect."""
    if is_htmx(request):
        response = HttpResponse()
        response["HX-Redirect"] = url
        return response
    return redirect_to(url)


def render_form(
    request: HttpRequest, page: str, fragment: str, context: Mapping[str, Any], status: int = 200
) -> HttpResponse:
    """The form alone (with its errors) for HTMX, which swaps it in place; else the whole page. HTMX does not
    swap 4xx answers, so the fragment answers 200 and says the outcome in ``X-Form-Status``."""
    if is_htmx(request):
        response = render(request, fragment, context)
        response["X-Form-Status"] = str(status)
        return response
    return render(request, page, context, status=status)


def first_message(exc: ServiceError) -> str:
    """The one line to show for a refused action: the first field message, else the overall one."""
    for field_messages in exc.fields.values():
        if field_messages:
            return field_messages[0]
    return exc.message


def show_service_errors(form: forms.Form, error: ServiceError) -> forms.Form:
    """Field messages go beside their field; the others (and the overall message) above the form."""
    for name, field_messages in error.fields.items():
        target = name if name in form.fields else None
        for message in field_messages:
            form.add_error(target, message)
    if not error.fields:
        form.add_error(None, error.message)
    return form


def _made(value: FromResult, result: Any) -> str:
    return value(result) if callable(value) else value


def _refused(form: forms.Form, exc: ServiceError, context: dict[str, Any], stale_banner: bool) -> int:
    """Put a refusal in the form (or the context) and say the status to answer with."""
    hints = list(getattr(exc, "hints", None) or [])
    if isinstance(exc, Conflict) and stale_banner:
        context["stale"] = True
    elif hints:
        context["hints"] = hints
    else:
        show_service_errors(form, exc)
    return 409 if isinstance(exc, Conflict) else 400


def submit_form(
    request: HttpRequest,
    form: forms.Form,
    write: Callable[[dict[str, Any]], Any],
    *,
    success: FromResult,
    redirect: FromResult,
    template: str | Callable[[int], HttpResponse],
    fragment: str | None = None,
    context: dict[str, Any] | None = None,
    stale_banner: bool = False,
    allowed: Callable[[], Any] | None = None,
) -> HttpResponse:
    """Validate, write, then redirect with ``success``, or render the form with its errors.

    ``allowed`` checks the right before the input is looked at (it raises NotFound or Forbidden): someone
    refused the change is not told which of their values were wrong.

    ``success`` and ``redirect`` may be functions of what ``write`` returned. ``template`` is the page, or a
    function ``status -> response`` for a page that holds several forms. ``context`` defaults to
    ``{"form": form}``. With ``stale_banner`` a stale version sets ``stale`` in the context (the template shows
    its own notice) instead of putting the message above the form. An error that carries ``hints`` (the likely
    duplicates) puts them in the context as ``hints``.
    """
    context = {"form": form} if context is None else context
    status = 200
    if request.method == "POST":
        status = 400
        if allowed is not None:
            allowed()
        if form.is_valid():
            try:
                result = write(form.cleaned_data)
            except (Forbidden, NotFound):
                raise
            except ServiceError as exc:
                status = _refused(form, exc, context, stale_banner)
            else:
                messages.success(request, _made(success, result))
                return go_to(request, _made(redirect, result))
    if callable(template):
        return template(status)
    if fragment is None:
        return render(request, template, context, status=status)
    return render_form(request, template, fragment, context, status)


def run_action(
    request: HttpRequest, action: Callable[[], Any], *, success: FromResult, redirect: FromResult
) -> HttpResponse:
    """Run one button action; its refusal (limit reached, not the owner …) is flashed on the page it goes to."""
    try:
        result = action()
    except (Forbidden, NotFound):
        raise
    except ServiceError as exc:
        messages.error(request, first_message(exc))
        result = None
    else:
        messages.success(request, _made(success, result))
    return go_to(request, _made(redirect, result))


def place_row_errors(rows: list[Any], error: ValidationFailed, key: str, message: str) -> ValidationFailed:
    """A service's refusal of rows (``<key>.<n>.<field>``, n counting the filled rows from 1) put beside that
    row's field in ``rows`` (the filled forms of a formset, in order); what remains (other fields, the overall
    message) goes back to the page's form, under ``message`` when anything was placed."""
    rest: dict[str, list[str]] = {}
    placed = False
    for name, field_messages in error.fields.items():
        parts = name.split(".")
        if parts[0] == key and len(parts) == 3 and parts[1].isdigit() and 0 < int(parts[1]) <= len(rows):
            form = rows[int(parts[1]) - 1]
            for text in field_messages:
                form.add_error(parts[2] if parts[2] in form.fields and parts[2] != "id" else None, text)
            placed = True
        else:
            rest[name] = list(field_messages)
    if placed:
        return ValidationFailed(rest, message)
    return error
