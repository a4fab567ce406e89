"""The system status page's one write: a test e-mail to the person asking, through Django's mail backend."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from atrium.core.access import require
from atrium.core.actors import Actor, AuditVerb
from atrium.core.audit import audit
from atrium.core.errors import ServiceError, ValidationFailed
from atrium.notifications.email_messages import recipient_language


def status_test_email_send(*, actor: Actor) -> str:
    """Send a test e-mail to the actor's own address; the address it went to."""
    require(actor, "system_status", "edit")
    address = (getattr(actor, "email", "") or "").strip()
    if not address:
        raise ValidationFailed(
            {"email": [_("Your account has no e-mail address: add one in My account first.")]},
            message=_("Your account has no e-mail address: add one in My account first."),
        )
    with translation.override(recipient_language(actor)):
        sent_at = timezone.localtime().strftime("%Y-%m-%d %H:%M:%S")
        message = EmailMessage(
            subject=_("Atrium test e-mail"),
            body=_(
                "This is a test e-mail from Atrium's system status page, sent at %(time)s. "
                "If you can read it, e-mail from Atrium reaches you."
            )
            % {"time": sent_at},
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
        )
    try:
        message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as exc:
        raise ServiceError(
            _("The e-mail could not be sent: %(reason)s") % {"reason": str(exc) or type(exc).__name__}
        ) from exc
    with transaction.atomic():
        audit(
            actor=actor,
            action=AuditVerb.OTHER,
            kind="system_status",
            object_repr=address,
            summary=_("Sent a test e-mail to %(address)s") % {"address": address},
        )
    return address
