"""Encryption of backup files with ATRIUM_BACKUP_KEY: AES-256-GCM over chunks, streamed (never whole in memory).

Format: ``MAGIC`` (8 bytes), a random 7-byte nonce prefix, then frames of ``length (4 bytes, big-endian)``
+ the AES-GCM ciphertext of one chunk of at most ``CHUNK`` bytes. The nonce of frame i is the prefix, i (4 bytes)
and a last-frame flag (1 byte); the header is authenticated with every frame. So a changed, reordered, dropped
or cut-off frame is refused ("STREAM" construction), and a wrong key is refused at the first frame.

Decrypting for a restore: ``atrium decrypt_backup FILE.enc FILE`` (with the same ATRIUM_BACKUP_KEY), then
``atrium restore FILE``.
"""

from __future__ import annotations

import base64
import os
import struct
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"ATRBAK1\x00"
PREFIX_BYTES = 7
CHUNK = 1024 * 1024
_LENGTH = struct.Struct(">I")
_TAG_BYTES = 16


class DecryptionError(Exception):
    """The file is not an encrypted backup, the key is not the one it was encrypted with, or it was changed."""


def new_key() -> str:
    """A fresh key for ATRIUM_BACKUP_KEY: 32 random bytes, URL-safe base64."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


def key_bytes(key: str) -> bytes:
    raw = base64.urlsafe_b64decode(key.encode("ascii"))
    if len(raw) != 32:
        raise ValueError("a backup key is 32 bytes")
    return raw


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", index) + (b"\x01" if last else b"\x00")


def _chunks(source: BinaryIO) -> Iterator[tuple[bytes, bool]]:
    """Each chunk of ``source`` with whether it is the last one (read one ahead)."""
    current = source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        yield current, not following
        if not following:
            return
        current = following


def is_encrypted(head: bytes) -> bool:
    return head.startswith(MAGIC)


def encrypt_stream(source: BinaryIO, target: BinaryIO, key: str) -> None:
    cipher = AESGCM(key_bytes(key))
    prefix = os.urandom(PREFIX_BYTES)
    header = MAGIC + prefix
    target.write(header)
    for index, (chunk, last) in enumerate(_chunks(source)):
        sealed = cipher.encrypt(_nonce(prefix, index, last), chunk, header)
        target.write(_LENGTH.pack(len(sealed)))
        target.write(sealed)


def decrypt_stream(source: BinaryIO, target: BinaryIO, key: str) -> None:
    cipher = AESGCM(key_bytes(key))
    header = source.read(len(MAGIC) + PREFIX_BYTES)
    if len(header) < len(MAGIC) + PREFIX_BYTES or not is_encrypted(header):
        raise DecryptionError("not an encrypted Atrium backup")
    prefix = header[len(MAGIC) :]
    index = 0
    while True:
        length_bytes = source.read(_LENGTH.size)
        if len(length_bytes) < _LENGTH.size:
            raise DecryptionError("the file is cut off (its last part is missing)")
        (length,) = _LENGTH.unpack(length_bytes)
        if length < _TAG_BYTES or length > CHUNK + _TAG_BYTES:
            raise DecryptionError("the file is damaged")
        sealed = source.read(length)
        if len(sealed) < length:
            raise DecryptionError("the file is cut off (its last part is missing)")
        chunk, last = _open(cipher, prefix, index, sealed, header)
        target.write(chunk)
        if last:
            if source.read(1):
                raise DecryptionError("the file has data after its end")
            return
        index += 1


def _open(cipher: AESGCM, prefix: bytes, index: int, sealed: bytes, header: bytes) -> tuple[bytes, bool]:
    for last in (False, True):
        try:
            return cipher.decrypt(_nonce(prefix, index, last), sealed, header), last
        except InvalidTag:
            continue
    raise DecryptionError("wrong key, or the file was changed")
