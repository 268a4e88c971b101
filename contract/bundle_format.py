"""The offline bundle file: one zip, a manifest, and an Ed25519 signature over it. No Qt.

A bundle carries what an online sync would carry when a region has no usable connection:
the device's pending operations to headquarters (kind ``equipo``), or headquarters' answers
and feed back to the device (kind ``sede``). Both sides read and write it through this
module, so the format is defined once.

Layout: a plain signed header, then a plain zip (deflated; member names are fixed, never
taken from the outside)::

    SESIONA-PAQUETE1                 16-byte magic
    <length><header JSON>            4-byte big-endian length; {format, version, kind,
                                     device_id}: what it is and whose key signed it
    <signature>                      64-byte Ed25519 signature
    <zip>
      manifest.json     the header again, ids, and every other member's SHA-256 and size
      operations/00001.json …  (equipo) push requests, each exactly a ``PushRequest`` body
      answers.json             (sede) the answers to the device's operations
      feed/00001.json …        (sede) pull pages: a ``PullResponse`` each
      blobs/<sha256>           attachment bytes, named by their hash

Why this shape:

* **A detached signature over a canonical digest of everything**: the signature covers
  ``DOMAIN`` + the header's bytes + the SHA-256 of every byte of the zip, so no byte can
  change unnoticed (not even zip bookkeeping such as timestamps). It is checked **before
  the zip is parsed**: a tampered or truncated file never reaches the zip reader, whose
  failures on hostile input are many and varied. Only the small header is read from an
  unverified file, to say what it is and find the signer's key.
* After the signature, the manifest must repeat the header, and the zip must hold exactly
  the listed members (nothing missing, added, renamed or duplicated) with those hashes:
  cheap, and it keeps a signer's own bug from going unnoticed. A flipped byte, a truncated
  file or a swapped member is refused whole, before anything is written.
* **Ed25519** (``cryptography``): small keys (32 bytes), fast, deterministic signatures and
  no parameters to get wrong. The device's key is derived from its token in the system
  keyring (``devicesync.keys``); headquarters' key lives in its data folder
  (``server.bundles.keys``). Each side learns the other's public key online, over TLS,
  once (``POST /api/v1/device-key``).
* **Limits**: the header is at most 4 KiB, and members are read against their declared
  sizes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import shutil
import struct
import tempfile
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from contract.errors import SesionaError

FORMAT = "sesiona-paquete"
VERSION = 1
DEVICE_KIND = "equipo"  # device → headquarters
REPLY_KIND = "sede"  # headquarters → device
MANIFEST = "manifest.json"
MAGIC = b"SESIONA-PAQUETE1"
SIGNATURE_BYTES = 64
MAX_HEADER_BYTES = 4096
DOMAIN = b"sesiona-paquete-v1\x00"  # a bundle signature can never pass for another one
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MAX_MEMBER_BYTES = 1024 * 1024 * 1024
READ_SIZE = 1024 * 1024
SUFFIX = ".sesiona-paquete"

KIND_NAMES = {DEVICE_KIND: "un paquete de un equipo", REPLY_KIND: "una respuesta de la sede"}


class BundleError(SesionaError):
    """A bundle refused or not written; the message is Spanish and shown as it is."""


def damaged(detail: str) -> BundleError:
    return BundleError(f"El paquete está dañado o fue modificado ({detail}). No se importó "
                       "nada: pida que lo exporten de nuevo.")


# Keys ---------------------------------------------------------------------------------------

def public_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return base64.b64encode(public.public_bytes_raw()).decode("ascii")


def public_key(text: str) -> Ed25519PublicKey:
    """A public key from its base64 text; ValueError if it is not one."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise ValueError("not base64") from exc
    if len(raw) != 32:
        raise ValueError("not 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Writing -----------------------------------------------------------------------------------

@dataclass
class Member:
    name: str
    data: bytes | Callable[[], bytes]  # a callable is read once, when written

    def content(self) -> bytes:
        return self.data if isinstance(self.data, bytes) else self.data()


def write_bundle(out: Path, kind: str, header: dict[str, Any], members: Iterable[Member],
                 key: Ed25519PrivateKey, *, on_member: Callable[[int], None] | None = None,
                 ) -> dict[str, Any]:
    """Write the bundle to ``out`` atomically (temporary files renamed at the end: an
    interrupted export never leaves a half file under the final name). Returns the
    manifest."""
    out = Path(out)
    listed: dict[str, dict[str, Any]] = {}
    handle, unsigned = tempfile.mkstemp(prefix=".paquete-", suffix=".zip", dir=out.parent)
    os.close(handle)
    handle, signed = tempfile.mkstemp(prefix=".paquete-", suffix=".part", dir=out.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(unsigned, "w", compression=zipfile.ZIP_DEFLATED,
                             compresslevel=5) as archive:
            for index, member in enumerate(members):
                if member.name in listed or member.name == MANIFEST:
                    raise ValueError(f"duplicate member {member.name}")
                data = member.content()
                listed[member.name] = {"sha256": sha256_hex(data), "size": len(data)}
                archive.writestr(member.name, data)
                if on_member is not None:
                    on_member(index)
            signer = {"format": FORMAT, "version": VERSION, "kind": kind,
                      "device_id": header["device_id"]}
            manifest = {**header, **signer, "bundle_id": str(uuid.uuid4()), "members": listed}
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False,
                                                  sort_keys=True, separators=(",", ":")))
        head = json.dumps(signer, sort_keys=True, separators=(",", ":")).encode()
        digest = _zip_digest(Path(unsigned), 0)
        with open(signed, "wb") as target, open(unsigned, "rb") as source:
            target.write(MAGIC + struct.pack(">I", len(head)) + head
                         + key.sign(DOMAIN + head + digest))
            shutil.copyfileobj(source, target, READ_SIZE)
            target.flush()
            os.fsync(target.fileno())
        os.replace(signed, out)
    finally:
        for temporary in (unsigned, signed):
            if os.path.exists(temporary):
                os.unlink(temporary)
    return manifest


def _zip_digest(path: Path, offset: int) -> bytes:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        fh.seek(offset)
        while block := fh.read(READ_SIZE):
            digest.update(block)
    return digest.digest()


# Reading -----------------------------------------------------------------------------------

class Bundle:
    """A bundle whose signature and every member have been verified."""

    def __init__(self, archive: zipfile.ZipFile, manifest: dict[str, Any]):
        self._archive = archive
        self.manifest = manifest

    @property
    def kind(self) -> str:
        return str(self.manifest["kind"])

    @property
    def bundle_id(self) -> str:
        return str(self.manifest["bundle_id"])

    def names(self, prefix: str) -> list[str]:
        return sorted(name for name in self.manifest["members"] if name.startswith(prefix))

    def read(self, name: str) -> bytes:
        """A member's bytes, checked again (the file could change after verification)."""
        data = _read_member(self._archive, name, self.manifest["members"][name]["size"])
        if sha256_hex(data) != self.manifest["members"][name]["sha256"]:
            raise damaged(f"«{name}» cambió durante la importación")
        return data

    def json(self, name: str) -> Any:
        try:
            return json.loads(self.read(name))
        except (UnicodeDecodeError, ValueError) as exc:
            raise damaged(f"«{name}» no es JSON válido") from exc

    def blobs(self) -> list[str]:
        return [name.removeprefix("blobs/") for name in self.names("blobs/")]


def _read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError as exc:
        raise damaged(f"falta «{name}»") from exc
    if info.file_size > limit:
        raise damaged(f"«{name}» es más grande de lo declarado")
    chunks = []
    size = 0
    try:
        with archive.open(info) as fh:
            while block := fh.read(READ_SIZE):
                size += len(block)
                if size > limit:
                    raise damaged(f"«{name}» es más grande de lo declarado")
                chunks.append(block)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise damaged(f"«{name}» no se puede leer: {exc}") from exc
    return b"".join(chunks)


KeyFinder = Callable[[dict[str, Any]], Ed25519PublicKey]


@dataclass
class _Signed:
    header: dict[str, Any]
    head: bytes
    signature: bytes
    offset: int  # where the zip starts


def _signed_header(path: Path) -> _Signed:
    not_bundle = BundleError(f"«{path.name}» no es un paquete de Sesiona. No se importó nada.")
    short = BundleError(f"«{path.name}» está incompleto o dañado (¿se copió a medias?). No se "
                        "importó nada: cópielo de nuevo o pida que lo exporten otra vez.")
    try:
        with open(path, "rb") as fh:
            if fh.read(len(MAGIC)) != MAGIC:
                raise not_bundle
            raw = fh.read(4)
            if len(raw) < 4:
                raise short
            (length,) = struct.unpack(">I", raw)
            if length > MAX_HEADER_BYTES:
                raise damaged("su encabezado no es válido")
            head = fh.read(length)
            signature = fh.read(SIGNATURE_BYTES)
            offset = fh.tell()
    except FileNotFoundError as exc:
        raise BundleError(f"No existe el archivo «{path}». No se importó nada.") from exc
    except IsADirectoryError as exc:
        raise BundleError(f"«{path}» es una carpeta, no un paquete de Sesiona. No se importó "
                          "nada.") from exc
    if len(head) < length or len(signature) < SIGNATURE_BYTES:
        raise short
    try:
        header = json.loads(head)
    except (UnicodeDecodeError, ValueError) as exc:
        raise damaged("su encabezado no se puede leer") from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise not_bundle
    return _Signed(header, head, signature, offset)


def _check_kind(header: dict[str, Any], kind: str) -> None:
    if header.get("version") != VERSION:
        raise BundleError("El paquete es de otra versión de Sesiona: actualice Sesiona en "
                          "ambos lados. No se importó nada.")
    if header.get("kind") != kind:
        found = KIND_NAMES.get(str(header.get("kind")), "otro tipo de archivo")
        expected = KIND_NAMES[kind]
        hint = (" Impórtelo en el equipo (Sincronización → Importar paquete o «sesiona bundle"
                " import»)." if header.get("kind") == REPLY_KIND else
                " Impórtelo en la sede («sesiona-hq bundle import»)."
                if header.get("kind") == DEVICE_KIND else "")
        raise BundleError(f"El archivo es {found}, no {expected}.{hint} No se importó nada.")


@contextmanager
def open_bundle(path: Path, kind: str, key_for: KeyFinder) -> Iterator[Bundle]:
    """Verify the bundle at ``path`` and yield it; ``BundleError`` (Spanish) if it is not a
    bundle, not of ``kind``, not signed by the key ``key_for(header)`` returns (which may
    itself raise ``BundleError``: unknown or revoked device…), or altered in any way."""
    path = Path(path)
    signed = _signed_header(path)
    _check_kind(signed.header, kind)
    key = key_for(signed.header)
    try:
        key.verify(signed.signature, DOMAIN + signed.head + _zip_digest(path, signed.offset))
    except InvalidSignature as exc:
        raise BundleError("La firma del paquete no es válida: fue modificado, está incompleto "
                          "o no lo firmó quien dice. No se importó nada.") from exc
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:  # only if the file changed meanwhile
        raise damaged(f"no se puede abrir: {exc}") from exc
    with archive:
        yield _verified(archive, signed.header)


def _verified(archive: zipfile.ZipFile, header: dict[str, Any]) -> Bundle:
    """The signed zip's own consistency: manifest, member list, hashes."""
    names = archive.namelist()
    if MANIFEST not in names:
        raise damaged("falta su índice")
    try:
        manifest = json.loads(_read_member(archive, MANIFEST, MAX_MANIFEST_BYTES))
    except (UnicodeDecodeError, ValueError) as exc:
        raise damaged("su índice no se puede leer") from exc
    if not isinstance(manifest, dict) or any(
            manifest.get(name) != value for name, value in header.items()):
        raise damaged("su índice no coincide con su encabezado")
    members = manifest.get("members")
    if not isinstance(members, dict) or not all(
            isinstance(v, dict) and isinstance(v.get("sha256"), str)
            and isinstance(v.get("size"), int) and 0 <= v["size"] <= MAX_MEMBER_BYTES
            for v in members.values()):
        raise damaged("su índice no es válido")
    expected_names = set(members) | {MANIFEST}
    if len(names) != len(set(names)) or set(names) != expected_names:
        extra = sorted(set(names) - expected_names)
        missing = sorted(expected_names - set(names))
        detail = (f"sobra «{extra[0]}»" if extra else f"falta «{missing[0]}»" if missing
                  else "un archivo aparece dos veces")
        raise damaged(detail)
    for name, declared in members.items():
        data = _read_member(archive, name, declared["size"])
        if len(data) != declared["size"] or sha256_hex(data) != declared["sha256"]:
            raise damaged(f"«{name}» no coincide con su huella")
        if name.startswith("blobs/") and sha256_hex(data) != name.removeprefix("blobs/"):
            raise damaged(f"el archivo adjunto «{name}» no coincide con su nombre")
    return Bundle(archive, manifest)


def signed_part(path: Path) -> int:
    """Where the zip starts (for tools and tests that rebuild a bundle's zip)."""
    return _signed_header(Path(path)).offset


def operations_name(index: int) -> str:
    return f"operations/{index + 1:05d}.json"


def feed_name(index: int) -> str:
    return f"feed/{index + 1:05d}.json"
