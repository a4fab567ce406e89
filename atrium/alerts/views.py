"""Pages of operation alerts: the alerts list (/settings/alerts/, the list engine's spec in ``lists.py``
with a link to the rules) and the rules (/settings/alerts/rules/: one form per rule, posted one at a time).
Viewing needs operation_alert view, changing a rule edit (403 else)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from atrium.alerts.forms import AlertRuleForm, initial_of
from atrium.alerts.selectors import KIND, alert_watchers, rules_for
from atrium.alerts.services import alert_rule_update
from atrium.core.access import can, require
from atrium.core.errors import NotFound
from atrium.core.form_submit import submit_form
from atrium.lists.screen import build_screen
from atrium.lists.views import render_list, wants_fragment

LIST_KEY = "operation_alerts"


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    if wants_fragment(request):
        return render_list(request, LIST_KEY, request.GET)
    screen = build_screen(request.user, LIST_KEY, request.GET)
    context = {"screen": screen, "fragment": False}
    return render(request, "alerts/alerts.html", context, status=400 if screen.errors else 200)


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    all_rules = rules_for(request.user)
    people = list(alert_watchers())
    posted_key = request.POST.get("rule", "") if request.method == "POST" else ""
    posted = next((rule for rule in all_rules if rule.key == posted_key), None)
    if request.method == "POST":
        require(request.user, KIND, "edit")
        if posted is None:
            raise NotFound()
    forms = [
        AlertRuleForm(
            request.POST if rule is posted else None, rule=rule, people=people, initial=initial_of(rule)
        )
        for rule in all_rules
    ]
    form = next((f for f in forms if f.rule_record is posted), forms[0])

    def page(status: int) -> HttpResponse:
        context = {
            "forms": forms,
            "can_edit": can(request.user, KIND, "edit"),
            "stale": stale.get("stale"),
            "time_zone": settings.TIME_ZONE,
        }
        return render(request, "alerts/rules.html", context, status=status)

    stale: dict[str, bool] = {}

    def write(data: dict) -> object:
        return alert_rule_update(
            actor=request.user,
            rule=posted_key,
            version=data["version"],
            is_enabled=data["is_enabled"],
            threshold=data.get("threshold"),
            after_hours_start=data.get("after_hours_start"),
            after_hours_end=data.get("after_hours_end"),
            recipient_ids=data.get("recipients") or [],
        )

    return submit_form(
        request,
        form,
        write,
        success=lambda rule: _("The rule “%(rule)s” was saved.") % {"rule": rule.get_key_display()},
        redirect=reverse("alerts:rules"),
        template=page,
        context=stale,
        stale_banner=True,
    )
