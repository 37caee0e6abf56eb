"""Field encryption and blind indexes."""

from __future__ import annotations

import pytest

from zhucan.access.crypto import (
    BLIND_INDEX_INFO,
    ENCRYPTION_INFO,
    DecryptionError,
    FieldCipher,
    derive_key,
    get_cipher,
)
from zhucan.core.errors import SetupError, ZhucanError
from zhucan.settings import get_settings

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
CITIZEN_ID = "330102199001011234"


@pytest.fixture
def cipher() -> FieldCipher:
    """A cipher on a fixed test key."""
    return FieldCipher(KEY)


@pytest.mark.parametrize("text", ["", CITIZEN_ID, "张三丰", "0578-1234567", "x" * 10_000])
def test_round_trip(cipher: FieldCipher, text: str) -> None:
    blob = cipher.encrypt(text)
    assert blob[0] == 1
    assert len(blob) == 1 + 12 + len(text.encode()) + 16
    assert cipher.decrypt(blob) == text


def test_encryption_is_randomised(cipher: FieldCipher) -> None:
    assert cipher.encrypt(CITIZEN_ID) != cipher.encrypt(CITIZEN_ID)


def test_every_tampered_byte_is_detected(cipher: FieldCipher) -> None:
    blob = cipher.encrypt(CITIZEN_ID)
    for i in range(len(blob)):
        tampered = bytearray(blob)
        tampered[i] ^= 0x01
        with pytest.raises(DecryptionError):
            cipher.decrypt(bytes(tampered))


@pytest.mark.parametrize("blob", [b"", b"\x01", b"\x01" + b"\0" * 27, b"\x02" + b"\0" * 40])
def test_truncated_or_unknown_version_is_rejected(cipher: FieldCipher, blob: bytes) -> None:
    with pytest.raises(DecryptionError):
        cipher.decrypt(blob)


def test_wrong_key_is_rejected_with_bilingual_message(cipher: FieldCipher) -> None:
    blob = cipher.encrypt(CITIZEN_ID)
    with pytest.raises(DecryptionError) as caught:
        FieldCipher(OTHER_KEY).decrypt(blob)
    assert isinstance(caught.value, ZhucanError)
    assert "篡改" in caught.value.message("zh")
    assert "tampered" in caught.value.message("en")


def test_short_master_key_is_refused() -> None:
    with pytest.raises(SetupError):
        FieldCipher(b"k" * 31)


def test_repr_hides_the_key(cipher: FieldCipher) -> None:
    assert "hidden" in repr(cipher)


def test_blind_index_is_deterministic_hex(cipher: FieldCipher) -> None:
    index = cipher.blind_index(CITIZEN_ID)
    assert index == cipher.blind_index(CITIZEN_ID)
    assert index == FieldCipher(KEY).blind_index(CITIZEN_ID)
    assert len(index) == 64
    assert int(index, 16) >= 0
    assert index != cipher.blind_index("330102199001011235")


def test_blind_index_normalises(cipher: FieldCipher) -> None:
    upper = cipher.blind_index("33010219900101123X")
    assert cipher.blind_index(" 33010219900101123x\t") == upper
    assert cipher.blind_index("３３０１０２１９９００１０１１２３Ｘ") == upper


def test_blind_index_depends_on_the_key(cipher: FieldCipher) -> None:
    assert cipher.blind_index(CITIZEN_ID) != FieldCipher(OTHER_KEY).blind_index(CITIZEN_ID)


def test_blind_index_is_a_standard_hmac_under_its_own_subkey(cipher: FieldCipher) -> None:
    import hashlib
    import hmac

    index_key = derive_key(KEY, BLIND_INDEX_INFO)
    expected = hmac.new(index_key, CITIZEN_ID.encode(), hashlib.sha256).hexdigest()
    assert cipher.blind_index(CITIZEN_ID) == expected
    # Key separation: the subkeys differ from each other and from the master key.
    assert index_key != derive_key(KEY, ENCRYPTION_INFO)
    assert KEY not in (index_key, derive_key(KEY, ENCRYPTION_INFO))
    assert hmac.new(KEY, CITIZEN_ID.encode(), hashlib.sha256).hexdigest() != expected


def test_bulk_matches_single(cipher: FieldCipher) -> None:
    values = [CITIZEN_ID, None, "张三", " 33010219900101123x", ""]
    blobs = cipher.encrypt_many(values)
    assert blobs[1] is None
    assert cipher.decrypt_many(blobs) == values
    assert len({b for b in blobs if b is not None}) == 4  # distinct nonces
    assert cipher.blind_index_many(values) == [
        None if v is None else cipher.blind_index(v) for v in values
    ]
    assert cipher.encrypt_many([]) == []
    assert cipher.blind_index_many([]) == []


def test_get_cipher_follows_settings() -> None:
    cipher = get_cipher()
    assert cipher is get_cipher()
    expected = FieldCipher(get_settings().key_bytes).blind_index(CITIZEN_ID)
    assert cipher.blind_index(CITIZEN_ID) == expected
    assert cipher.decrypt(cipher.encrypt(CITIZEN_ID)) == CITIZEN_ID
