"""core.form_submit with a real Django form, real requests and real templates: a valid post redirects with its
message, a refusal is shown beside its field (400), a stale version answers 409 keeping the input, refusals of
access propagate to the refusal pages, and HTMX gets the fragment alone."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from atrium.core.errors import Conflict, Forbidden, NotFound, ServiceError, ValidationFailed
from atrium.core.form_submit import run_action, submit_form

PAGE = "<main>page {% include 'form.html' %}</main>"
FRAGMENT = (
    "<form>{{ form.non_field_errors }}<input name='name' value='{{ form.name.value|default:'' }}'>"
    "<span id='name-errors'>{{ form.name.errors }}</span>{% if stale %}<p id='stale'>stale</p>{% endif %}"
    "{% for hint in hints %}<p class='hint'>{{ hint }}</p>{% endfor %}</form>"
)
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {
            "loaders": [("django.template.loaders.locmem.Loader", {"page.html": PAGE, "form.html": FRAGMENT})]
        },
    }
]

pytestmark = pytest.mark.usefixtures("locmem_templates")


@pytest.fixture
def locmem_templates():
    with override_settings(TEMPLATES=TEMPLATES):
        yield


class NameForm(forms.Form):
    name = forms.CharField(max_length=20)


class Duplicate(ValidationFailed):
    def __init__(self, hints: list[str]):
        super().__init__({"name": ["Exists already."]})
        self.hints = hints


def _request(method: str = "post", data: dict | None = None, htmx: bool = False):
    headers = {"HX-Request": "true"} if htmx else {}
    request = getattr(RequestFactory(), method)("/things/new", data or {}, headers=headers)
    request._messages = CookieStorage(request)
    return request


def _submit(request, write, **options):
    form = NameForm(request.POST or None)
    return submit_form(
        request,
        form,
        write,
        success=lambda name: f"{name} was saved.",
        redirect=lambda name: f"/things/{name}",
        template="page.html",
        **options,
    )


def _flashed(request) -> list[str]:
    return [str(m) for m in get_messages(request)]


def test_a_valid_post_writes_flashes_and_redirects():
    request = _request(data={"name": "Li"})
    written: list[dict] = []

    def write(data):
        written.append(data)
        return data["name"]

    response = _submit(request, write, fragment="form.html")
    assert response.status_code == 302 and response["Location"] == "/things/Li"
    assert written == [{"name": "Li"}] and _flashed(request) == ["Li was saved."]


def test_a_plain_visit_renders_the_page_without_writing():
    request = _request("get")
    response = _submit(request, lambda data: pytest.fail("no write on a visit"), fragment="form.html")
    assert response.status_code == 200 and "<main>page" in response.content.decode()


def test_an_invalid_form_is_400_and_nothing_is_written():
    request = _request(data={"name": ""})
    response = _submit(request, lambda data: pytest.fail("no write for an invalid form"))
    beside = response.content.decode().split("<span id='name-errors'>")[1].split("</span>")[0]
    assert response.status_code == 400 and "<li>" in beside
    assert _flashed(request) == []


def test_a_refusal_with_fields_is_400_with_the_message_beside_the_field():
    def write(data):
        raise ValidationFailed({"name": ["That name is taken."]})

    request = _request(data={"name": "Li"})
    response = _submit(request, write)
    page = response.content.decode()
    assert response.status_code == 400
    beside = page.split("<span id='name-errors'>")[1].split("</span>")[0]
    assert "That name is taken." in beside and "value='Li'" in page
    assert _flashed(request) == []


def test_a_refusal_without_fields_is_shown_above_the_form():
    def write(data):
        raise ServiceError("The limit is reached.")

    response = _submit(_request(data={"name": "Li"}), write)
    page = response.content.decode()
    assert response.status_code == 400
    assert "The limit is reached." in page.split("<input")[0]


def test_a_stale_version_is_409_and_keeps_the_input():
    def write(data):
        raise Conflict()

    above = _submit(_request(data={"name": "Wang"}), write)
    assert above.status_code == 409 and "value='Wang'" in above.content.decode()
    assert Conflict().message in above.content.decode()
    banner = _submit(_request(data={"name": "Wang"}), write, stale_banner=True, context=None)
    assert banner.status_code == 409 and "id='stale'" in banner.content.decode()
    assert Conflict().message not in banner.content.decode()
    assert "value='Wang'" in banner.content.decode()


def test_hints_go_to_the_context_instead_of_the_field():
    def write(data):
        raise Duplicate(["Li (owned by Zhang)"])

    response = _submit(_request(data={"name": "Li"}), write)
    page = response.content.decode()
    assert response.status_code == 400 and "<p class='hint'>Li (owned by Zhang)</p>" in page
    assert "Exists already." not in page


@pytest.mark.parametrize("refusal", [Forbidden, NotFound])
def test_refusals_of_access_propagate_to_the_refusal_pages(refusal):
    def write(data):
        raise refusal()

    with pytest.raises(refusal):
        _submit(_request(data={"name": "Li"}), write)


def test_htmx_gets_the_fragment_with_the_outcome_in_a_header():
    def write(data):
        raise ValidationFailed({"name": ["That name is taken."]})

    refused = _submit(_request(data={"name": "Li"}, htmx=True), write, fragment="form.html")
    assert refused.status_code == 200 and refused["X-Form-Status"] == "400"
    assert "<main>" not in refused.content.decode() and "That name is taken." in refused.content.decode()
    saved = _submit(_request(data={"name": "Li"}, htmx=True), lambda data: data["name"], fragment="form.html")
    assert saved.status_code == 200 and saved["HX-Redirect"] == "/things/Li"


def test_a_page_of_several_forms_renders_itself_with_the_status():
    def write(data):
        raise Conflict()

    request = _request(data={"name": "Li"})
    form = NameForm(request.POST)
    response = submit_form(
        request, form, write, success="saved", redirect="/x", template=lambda status: _page_with(status, form)
    )
    assert response.status_code == 409 and Conflict().message in response.content.decode()


def _page_with(status: int, form: forms.Form) -> HttpResponse:
    return HttpResponse(str(form.non_field_errors()), status=status)


def test_run_action_flashes_success_or_the_first_refusal_and_goes_back():
    done = _request()
    response = run_action(done, lambda: "Li", success=lambda name: f"{name} is yours.", redirect="/things/1")
    assert response.status_code == 302 and response["Location"] == "/things/1"
    assert _flashed(done) == ["Li is yours."]

    def refuse():
        raise ServiceError("Overall.", fields={"limit": ["You hold 5 customers already."]})

    refused = _request(htmx=True)
    response = run_action(refused, refuse, success="never", redirect="/things/1")
    assert response["HX-Redirect"] == "/things/1" and _flashed(refused) == ["You hold 5 customers already."]


def test_run_action_lets_refusals_of_access_propagate():
    def refuse():
        raise NotFound()

    with pytest.raises(NotFound):
        run_action(_request(), refuse, success="never", redirect="/things/1")


def test_the_right_is_checked_before_the_input():
    """A refused person posting an invalid form gets the refusal, not the list of what was wrong."""
    written = []

    def refused():
        raise Forbidden()

    with pytest.raises(Forbidden):
        _submit(_request(data={}), written.append, allowed=refused)
    response = _submit(
        _request(data={"name": "Li"}), lambda data: written.append(data) or "Li", allowed=lambda: None
    )
    assert response.status_code == 302 and written == [{"name": "Li"}]
