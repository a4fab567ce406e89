"""Files kept with a contract (the signed scan, drawings, the client's ID copy): stored through the storage API,
each upload and removal logged on the contract. Who may edit the contract adds and removes files; who sees it
downloads them (through the access layer)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from atrium.contracts.models import Contract, ContractFile
from atrium.core.access import check_action, get_visible
from atrium.core.actors import Actor, AuditVerb, person
from atrium.core.audit import audit
from atrium.core.errors import ValidationFailed
from atrium.core.image_files import image_kind, upload_size

MAX_FILE = 20 * 1024 * 1024
MAX_FILES = 50
# Office documents are zip archives; their type is told by the name once the content is a zip.
OFFICE = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def file_kind(upload: Any) -> str:
    """The content type of an accepted file (PDF, an image, a Word or Excel document), else a refusal."""
    kind = image_kind(upload)
    if kind is not None:
        return kind[0]
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return "application/pdf"
    extension = str(upload.name).rsplit(".", 1)[-1].lower()
    if head[:4] == b"PK\x03\x04" and extension in OFFICE:
        return OFFICE[extension]
    raise ValidationFailed(
        {"file": [_("Upload a PDF, an image, or a Word or Excel document (.docx, .xlsx).")]}
    )


def _log(actor: Actor, contract: Contract, before: list[str], after: list[str], summary: str) -> None:
    audit(
        actor=actor,
        action=AuditVerb.UPDATE,
        record=contract,
        kind="contract",
        changes={"files": ["、".join(before), "、".join(after)]},
        summary=summary,
    )


def contract_file_add(*, actor: Actor, contract: Contract | int, upload: Any) -> ContractFile:
    record: Contract = get_visible(actor, "contract", getattr(contract, "pk", contract))
    check_action(actor, "contract", "edit", record)
    if upload is None:
        raise ValidationFailed({"file": [_("Choose a file to upload.")]})
    if upload_size(upload) > MAX_FILE:
        raise ValidationFailed({"file": [_("The file is larger than 20 MB.")]})
    content_type = file_kind(upload)
    with transaction.atomic():
        before = list(record.files.order_by("uploaded_at", "id").values_list("name", flat=True))
        if len(before) >= MAX_FILES:
            raise ValidationFailed(
                {"file": [_("A contract keeps at most %(max)d files.") % {"max": MAX_FILES}]}
            )
        name = str(upload.name)[-120:]
        kept = ContractFile(
            contract=record,
            name=name,
            content_type=content_type,
            size=upload_size(upload),
            uploaded_by=person(actor),
        )
        kept.file.save(name, upload, save=False)
        kept.save()
        _log(actor, record, before, [*before, name], _("File added: %(name)s") % {"name": name})
    return kept


def contract_file_delete(*, actor: Actor, kept: ContractFile | int) -> None:
    pk: Any = getattr(kept, "pk", kept)
    found = ContractFile.objects.select_related("contract").filter(pk=pk).first()
    record: Contract = get_visible(actor, "contract", found.contract_id if found else 0)
    check_action(actor, "contract", "edit", record)
    assert found is not None
    with transaction.atomic():
        before = list(record.files.order_by("uploaded_at", "id").values_list("name", flat=True))
        stored = found.file
        found.delete()
        after = list(before)
        if found.name in after:
            after.remove(found.name)
        _log(actor, record, before, after, _("File removed: %(name)s") % {"name": found.name})
        transaction.on_commit(lambda: stored.delete(save=False))
