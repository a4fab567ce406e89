"""The custom-fields settings pages (自定义字段): the fields of each kind, a new field, one field's page (edit,
who sees it, retire / restore, delete)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atrium.accounts.models import Role
from atrium.core.access import can, get_visible, require
from atrium.core.errors import Forbidden, NotFound
from atrium.core.form_submit import run_action, submit_form
from atrium.fields.forms import FieldDefinitionForm, FieldEditForm, initial_of_definition
from atrium.fields.models import FieldDefinition
from atrium.fields.registry import custom_kind, custom_kinds
from atrium.fields.services import (
    field_create,
    field_delete,
    field_restore,
    field_retire,
    field_update,
    records_holding,
)


def _kind_of(request: HttpRequest) -> str:
    kinds = custom_kinds()
    wanted = request.GET.get("kind") or kinds[0].kind
    if custom_kind(wanted) is None:
        raise NotFound(_("There is no such kind of record."))
    return wanted


@login_required
def field_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "custom_field", "view")
    kind = _kind_of(request)
    may_create = can(request.user, "custom_field", "create")
    if request.method == "POST" and not may_create:
        raise Forbidden()
    form = FieldDefinitionForm(request.POST or None)
    return submit_form(
        request,
        form,
        lambda _data: field_create(actor=request.user, kind=kind, data=form.values()),
        success=lambda field: _("The field %(label)s was added.") % {"label": field.label},
        redirect=lambda field: reverse("fields:detail", args=[field.pk]),
        template="fields/field_list.html",
        context={
            "kinds": custom_kinds(),
            "kind": custom_kind(kind),
            "definitions": FieldDefinition.objects.filter(kind=kind).order_by("retired_at", "position", "id"),
            "form": form,
            "may_create": may_create,
        },
    )


@login_required
def field_detail(request: HttpRequest, field_id: int) -> HttpResponse:
    definition: FieldDefinition = get_visible(request.user, "custom_field", field_id)
    may_edit = can(request.user, "custom_field", "edit")
    if request.method == "POST" and not may_edit:
        raise Forbidden()
    roles = list(Role.objects.order_by("id").values_list("code", "name"))
    form = FieldEditForm(request.POST or None, roles=roles, initial=initial_of_definition(definition))
    return submit_form(
        request,
        form,
        lambda data: field_update(
            actor=request.user, field=definition, data=form.values(), version=data["version"]
        ),
        success=_("The changes were saved."),
        redirect=reverse("fields:detail", args=[field_id]),
        template="fields/field_detail.html",
        context={
            "definition": definition,
            "kind": custom_kind(definition.kind),
            "form": form,
            "may_edit": may_edit,
            "may_delete": can(request.user, "custom_field", "delete"),
            "holding": records_holding(definition).count() if definition.is_retired else None,
        },
        stale_banner=True,
    )


@login_required
@require_POST
def field_retire_view(request: HttpRequest, field_id: int) -> HttpResponse:
    return run_action(
        request,
        lambda: field_retire(actor=request.user, field=field_id, version=request.POST.get("version")),
        success=_("The field was retired: it is hidden everywhere and its values are kept."),
        redirect=reverse("fields:detail", args=[field_id]),
    )


@login_required
@require_POST
def field_restore_view(request: HttpRequest, field_id: int) -> HttpResponse:
    return run_action(
        request,
        lambda: field_restore(actor=request.user, field=field_id, version=request.POST.get("version")),
        success=_("The field was restored with its values."),
        redirect=reverse("fields:detail", args=[field_id]),
    )


@login_required
@require_POST
def field_delete_view(request: HttpRequest, field_id: int) -> HttpResponse:
    definition: FieldDefinition = get_visible(request.user, "custom_field", field_id)
    return run_action(
        request,
        lambda: field_delete(actor=request.user, field=field_id, confirm=request.POST.get("confirm", "")),
        success=_("The field was deleted."),
        redirect=lambda count: (
            reverse("fields:list") + f"?kind={definition.kind}"
            if count is not None
            else reverse("fields:detail", args=[field_id])
        ),
    )


__all__ = ["field_delete_view", "field_detail", "field_list", "field_restore_view", "field_retire_view"]
