"""The registry of kinds of notification (系统通知, 账号与安全, …).

Each app registers its kinds in its AppConfig.ready(); the preferences page shows one row per kind, and
``notify()`` refuses a kind nobody registered. ``default_email`` is what a person gets until they choose.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class NotificationKind:
    key: str
    label: Promise | str
    default_email: bool = False
    default_in_app: bool = True


_kinds: dict[str, NotificationKind] = {}


def register_notification_kind(
    key: str, label: Promise | str, default_email: bool = False
) -> NotificationKind:
    kind = NotificationKind(key=key, label=label, default_email=default_email)
    existing = _kinds.get(key)
    if existing is not None and existing != kind:
        raise ValueError(f"notification kind {key!r} is registered twice with different definitions")
    _kinds[key] = kind
    return kind


def get_notification_kind(key: str) -> NotificationKind:
    try:
        return _kinds[key]
    except KeyError:
        raise LookupError(f"unknown notification kind {key!r}") from None


def all_notification_kinds() -> list[NotificationKind]:
    return list(_kinds.values())
