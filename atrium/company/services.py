"""Changing the company profile (company_profile edit right): the text fields, the logo and the seal.

Versioned (a stale version is 409 and changes nothing), audited with old and new values (the images as
"an image / none"), all or nothing: a refused field leaves every field, and every stored file, as it was. New
images are written through the storage API before the row; if the row is not written they are deleted again,
and the images they replace are deleted only once the change has committed. The cached profile
(``selectors.company_profile``) is dropped on commit."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from atrium.company.kinds import KIND
from atrium.company.models import CompanyProfile
from atrium.company.selectors import forget_company_profile
from atrium.company.validation import clean_image, clean_profile_fields
from atrium.core.access import require
from atrium.core.actors import Actor
from atrium.core.audit import audit
from atrium.core.errors import ValidationFailed
from atrium.core.writes import check_version

TEXT_FIELDS = ("legal_name", "short_name", "address", "phone", "tax_id", "bank_name", "bank_account")
IMAGES = ("logo", "seal")


def _delete_files(files: list[Any]) -> None:
    for stored in files:
        stored.storage.delete(stored.name)


def company_profile_update(
    *,
    actor: Actor,
    data: dict[str, Any],
    version: Any,
    logo: Any = None,
    seal: Any = None,
    remove_logo: bool = False,
    remove_seal: bool = False,
) -> CompanyProfile:
    """Save the profile; ``logo``/``seal`` are new uploads (None keeps the current image), ``remove_*`` drops it."""
    require(actor, KIND, "edit")
    cleaned, errors = clean_profile_fields(data)
    uploads = {"logo": logo, "seal": seal}
    removals = {"logo": bool(remove_logo), "seal": bool(remove_seal)}
    found: dict[str, tuple[str, str]] = {}
    for name, upload in uploads.items():
        kind = clean_image(upload, name, errors) if upload else None
        if kind is not None:
            found[name] = kind
    if errors:
        raise ValidationFailed(errors)
    written: list[Any] = []
    replaced: list[Any] = []
    try:
        with transaction.atomic():
            CompanyProfile.current()
            profile = CompanyProfile.objects.select_for_update().get(pk=1)
            check_version(profile, version)
            changes: dict[str, list[Any]] = {
                name: [getattr(profile, name), value]
                for name, value in cleaned.items()
                if getattr(profile, name) != value
            }
            for name, value in cleaned.items():
                setattr(profile, name, value)
            for name in IMAGES:
                current = getattr(profile, name)
                had = bool(current)
                if name in found:
                    content_type, extension = found[name]
                    old_name = current.name if had else ""
                    if had:
                        replaced.append(_Stored(current.storage, old_name))
                    current.save(f"{name}-{uuid.uuid4().hex}.{extension}", uploads[name], save=False)
                    written.append(_Stored(current.storage, current.name))
                    setattr(profile, f"{name}_type", content_type)
                    changes[name] = [old_name, current.name]
                elif removals[name] and had:
                    replaced.append(_Stored(current.storage, current.name))
                    changes[name] = [current.name, ""]
                    setattr(profile, name, "")
                    setattr(profile, f"{name}_type", "")
            if not changes:
                return profile
            profile.version += 1
            profile.save()
            audit(actor=actor, action="update", record=profile, kind=KIND, changes=changes)
            transaction.on_commit(forget_company_profile)
            transaction.on_commit(lambda: _delete_files(replaced))
    except BaseException:
        _delete_files(written)  # the row is not written: neither are its new files kept
        raise
    return profile


class _Stored:
    """A stored file by its storage and name (the field's file object changes as the row is edited)."""

    def __init__(self, storage: Any, name: str) -> None:
        self.storage, self.name = storage, name
