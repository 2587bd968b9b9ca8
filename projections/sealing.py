"""Personal text in the read models (names, village, address, history lines) under the cipher
key: with `GIAMNGHEO_CIPHER_KEY` set the events are encrypted, and so is what the views copy
from them — sealed with AES-GCM under a key derived from the cipher key, and searched through
a blind index (HMAC tokens of each word's beginnings) instead of the text. Without the key both
are the plain text, as before (docs/spec/access.md, "Personal data").

A sealed value starts with `SEALED`; `open` returns any other value as it is, so a view written
before the key was set still reads until it is rebuilt."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import unicodedata
from collections.abc import Iterable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SEALED = "~s1:"
NONCE = 12
TOKEN = 16  # hex digits of an index token: 64 bits, collisions negligible within a commune
SHORTEST = 2  # a word's beginnings shorter than this are not indexed


def fold_text(text: str) -> str:
    """Lower case without diacritics, so "nguyen van duc" finds "Nguyễn Văn Đức"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def derived(secret: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(secret)


class SealingError(Exception):
    """A sealed value that the configured key does not open (another key, or altered)."""


class Sealer:
    def __init__(self, cipher_key: str | None) -> None:
        self.active = bool(cipher_key)
        secret = base64.b64decode(cipher_key) if cipher_key else b""
        self.aead = AESGCM(derived(secret, b"giamngheo read models")) if cipher_key else None
        self.index_key = derived(secret, b"giamngheo search index") if cipher_key else b""

    def seal(self, text: str) -> str:
        if self.aead is None:
            return text
        nonce = os.urandom(NONCE)
        sealed = self.aead.encrypt(nonce, text.encode(), None)
        return SEALED + base64.b64encode(nonce + sealed).decode("ascii")

    def open(self, stored: str | None) -> str | None:
        if stored is None or not stored.startswith(SEALED):
            return stored
        if self.aead is None:
            raise SealingError("a sealed value and no GIAMNGHEO_CIPHER_KEY to open it")
        try:
            raw = base64.b64decode(stored[len(SEALED) :], validate=True)
            return self.aead.decrypt(raw[:NONCE], raw[NONCE:], None).decode()
        except (binascii.Error, ValueError, InvalidTag) as error:
            raise SealingError("a sealed value the configured key does not open") from error

    def token(self, part: str) -> str:
        return hmac.new(self.index_key, part.encode(), hashlib.sha256).hexdigest()[:TOKEN]

    def index(self, texts: Iterable[str]) -> str:
        """What search matches against: the folded text, or under the key a token for every
        beginning of every word (so "ngu" finds "Nguyễn", "v" alone finds nothing)."""
        words = fold_text(" ".join(texts)).split()
        if not self.active:
            return " ".join(words)
        tokens = {
            self.token(word[:end])
            for word in words
            for end in range(min(SHORTEST, len(word)), len(word) + 1)
        }
        return " ".join(sorted(tokens))

    def query(self, q: str) -> list[str]:
        """What each word of a search must match in the index: the folded word (found anywhere
        in the text), or under the key its token (found as the beginning of a word)."""
        words = fold_text(q).split()
        return [self.token(word) for word in words] if self.active else words
