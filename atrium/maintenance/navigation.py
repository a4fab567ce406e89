"""The settings centre's cards of maintenance (group "security"): 数据备份 and 系统状态, each shown to people who
may view it."""

from django.utils.translation import gettext_lazy as _

from atrium.core.access import can
from atrium.core.settings_centre import SettingsSection, register_settings_section

register_settings_section(
    SettingsSection(
        key="backups",
        title=_("Data backups"),
        description=_("Download a backup now; the daily backups kept, each downloadable; how to restore."),
        url_name="maintenance:backups",
        group="security",
        order=30,
        icon="💾",
        allowed=lambda user: can(user, "backup", "view"),
    )
)

register_settings_section(
    SettingsSection(
        key="system_status",
        title=_("System status"),
        description=_("Version, database, worker and its jobs, e-mail (send a test), storage and backups."),
        url_name="maintenance:status",
        group="security",
        order=40,
        icon="🩺",
        allowed=lambda user: can(user, "system_status", "view"),
    )
)
