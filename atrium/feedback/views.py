"""The pages of feedback: the list (the list engine's: everyone's for admins, one's own for everyone else), send
(from the user menu), a feedback's page with the answer form for admins, and its screenshot (through the access
layer: 404 for anyone who may not see the feedback)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from atrium.core.access import check_action, require
from atrium.core.form_submit import submit_form
from atrium.feedback.forms import AnswerForm, FeedbackForm
from atrium.feedback.selectors import feedback_get, may_answer, sees_everyones_feedback
from atrium.feedback.services import feedback_answer, feedback_create
from atrium.lists.views import render_list


@login_required
def feedback_list(request: HttpRequest) -> HttpResponse:
    return render_list(request, "feedback", request.GET)


def _came_from(request: HttpRequest) -> str:
    page = request.GET.get("from", "")
    return page if url_has_allowed_host_and_scheme(page, allowed_hosts=None) and page.startswith("/") else ""


@login_required
def feedback_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "feedback", "create")
    form = FeedbackForm(request.POST or None, request.FILES or None, initial={"page": _came_from(request)})
    return submit_form(
        request,
        form,
        lambda data: feedback_create(
            actor=request.user,
            category=data["category"],
            text=data["text"],
            screenshot=data.get("screenshot"),
            page=data.get("page", ""),
        ),
        success=_("Thank you: your feedback was sent. You will be told when it is answered."),
        redirect=lambda feedback: reverse("feedback:detail", args=[feedback.pk]),
        template="feedback/new.html",
        allowed=lambda: require(request.user, "feedback", "create"),
    )


@login_required
def feedback_detail(request: HttpRequest, feedback_id: int) -> HttpResponse:
    feedback = feedback_get(request.user, feedback_id)
    answering = may_answer(request.user)
    form = AnswerForm(
        request.POST or None,
        initial={"status": feedback.status, "answer": feedback.answer, "version": feedback.version},
    )
    return submit_form(
        request,
        form,
        lambda data: feedback_answer(
            actor=request.user,
            feedback=feedback,
            status=data["status"],
            answer=data["answer"],
            version=data["version"],
        ),
        success=_("The feedback was saved."),
        redirect=reverse("feedback:detail", args=[feedback.pk]),
        template="feedback/detail.html",
        context={
            "form": form,
            "feedback": feedback,
            "answering": answering,
            "sees_all": sees_everyones_feedback(request.user),
        },
        stale_banner=True,
        allowed=lambda: check_action(request.user, "feedback", "edit", feedback),
    )


@login_required
def feedback_screenshot(request: HttpRequest, feedback_id: int) -> HttpResponseBase:
    feedback = feedback_get(request.user, feedback_id)
    if not feedback.screenshot:
        raise Http404()
    response = FileResponse(feedback.screenshot.open("rb"), content_type=feedback.screenshot_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    return response
