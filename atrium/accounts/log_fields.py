"""How people, departments and roles read in the operation log (``atrium.core.log_fields``): a role's grants
read "客户 · 查看：本人 → 全部", not ``customer.view: 1 → 3``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atrium.core.kinds import ACTION_LABELS, Scope, all_kinds
from atrium.core.log_fields import LogField, register_log_fields


def grant_label(key: str) -> str | None:
    """ "customer.view" → "客户 · 查看"; None for a key that is not a grant."""
    kind_key, _dot, action = key.partition(".")
    labels = {kind.key: str(kind.label) for kind in all_kinds()}
    if not action or kind_key not in labels:
        return None
    return f"{labels[kind_key]} · {ACTION_LABELS.get(action, action)}"


def scope_text(value: Any) -> str:
    try:
        return Scope(int(value)).label
    except (TypeError, ValueError):
        return str(value)


def grants_text(value: Any) -> str:
    """A whole matrix ({"customer.view": 3, …}) as "客户 · 查看：全部；…"."""
    if not isinstance(value, dict):
        return str(value)
    return "；".join(
        f"{grant_label(key) or key}：{scope_text(scope)}" for key, scope in sorted(value.items())
    )


def _grant_field(key: str) -> LogField | None:
    label = grant_label(key)
    return LogField(label=label, read=scope_text) if label else None


register_log_fields(
    "role",
    key_reader=_grant_field,
    grants=LogField(label=gettext_lazy("Permissions"), read=grants_text),
)
register_log_fields("user", password=LogField(read=lambda value: _("(not shown)")))
register_log_fields("api_token", model="accounts.ApiToken")
