"""Input that only the database can refuse (a number beyond its range, on SQLite an OverflowError, on PostgreSQL
a DataError) answers 400 with a message on pages and in the API, never 500."""

from __future__ import annotations

import pytest
from django.db import DataError
from django.test import RequestFactory

from atrium.core.middleware import OutOfRangeInputMiddleware

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("error", [OverflowError("Python int too large"), DataError("integer out of range")])
def test_a_page_answers_400_with_the_message(error, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    middleware = OutOfRangeInputMiddleware(lambda request: None)
    response = middleware.process_exception(RequestFactory().get("/customers/?owner=9" * 30), error)
    assert response is not None and response.status_code == 400
    assert "超出范围" in response.content.decode()


def test_other_errors_are_left_to_django():
    middleware = OutOfRangeInputMiddleware(lambda request: None)
    assert middleware.process_exception(RequestFactory().get("/"), ValueError("a bug")) is None


def test_the_api_answers_400_in_its_json_format(api_as):
    huge = 10**30
    response = api_as("admin").post(
        "/api/v1/users",
        data={
            "username": "zhaoliu",
            "display_name": "赵六",
            "email": "zl@example.com",
            "department_id": huge,
        },
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"
