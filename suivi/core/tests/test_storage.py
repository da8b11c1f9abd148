"""Stored and temporary uploaded files are the server account's alone."""

from __future__ import annotations

import os
import stat

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import TemporaryUploadedFile

from suivi.core.storage import private_storage


def _mode(path: str) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_private_files_are_owner_only_and_have_no_url():
    storage = private_storage()
    name = storage.save("checks/owner/only.txt", ContentFile(b"private"))
    try:
        assert _mode(storage.path(name)) == 0o600
        assert _mode(os.path.dirname(storage.path(name))) == 0o700
        assert _mode(os.path.dirname(os.path.dirname(storage.path(name)))) == 0o700
    finally:
        storage.delete(name)


def test_a_large_upload_waits_in_an_owner_only_temporary_file():
    """Django writes an upload above FILE_UPLOAD_MAX_MEMORY_SIZE to a
    temporary file (FILE_UPLOAD_TEMP_DIR): created 0600, deleted on close."""
    upload = TemporaryUploadedFile("personnes.xlsx", "application/octet-stream", 10, None)
    path = upload.temporary_file_path()
    try:
        assert _mode(path) == 0o600
    finally:
        upload.close()
    assert not os.path.exists(path)
