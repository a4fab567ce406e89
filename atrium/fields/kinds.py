"""The kind the role matrix grants for managing custom fields (the definitions, not the values: values follow
their record's rights)."""

from django.utils.translation import gettext_lazy as _

from atrium.core.kinds import RecordKind, register_kind

CUSTOM_FIELD = register_kind(
    RecordKind(
        key="custom_field",
        label=_("Custom fields"),
        model="fields.FieldDefinition",
        owner_field=None,
        scoped=False,
        actions=("view", "create", "edit", "delete"),
    )
)
