"""The company profile page (/settings/company/: company_profile view to read, edit to change) and its two
images: the logo, shown in everyone's header (any signed-in person may fetch it), and the seal (only people who
may view the profile)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _

from atrium.company.forms import CompanyProfileForm
from atrium.company.kinds import KIND
from atrium.company.selectors import company_profile_for_edit
from atrium.company.services import TEXT_FIELDS, company_profile_update
from atrium.core.access import can, require
from atrium.core.form_submit import submit_form


@login_required
def company_settings(request: HttpRequest) -> HttpResponse:
    require(request.user, KIND, "view")
    profile = company_profile_for_edit()
    initial = {name: getattr(profile, name) for name in TEXT_FIELDS} | {"version": profile.version}
    form = CompanyProfileForm(request.POST or None, request.FILES or None, initial=initial)
    can_edit = can(request.user, KIND, "edit")
    return submit_form(
        request,
        form,
        lambda data: company_profile_update(
            actor=request.user,
            data={name: data.get(name) for name in TEXT_FIELDS},
            version=data["version"],
            logo=data.get("logo"),
            seal=data.get("seal"),
            remove_logo=data.get("remove_logo", False),
            remove_seal=data.get("remove_seal", False),
        ),
        success=_("The company profile was saved."),
        redirect=reverse("company:settings"),
        template="company/settings.html",
        context={"form": form, "profile": profile, "can_edit": can_edit},
        stale_banner=True,
        allowed=lambda: require(request.user, KIND, "edit"),
    )


def _image(profile_file, content_type: str) -> HttpResponseBase:
    if not profile_file:
        raise Http404()
    try:
        opened = profile_file.open("rb")
    except FileNotFoundError:
        raise Http404() from None
    response = FileResponse(opened, content_type=content_type or "application/octet-stream")
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def company_logo(request: HttpRequest) -> HttpResponseBase:
    profile = company_profile_for_edit()
    return _image(profile.logo, profile.logo_type)


@login_required
def company_seal(request: HttpRequest) -> HttpResponseBase:
    require(request.user, KIND, "view")
    profile = company_profile_for_edit()
    return _image(profile.seal, profile.seal_type)
