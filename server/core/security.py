"""Secrets: device tokens, enrolment codes and staff passwords.

* A device token is ``secrets.token_urlsafe(32)`` (256 bits), shown once at enrolment;
  the server keeps only its SHA-256. A long random token needs no slow hash: SHA-256 is
  enough to make a stolen database useless for impersonation, and it lets the lookup be a
  plain indexed equality.
* An enrolment code is typed by a person: 12 characters from an alphabet without look-alike
  characters (60 bits), shown in groups of four, valid for a few hours and only once.
  Dashes, spaces and case are ignored when it is entered.
* Staff passwords are hashed with argon2id (argon2-cffi's defaults).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 12
MIN_PASSWORD = 12

_hasher = PasswordHasher()


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return sha256_hex(token)


def new_enrollment_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def normalize_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return sha256_hex("sesiona-enroll:" + normalize_code(code))


def same_hash(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """A Spanish reason the password is not acceptable, or None."""
    if len(password) < MIN_PASSWORD:
        return f"La contraseña debe tener al menos {MIN_PASSWORD} caracteres."
    if password.strip() != password:
        return "La contraseña no puede empezar ni terminar con espacios."
    if password.lower() in {"changethis", "contraseña123", "password1234"}:
        return "Esa contraseña es un valor de ejemplo: elija otra."
    return None
