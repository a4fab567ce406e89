"""The readers need a file on this machine (CSV encoding detection reads it twice; openpyxl seeks): the
stored file itself with file-system storage, a temporary copy with a remote one (S3 and the like)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files import File
from django.db.models.fields.files import FieldFile

COPY_CHUNK = 1024 * 1024


@contextmanager
def local_path(stored: FieldFile) -> Iterator[Path]:
    try:
        own_path = stored.path
    except NotImplementedError:  # the storage keeps no local files
        own_path = None
    if own_path is not None:
        yield Path(own_path)
        return
    with tempfile.NamedTemporaryFile(prefix="atrium-import-", suffix=Path(str(stored.name)).suffix) as copy:
        with stored.storage.open(str(stored.name), "rb") as source:
            shutil.copyfileobj(source, copy, COPY_CHUNK)
        copy.flush()
        yield Path(copy.name)


@contextmanager
def scratch_file(suffix: str) -> Iterator[Path]:
    """A temporary local path for a file being written (a report), removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="atrium-import-") as folder:
        yield Path(folder) / f"scratch{suffix}"


def store(field: FieldFile, name: str, path: Path) -> None:
    """Save the local file into the field's storage (under its upload_to), without saving the model."""
    with path.open("rb") as handle:
        field.save(name, File(handle), save=False)
