"""Encryption of large files in bounded memory (the backups of the databases): AES-256-GCM over
chunks of 4 MiB, each with its own random nonce and with its index and "last" flag authenticated,
so that chunks cannot be reordered or dropped, nor the file cut short, without opening failing.

    seal(src, dst, key)       dst = MAGIC, then per chunk: nonce (12) | last (1) | length (4) | ciphertext+tag
    unseal(src, dst, keys)    the first key that opens the first chunk opens all of them
"""
from __future__ import annotations

import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"PILOTE-SEALED-1\n"
CHUNK = 4 << 20
_HEAD = 12 + 1 + 4


class SealError(ValueError):
    """Not a sealed file, a wrong key, or a file altered or cut short."""


def _aad(index: int, last: bool) -> bytes:
    return MAGIC + index.to_bytes(8, "big") + bytes([last])


def seal(src: Path, dst: Path, key: bytes) -> None:
    aes = AESGCM(key)
    with open(src, "rb") as f, open(dst, "wb") as out:
        out.write(MAGIC)
        index, chunk = 0, f.read(CHUNK)
        while True:
            following = f.read(CHUNK)
            last = not following
            nonce = os.urandom(12)
            sealed = aes.encrypt(nonce, chunk, _aad(index, last))
            out.write(nonce + bytes([last]) + len(sealed).to_bytes(4, "big") + sealed)
            if last:
                return
            index, chunk = index + 1, following


def unseal(src: Path, dst: Path, keys: list[bytes]) -> None:
    with open(src, "rb") as f, open(dst, "wb") as out:
        if f.read(len(MAGIC)) != MAGIC:
            raise SealError(f"{src.name} is not an encrypted file")
        candidates, index, last = [AESGCM(k) for k in keys], 0, False
        while not last:
            head = f.read(_HEAD)
            if len(head) < _HEAD:
                raise SealError(f"{src.name} is cut short")
            nonce, last, size = head[:12], head[12] == 1, int.from_bytes(head[13:], "big")
            sealed = f.read(size)
            for aes in candidates:
                try:
                    out.write(aes.decrypt(nonce, sealed, _aad(index, last)))
                except InvalidTag:
                    continue
                candidates = [aes]  # the key of the first chunk is the key of the file
                break
            else:
                raise SealError(f"{src.name} cannot be opened: another key (APP_ENCRYPTION_KEY?) or altered")
            index += 1
        if f.read(1):
            raise SealError(f"{src.name} has data after its last chunk")
