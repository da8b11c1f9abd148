"""Files sealed at rest with the field encryption key.

An uploaded spreadsheet carries the phones and document numbers the
database keeps encrypted (`suivi.core.crypto`); kept in plain text in the
private storage, a copy of the disk would give them back. So an upload is
stored *sealed*, and read back only through `unsealed(...)`, which writes
the plain text to an owner-only temporary file that is deleted when the
reader is done.

Format (version 1), written and read a chunk at a time so that a 50 MB
upload never sits whole in memory, nor does its ciphertext:

    MAGIC (8 bytes) | salt (16 bytes) | record* where
    record = length of the ciphertext (4 bytes, big-endian) | ciphertext

Each record is one chunk of at most `CHUNK_SIZE` bytes, encrypted with
AES-256-GCM under a key derived for this file alone (HKDF-SHA256 of the
field key with the file's random salt), so the per-chunk nonces can be a
counter: the chunk's index (11 bytes) and a last-chunk flag (1 byte). The
header is authenticated with every chunk. A changed byte, chunks swapped,
dropped, repeated or taken from another file, a file cut short at a chunk
boundary, and a different key all fail authentication: `SealedFileError`,
never a silently wrong file.

A file sealed with one field key cannot be opened with another: uploads
live for days at most, so rotating the key only makes the files of jobs
still waiting unreadable (they fail and are uploaded again).
"""

from __future__ import annotations

import base64
import os
import shutil
import struct
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import File

MAGIC = b"SVSEAL01"
SALT_SIZE = 16
TAG_SIZE = 16
# The size of a plain-text chunk: the memory sealing or unsealing needs is a
# few times this, whatever the size of the file.
CHUNK_SIZE = 1024 * 1024
_LENGTH = struct.Struct(">I")
_HKDF_INFO = b"suivi sealed file v1"


class SealedFileError(ValueError):
    """The file is not a sealed file, was changed or cut short, or was sealed
    with another key."""


def seal_chunks(source: IO[bytes], *, chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """The sealed form of `source` (from its start, if it can seek), piece by piece.

    One chunk is read ahead, so that the last one is known when it is
    encrypted (a file cut short must not pass for a whole one)."""
    if not 0 < chunk_size <= CHUNK_SIZE:
        raise ValueError(f"A chunk holds 1 to {CHUNK_SIZE} bytes.")
    if getattr(source, "seekable", lambda: False)():
        source.seek(0)
    salt = os.urandom(SALT_SIZE)
    header = MAGIC + salt
    cipher = AESGCM(_file_key(salt))
    yield header
    index = 0
    chunk = _read_full(source, chunk_size)
    while True:
        following = _read_full(source, chunk_size) if len(chunk) == chunk_size else b""
        last = not following
        sealed = cipher.encrypt(_nonce(index, last=last), chunk, header)
        yield _LENGTH.pack(len(sealed))
        yield sealed
        if last:
            return
        chunk, index = following, index + 1


def seal(source: IO[bytes], target: IO[bytes], *, chunk_size: int = CHUNK_SIZE) -> None:
    """Write the sealed form of `source` to `target`."""
    for piece in seal_chunks(source, chunk_size=chunk_size):
        target.write(piece)


def unseal(source: IO[bytes], target: IO[bytes]) -> None:
    """Write the plain text of the sealed `source` to `target`, checking
    every chunk; raise `SealedFileError` at the first one that fails (what
    was written before it must then be thrown away)."""
    header = source.read(len(MAGIC) + SALT_SIZE)
    if len(header) != len(MAGIC) + SALT_SIZE or not header.startswith(MAGIC):
        raise SealedFileError("This is not a sealed file.")
    cipher = AESGCM(_file_key(header[len(MAGIC) :]))
    index = 0
    record = _read_record(source)
    if record is None:
        raise SealedFileError("The sealed file is cut short.")
    while record is not None:
        following = _read_record(source)
        try:
            chunk = cipher.decrypt(_nonce(index, last=following is None), record, header)
        except InvalidTag as error:
            raise SealedFileError(
                "The sealed file was changed or cut short, or sealed with another key."
            ) from error
        target.write(chunk)
        record, index = following, index + 1


@contextmanager
def unsealed(source: IO[bytes]) -> Iterator[IO[bytes]]:
    """The plain text of the sealed `source` as a temporary file, open for
    reading and seeking (openpyxl reads a zip), deleted on exit whatever
    happens.

    The file is created owner-only (0600) in a folder of its own (0700)
    under FILE_UPLOAD_TEMP_DIR (the system's temporary folder when unset);
    where the system allows it, it has no name at all, so a crash leaves
    nothing readable behind."""
    folder = tempfile.mkdtemp(prefix="suivi-unsealed-", dir=settings.FILE_UPLOAD_TEMP_DIR)
    try:
        # TemporaryFile: O_TMPFILE (unnamed) on Linux, else created 0600 and
        # unlinked at once; closed, its content is gone.
        with tempfile.TemporaryFile(dir=folder) as plain:
            unseal(source, plain)
            plain.seek(0)
            yield plain
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class SealedContent(File):
    """An upload as the storage should keep it: `storage.save(name,
    SealedContent(upload))` (or a FileField's `save`) writes it sealed, chunk
    by chunk, without the plain text touching the storage."""

    def __init__(self, upload: File) -> None:
        super().__init__(upload.file, name=upload.name)
        self._upload = upload

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        size = min(chunk_size or CHUNK_SIZE, CHUNK_SIZE)
        return seal_chunks(self._upload, chunk_size=size)

    def multiple_chunks(self, chunk_size: int | None = None) -> bool:
        return True


# --- helpers --------------------------------------------------------------------


def _file_key(salt: bytes) -> bytes:
    """A 256-bit key for one file, derived from the field key and its salt."""
    try:
        master = base64.urlsafe_b64decode(settings.SUIVI_FIELD_ENCRYPTION_KEY)
    except (TypeError, ValueError):
        master = b""
    if len(master) != 32:  # an empty or malformed key must not seal anything
        raise ImproperlyConfigured(
            "SUIVI_FIELD_ENCRYPTION_KEY must be a Fernet key (32 bytes in url-safe base64)."
        )
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_HKDF_INFO).derive(master)


def _nonce(index: int, *, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _read_full(source: IO[Any], size: int) -> bytes:
    """Exactly `size` bytes, fewer only at the end (a pipe or a socket may
    give less per read)."""
    data = source.read(size)
    if not data or len(data) == size:
        return bytes(data or b"")
    parts = [data]
    missing = size - len(data)
    while missing:
        more = source.read(missing)
        if not more:
            break
        parts.append(more)
        missing -= len(more)
    return b"".join(parts)


def _read_record(source: IO[bytes]) -> bytes | None:
    """The next record's ciphertext, or None at the end of the file."""
    prefix = _read_full(source, _LENGTH.size)
    if not prefix:
        return None
    if len(prefix) != _LENGTH.size:
        raise SealedFileError("The sealed file is cut short.")
    (length,) = _LENGTH.unpack(prefix)
    if not TAG_SIZE <= length <= CHUNK_SIZE + TAG_SIZE:
        raise SealedFileError("The sealed file was changed.")
    data = _read_full(source, length)
    if len(data) != length:
        raise SealedFileError("The sealed file is cut short.")
    return data
