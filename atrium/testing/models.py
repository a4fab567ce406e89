from django.conf import settings
from django.db import models


class Memo(models.Model):
    """A test-only record with an owner, as customers, deals and tickets will have."""

    title = models.CharField(max_length=100)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.title
