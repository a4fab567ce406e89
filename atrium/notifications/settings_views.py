"""The company's notification settings page (/settings/notifications/: notification_settings view to read,
edit to change)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from atrium.core.access import can, require
from atrium.core.form_submit import submit_form
from atrium.notifications.kinds import SETTINGS_KIND
from atrium.notifications.selectors import company_defaults, notification_settings
from atrium.notifications.services import notification_settings_update
from atrium.notifications.settings_forms import NotificationSettingsForm


def _initial(rules) -> dict:
    initial = {
        "quiet_hours_enabled": rules.quiet_hours_enabled,
        "quiet_start": rules.quiet_start.strftime("%H:%M") if rules.quiet_start else "",
        "quiet_end": rules.quiet_end.strftime("%H:%M") if rules.quiet_end else "",
        "followup_reminder_time": rules.followup_reminder_time.strftime("%H:%M"),
        "version": rules.version,
    }
    for row in company_defaults():
        initial[f"in_app:{row['kind']}"] = row["in_app"]
        initial[f"email:{row['kind']}"] = row["email"]
    return initial


@login_required
def notification_settings_page(request: HttpRequest) -> HttpResponse:
    require(request.user, SETTINGS_KIND, "view")
    rules = notification_settings()
    form = NotificationSettingsForm(request.POST or None, initial=_initial(rules))
    can_edit = can(request.user, SETTINGS_KIND, "edit")
    if not can_edit:  # shown, not changeable
        for field in form.fields.values():
            field.disabled = True
    return submit_form(
        request,
        form,
        lambda data: notification_settings_update(
            actor=request.user,
            version=data["version"],
            quiet_hours_enabled=data.get("quiet_hours_enabled", False),
            quiet_start=data.get("quiet_start"),
            quiet_end=data.get("quiet_end"),
            followup_reminder_time=data.get("followup_reminder_time"),
            defaults=form.defaults(data),
        ),
        success=_("The notification settings were saved."),
        redirect=reverse("notification_settings:edit"),
        template="notifications/settings.html",
        context={
            "form": form,
            "rules": rules,
            "can_edit": can_edit,
            "time_zone": settings.TIME_ZONE,
        },
        stale_banner=True,
        allowed=lambda: require(request.user, SETTINGS_KIND, "edit"),
    )
