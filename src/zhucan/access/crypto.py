"""Field encryption (AES-256-GCM) and blind indexes (HMAC-SHA256) for sensitive values.

Two independent subkeys are derived from the master key with HKDF-SHA256, so the
blind-index key reveals nothing about the encryption key and vice versa.

Ciphertext format (``bytes``): ``b"\\x01"`` (format version) + 12-byte random nonce +
AES-GCM ciphertext with its 16-byte tag.  The version byte is authenticated as
associated data, so any change to any byte makes :meth:`FieldCipher.decrypt` fail.

Blind indexes are computed on a normalised form of the text (NFKC, surrounding
whitespace removed, upper case), so ``"33010219900101123x"`` and ``" 33010219900101123X"``
index alike; they are deterministic per key and meant for exact-match lookups only.
"""

from __future__ import annotations

import functools
import hashlib
import os
import unicodedata
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from zhucan.core.errors import SetupError, ZhucanError
from zhucan.settings import get_settings

VERSION = 1
_VERSION_BYTE = bytes([VERSION])
NONCE_SIZE = 12
TAG_SIZE = 16
_HEADER = 1 + NONCE_SIZE
_HMAC_BLOCK = 64  # SHA-256 block size
ENCRYPTION_INFO = b"zhucan-field-encryption"
BLIND_INDEX_INFO = b"zhucan-blind-index"


class DecryptionError(ZhucanError):
    """A ciphertext could not be decrypted: it was altered, truncated or made with another key."""


@functools.cache
def derive_key(master_key: bytes, info: bytes) -> bytes:
    """A 32-byte subkey of ``master_key`` for purpose ``info`` (HKDF-SHA256, no salt;
    cached: the web derives its cookie and CSRF keys on every request)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(master_key)


def normalize(text: str) -> str:
    """The form blind indexes are computed on: NFKC, stripped, upper case.

    >>> normalize(" ３３０１０２１９９００１０１１２３x ")
    '33010219900101123X'
    """
    if text.isascii():
        return text.strip().upper()
    return unicodedata.normalize("NFKC", text).strip().upper()


class FieldCipher:
    """Encrypts and decrypts field values and computes their blind indexes.

    >>> c = FieldCipher(b"k" * 32)
    >>> c.decrypt(c.encrypt("330102199001011234"))
    '330102199001011234'
    >>> c.blind_index("33010219900101123x") == c.blind_index("33010219900101123X")
    True
    """

    def __init__(self, master_key: bytes) -> None:
        if len(master_key) < 32:
            raise SetupError(
                "主密钥太短：至少需要 32 字节", "the master key is too short: at least 32 bytes"
            )
        self._aead = AESGCM(derive_key(master_key, ENCRYPTION_INFO))
        index_key = derive_key(master_key, BLIND_INDEX_INFO).ljust(_HMAC_BLOCK, b"\0")
        # HMAC = H((K ^ opad) || H((K ^ ipad) || m)); keep the two keyed states and copy them.
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in index_key))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in index_key))

    def __repr__(self) -> str:
        return "FieldCipher(<key hidden>)"

    def encrypt(self, text: str) -> bytes:
        """``text`` encrypted with a fresh random nonce (version byte + nonce + ciphertext)."""
        nonce = os.urandom(NONCE_SIZE)
        return _VERSION_BYTE + nonce + self._aead.encrypt(nonce, text.encode(), _VERSION_BYTE)

    def decrypt(self, blob: bytes) -> str:
        """The text in ``blob``; :class:`DecryptionError` if it was altered or the key is wrong."""
        if len(blob) < _HEADER + TAG_SIZE or blob[0] != VERSION:
            raise _bad_ciphertext()
        try:
            plain = self._aead.decrypt(blob[1:_HEADER], blob[_HEADER:], _VERSION_BYTE)
        except InvalidTag:
            raise _bad_ciphertext() from None
        return plain.decode()

    def blind_index(self, text: str) -> str:
        """HMAC-SHA256 (hex, 64 characters) of the normalised ``text``, for exact-match lookup."""
        inner = self._inner.copy()
        inner.update(normalize(text).encode())
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()

    def encrypt_many(self, values: Sequence[str | None]) -> list[bytes | None]:
        """:meth:`encrypt` of every value (None stays None), fast for millions of values."""
        nonces = os.urandom(NONCE_SIZE * len(values))
        encrypt = self._aead.encrypt
        version = _VERSION_BYTE
        out: list[bytes | None] = []
        append = out.append
        offset = 0
        for value in values:
            if value is None:
                append(None)
            else:
                nonce = nonces[offset : offset + NONCE_SIZE]
                append(version + nonce + encrypt(nonce, value.encode(), version))
            offset += NONCE_SIZE
        return out

    def decrypt_many(self, blobs: Sequence[bytes | None]) -> list[str | None]:
        """:meth:`decrypt` of every blob (None stays None)."""
        decrypt = self.decrypt
        return [None if blob is None else decrypt(blob) for blob in blobs]

    def blind_index_many(self, values: Sequence[str | None]) -> list[str | None]:
        """:meth:`blind_index` of every value (None stays None), fast for millions of values."""
        inner_copy = self._inner.copy
        outer_copy = self._outer.copy
        out: list[str | None] = []
        append = out.append
        for value in values:
            if value is None:
                append(None)
                continue
            text = value.strip().upper() if value.isascii() else normalize(value)
            inner = inner_copy()
            inner.update(text.encode())
            outer = outer_copy()
            outer.update(inner.digest())
            append(outer.hexdigest())
        return out


def _bad_ciphertext() -> DecryptionError:
    return DecryptionError(
        "加密数据无法解密：数据已被篡改或损坏，或密钥不正确",
        "encrypted data cannot be decrypted: it was tampered with or corrupted, "
        "or the key is wrong",
    )


@functools.lru_cache(maxsize=4)
def _cipher_for(master_key: bytes) -> FieldCipher:
    return FieldCipher(master_key)


def get_cipher() -> FieldCipher:
    """The process-wide cipher for the settings' master key (cached per key)."""
    return _cipher_for(get_settings().key_bytes)
