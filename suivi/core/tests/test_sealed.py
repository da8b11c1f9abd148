"""Files sealed at rest (`suivi.core.sealed`): the round trip, chunking,
tamper detection, the owner-only temporary file, bounded memory."""

from __future__ import annotations

import io
import os
import stat
import tracemalloc

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from suivi.core import sealed
from suivi.core.sealed import CHUNK_SIZE, SealedFileError

PHONE = b"+212661234567"


def _seal(data: bytes, **options: int) -> bytes:
    target = io.BytesIO()
    sealed.seal(io.BytesIO(data), target, **options)
    return target.getvalue()


def _unseal(data: bytes) -> bytes:
    target = io.BytesIO()
    sealed.unseal(io.BytesIO(data), target)
    return target.getvalue()


def _records(data: bytes) -> tuple[bytes, list[bytes]]:
    """The header and the records (length prefix included) of a sealed file."""
    header_size = len(sealed.MAGIC) + sealed.SALT_SIZE
    header, rest, records = data[:header_size], data[header_size:], []
    while rest:
        length = int.from_bytes(rest[:4], "big")
        records.append(rest[: 4 + length])
        rest = rest[4 + length :]
    return header, records


@pytest.mark.parametrize("size", [0, 1, 999, 1000, 1001, 3500])
def test_round_trip_of_any_size_across_chunks(size):
    data = os.urandom(size)
    stored = _seal(data, chunk_size=1000)
    assert _unseal(stored) == data
    assert len(_records(stored)[1]) == max(1, -(-size // 1000))  # one record per chunk


def test_a_file_larger_than_a_chunk_is_sealed_in_chunks_and_hides_its_content():
    data = (b"Prenom;Nom;Telephone\nAmina;Diallo;" + PHONE + b"\n") * (CHUNK_SIZE // 20)
    assert len(data) > 2 * CHUNK_SIZE
    stored = _seal(data)
    header, records = _records(stored)
    assert header.startswith(sealed.MAGIC) and len(records) == 3
    assert PHONE not in stored and b"Diallo" not in stored
    assert _unseal(stored) == data


def test_the_same_file_is_sealed_differently_each_time():
    assert _seal(b"same") != _seal(b"same")


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda h, r: h + b"".join(r[:-1]), id="last chunk dropped"),
        pytest.param(lambda h, r: h + r[1] + r[0] + r[2], id="chunks swapped"),
        pytest.param(lambda h, r: h + r[0] + r[0] + r[1] + r[2], id="chunk repeated"),
        pytest.param(lambda h, r: h + b"".join(r) + r[2], id="chunk appended"),
        pytest.param(lambda h, r: h + b"".join(r)[:-5], id="cut inside a chunk"),
        pytest.param(lambda h, r: h[:-1] + bytes([h[-1] ^ 1]) + b"".join(r), id="salt changed"),
        pytest.param(
            lambda h, r: h + r[0] + r[1][:-1] + bytes([r[1][-1] ^ 1]) + r[2], id="byte flipped"
        ),
        pytest.param(lambda h, r: h, id="header only"),
    ],
)
def test_a_changed_file_is_refused(tamper):
    header, records = _records(_seal(os.urandom(2500), chunk_size=1000))
    assert len(records) == 3
    with pytest.raises(SealedFileError):
        _unseal(tamper(header, records))


def test_a_chunk_of_another_file_is_refused():
    header, records = _records(_seal(b"a" * 2000, chunk_size=1000))
    _other_header, others = _records(_seal(b"b" * 2000, chunk_size=1000))
    with pytest.raises(SealedFileError):
        _unseal(header + records[0] + others[1])


def test_another_key_and_a_plain_file_are_refused():
    stored = _seal(PHONE)
    other_key = "b3RoZXIta2V5LW9mLXRoaXJ0eS10d28tYnl0ZXMhISE="
    with (
        override_settings(SUIVI_FIELD_ENCRYPTION_KEY=other_key),
        pytest.raises(SealedFileError, match="another key"),
    ):
        _unseal(stored)
    with pytest.raises(SealedFileError, match="not a sealed file"):
        _unseal(b"PK\x03\x04 a plain workbook")


@pytest.mark.parametrize("key", ["", "not base64!", "c2hvcnQ="])
def test_no_file_is_sealed_without_a_proper_key(key):
    with override_settings(SUIVI_FIELD_ENCRYPTION_KEY=key), pytest.raises(ImproperlyConfigured):
        _seal(PHONE)


def test_unsealed_gives_a_seekable_owner_only_file_deleted_afterwards(tmp_path):
    data = os.urandom(3000)
    with override_settings(FILE_UPLOAD_TEMP_DIR=str(tmp_path)):
        with sealed.unsealed(io.BytesIO(_seal(data, chunk_size=1000))) as handle:
            assert stat.S_IMODE(os.fstat(handle.fileno()).st_mode) == 0o600
            (folder,) = tmp_path.iterdir()
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
            assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())
            assert handle.read() == data
            handle.seek(10)
            assert handle.read(5) == data[10:15]
        assert handle.closed and not list(tmp_path.iterdir())


def test_unsealed_deletes_its_file_when_the_reader_or_the_check_fails(tmp_path):
    stored = _seal(b"x" * 2500, chunk_size=1000)
    with override_settings(FILE_UPLOAD_TEMP_DIR=str(tmp_path)):
        with pytest.raises(RuntimeError), sealed.unsealed(io.BytesIO(stored)):
            raise RuntimeError("the import failed")
        assert not list(tmp_path.iterdir())
        with pytest.raises(SealedFileError), sealed.unsealed(io.BytesIO(stored[:-3])):
            pytest.fail("a changed file is never handed to the reader")
        assert not list(tmp_path.iterdir())


def test_sealed_content_is_written_sealed_by_a_storage(tmp_path):
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path)
    upload = SimpleUploadedFile("personnes.csv", b"Telephone\n" + PHONE + b"\n")
    name = storage.save("imports/one", sealed.SealedContent(upload))
    stored = (tmp_path / name).read_bytes()
    assert stored.startswith(sealed.MAGIC) and PHONE not in stored
    with storage.open(name, "rb") as handle, sealed.unsealed(handle) as plain:
        assert plain.read() == b"Telephone\n" + PHONE + b"\n"


class _Pattern(io.RawIOBase):
    """`size` bytes of a repeated pattern, produced as they are read."""

    def __init__(self, size: int) -> None:
        self.left = size
        self.block = memoryview(b"0612345678;" * (CHUNK_SIZE // 11 + 1))

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = min(len(buffer), self.left)
        count = min(count, len(self.block))
        buffer[:count] = self.block[:count]
        self.left -= count
        return count


def test_memory_stays_bounded_for_a_50_mb_upload(tmp_path):
    size = 50 * 1024 * 1024
    tracemalloc.start()
    try:
        with open(tmp_path / "sealed", "w+b") as stored:
            sealed.seal(_Pattern(size), stored)
            sealing_peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.reset_peak()
            stored.seek(0)
            with sealed.unsealed(stored) as plain:
                plain.seek(0, io.SEEK_END)
                assert plain.tell() == size
            unsealing_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # A few chunks (read, read ahead, encrypted), whatever the file's size.
    assert sealing_peak < 6 * CHUNK_SIZE and unsealing_peak < 6 * CHUNK_SIZE
