from django.apps import AppConfig


class TestingConfig(AppConfig):
    """A small kind of record used only by the test suite to prove the access layer's rules."""

    name = "atrium.testing"
    label = "testing"

    def ready(self) -> None:
        from atrium.testing import kinds  # noqa: F401
