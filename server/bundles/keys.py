"""Signing keys of offline bundles, at headquarters. No Qt.

* **Headquarters' key** (it signs reply bundles) is an Ed25519 private key in the data
  folder, ``bundle-signing.key`` (raw 32 bytes, base64), created once with 0600
  permissions; several workers starting together create it once (``O_EXCL``). Back it up
  with the blob folder: a new key means devices must register again (next online sync).
* **A device's key** (it signs the device's bundles) never leaves the device; headquarters
  stores its public half in ``devices.bundle_key`` (migration 0003). The device registers
  it with ``POST /api/v1/device-key``, authenticated by its token like a push, and gets
  headquarters' public key in the answer (over TLS: that is how it learns which key signs
  its replies). Registering again with another key replaces it: the token holder is the
  device (a re-installed device derives a new key from a new token). The same key again
  writes nothing.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import Connection, or_, select, update

from contract.bundle_format import BundleError, public_key, public_text
from contract.protocol import DeviceKeyRequest, DeviceKeyResponse  # noqa: F401 (re-exported)
from server.core.models import devices, utc_now

HQ_KEY_FILE = "bundle-signing.key"


def hq_private_key(data_dir: Path) -> Ed25519PrivateKey:
    path = Path(data_dir) / HQ_KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raw = base64.b64decode(path.read_bytes().strip())
        return Ed25519PrivateKey.from_private_bytes(raw)
    key = Ed25519PrivateKey.generate()
    try:
        os.write(fd, base64.b64encode(key.private_bytes_raw()) + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    return key


def register_device_key(conn: Connection, device_id: str, key_text: str, *,
                        now: datetime | None = None) -> None:
    """Store the device's public key (ValueError if it is not an Ed25519 key)."""
    public_key(key_text)
    conn.execute(update(devices).where(
        devices.c.id == device_id,
        or_(devices.c.bundle_key.is_(None), devices.c.bundle_key != key_text),
    ).values(bundle_key=key_text, bundle_key_at=now or utc_now()))


@dataclass(frozen=True)
class BundleSender:
    id: str
    name: str
    region_code: str
    key: Ed25519PublicKey


def bundle_sender(conn: Connection, device_id: object) -> BundleSender:
    """The device a bundle names, with its key; ``BundleError`` if it cannot send one."""
    row = None
    if isinstance(device_id, str) and len(device_id) <= 36:
        row = conn.execute(select(devices).where(devices.c.id == device_id)).mappings().first()
    if row is None:
        raise BundleError("El paquete viene de un equipo que la sede no conoce. No se importó "
                          "nada.")
    if row["revoked_at"] is not None:
        raise BundleError(f"El paquete viene del equipo «{row['name']}», que fue dado de baja "
                          "en la sede. No se importó nada.")
    if not row["bundle_key"]:
        raise BundleError(f"El equipo «{row['name']}» aún no registró su clave de firma en la "
                          "sede (se registra en su primera sincronización en línea). No se "
                          "importó nada.")
    return BundleSender(row["id"], row["name"], row["region_code"],
                        public_key(row["bundle_key"]))


def hq_public_text(data_dir: Path) -> str:
    return public_text(hq_private_key(data_dir))
