"""Kinds of the maintenance pages, so that roles grant them (the admin role by default, see the migration
``0002_default_grants``): ``backup`` (数据备份: view the page and the list, export = download a backup) and
``system_status`` (系统状态: view, edit = send a test e-mail). Neither is scoped: a grant is all or nothing."""

from django.utils.translation import gettext_lazy as _

from atrium.core.kinds import RecordKind, register_kind

register_kind(
    RecordKind(
        key="backup",
        label=_("Data backups"),
        model="maintenance.BackupRun",
        owner_field=None,
        scoped=False,
        actions=("view", "export"),
    )
)

register_kind(
    RecordKind(
        key="system_status",
        label=_("System status"),
        model="maintenance.JobRun",
        owner_field=None,
        scoped=False,
        actions=("view", "edit"),
    )
)
