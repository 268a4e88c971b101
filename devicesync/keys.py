"""This device's bundle signing key, and headquarters' key that signs the replies. Qt-free.

* **The device's private key is derived from its token** (HKDF-SHA256 with a purpose label
  and the device id): the token already lives only in the system keyring, so the key does
  too, without a second secret to store, back up or lose. Headquarters keeps only the
  token's hash, from which the key cannot be derived. Re-enrolling (a new token) gives a
  new key, registered at that enrolment.
* **Registration** (``exchange_keys``) happens at enrolment (``devicesync.enrollment.enroll``: it
  may be the only moment a device of a region without a usable connection reaches
  headquarters) and closes every online round (``devicesync.client.sync_round``), on the
  round's own connection: ``POST /api/v1/device-key`` with the public key; the answer is
  headquarters' public key, kept in ``meta`` (it is public). Asking every round costs one
  small request and heals a key headquarters lost (a restored backup) or replaced. A device
  enrolled before bundles existed registers at its next sync; until then an export says so
  in Spanish. A failed exchange does not fail the round (the data moved): the round's
  report says it.
"""

from __future__ import annotations

import httpx
import pydantic
import sqlite_utils
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from contract.bundle_format import BundleError, public_key, public_text
from contract.protocol import DeviceKeyRequest, DeviceKeyResponse
from db.storage.connection import transaction
from devicesync.files import invalid_answer
from devicesync.identity import get_meta, require_device, set_meta
from devicesync.transport import Transport, check_url, load_token

REGISTERED_KEY = "bundle_key_registered"  # the public key headquarters has for us
HQ_KEY = "bundle_hq_key"  # headquarters' public key (it signs our replies)
EXPORT_NUMBER = "bundle_export_number"  # exports written so far

NOT_REGISTERED = ("Este equipo aún no registró su clave de firma de paquetes en la sede. "
                  "Sincronice una vez en línea (Sincronizar ahora o «sesiona sync») y vuelva "
                  "a intentarlo.")


def signing_key(device_id: str) -> Ed25519PrivateKey:
    """The device's key, from its token in the keyring (errors in Spanish)."""
    token = load_token(device_id)
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"sesiona",
                info=f"sesiona-paquetes-v1:{device_id}".encode()).derive(token.encode())
    return Ed25519PrivateKey.from_private_bytes(seed)


def registered_key(db: sqlite_utils.Database) -> Ed25519PrivateKey:
    """The signing key, if headquarters knows it; else ``BundleError``."""
    key = signing_key(require_device(db).device_id)
    if get_meta(db, REGISTERED_KEY) != public_text(key):
        raise BundleError(NOT_REGISTERED)
    return key


def hq_key(db: sqlite_utils.Database) -> Ed25519PublicKey:
    text = get_meta(db, HQ_KEY)
    if not text:
        raise BundleError(NOT_REGISTERED)
    return public_key(text)


def register_key(db: sqlite_utils.Database, *, client: httpx.Client | None = None) -> bool:
    """``exchange_keys`` on a connection of its own."""
    enrolled = require_device(db)
    url = check_url(enrolled.server_url, allow_http=enrolled.allow_http)
    with Transport(url, load_token(enrolled.device_id), client) as transport:
        return exchange_keys(db, transport)


def exchange_keys(db: sqlite_utils.Database, transport: Transport) -> bool:
    """Tell headquarters our public key and learn its own (one small request, idempotent:
    asked on every online round, so that a key headquarters lost, or a new key of its own,
    is settled by the next sync). True if what this device knows changed."""
    key = signing_key(require_device(db).device_id)
    mine = public_text(key)
    raw = transport.json("POST", "/device-key",
                         body=DeviceKeyRequest(public_key=mine).model_dump())
    try:
        answer = DeviceKeyResponse.model_validate(raw)
        public_key(answer.hq_key)
    except (pydantic.ValidationError, ValueError) as exc:
        raise invalid_answer(exc) from exc
    if get_meta(db, REGISTERED_KEY) == mine and get_meta(db, HQ_KEY) == answer.hq_key:
        return False
    with transaction(db):
        set_meta(db, REGISTERED_KEY, mine)
        set_meta(db, HQ_KEY, answer.hq_key)
    return True
