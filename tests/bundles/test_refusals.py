"""A bundle that is not exactly what its signer wrote, comes from the wrong place, or is of
the wrong kind is refused whole, with a Spanish message, and nothing is written: every
table of headquarters (and of the device, for replies) keeps its row count, and no
attachment file is left behind."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import update

from contract.bundle_format import BundleError, signed_part
from db.domain import attachments
from devicesync.bundles import export_bundle, import_reply
from server.core import accounts
from server.core.db import write_transaction
from server.core.models import devices
from tests.bundles.conftest import device_counts
from tests.sync.conftest import make_committee, make_session

SCAN = b"%PDF-1.4\n% anexo\n" + bytes(range(256)) * 32


def _ready(office, name: str = "laptop"):
    db = office.device(name)
    session = make_session(db, make_committee(db))
    attachments.add_annex(db, session, "anexo.pdf", SCAN)
    return db, office.export(db, name)


def _refused(office, path: Path, *words: str) -> str:
    before, files = office.counts(), office.files()
    with pytest.raises(BundleError) as refusal:
        office.import_(path)
    assert office.counts() == before and office.files() == files
    for word in words:
        assert word in refusal.value.message
    assert "No se importó nada" in refusal.value.message
    return refusal.value.message


def _rezip(source: Path, target: Path, replace: dict[str, bytes]) -> None:
    """The same signed header and members, some of them replaced or added."""
    with open(source, "rb") as fh:
        header = fh.read(signed_part(source))
    unsigned = target.with_suffix(".zip")
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(unsigned, "w") as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.pop(info.filename, old.read(info)))
        for name, data in replace.items():
            new.writestr(name, data)
    target.write_bytes(header + unsigned.read_bytes())


def test_flipped_bytes_anywhere_are_refused(office, tmp_path):
    _db, bundle = _ready(office)
    data = bundle.read_bytes()
    start = signed_part(bundle)
    # The header (what it is, who signed, the signature), the zip throughout, and its
    # central directory at the end, where the zip reader would trip first.
    positions = {*range(0, start, 3), *range(start, len(data), max(len(data) // 40, 1)),
                 *range(len(data) - 120, len(data), 7)}
    before, files = office.counts(), office.files()
    for position in sorted(positions):
        altered = bytearray(data)
        altered[position] ^= 0x01
        target = tmp_path / "alterado.sesiona-paquete"
        target.write_bytes(bytes(altered))
        with pytest.raises(BundleError, match="No se importó nada"):
            office.import_(target)
    assert office.counts() == before and office.files() == files
    assert office.import_(bundle).operations > 0, "the original still imports"


def test_a_truncated_bundle_is_refused(office, tmp_path):
    _db, bundle = _ready(office)
    data = bundle.read_bytes()
    start = signed_part(bundle)
    for size in (10, 18, start - 30, start + 5, len(data) // 2, len(data) - 1):
        target = tmp_path / f"cortado-{size}.sesiona-paquete"
        target.write_bytes(data[:size])
        _refused(office, target)


def test_a_swapped_or_added_member_is_refused(office, tmp_path):
    first, bundle = _ready(office, "laptop-1")
    second, other = _ready(office, "laptop-2")
    with zipfile.ZipFile(other) as archive:
        foreign = archive.read("operations/00001.json")
    swapped = tmp_path / "cambiado.sesiona-paquete"
    _rezip(bundle, swapped, {"operations/00001.json": foreign})
    _refused(office, swapped, "firma")
    added = tmp_path / "agregado.sesiona-paquete"
    _rezip(bundle, added, {"operations/00002.json": foreign})
    _refused(office, added)


def test_not_a_bundle_or_the_wrong_kind(office, tmp_path):
    db, bundle = _ready(office)
    text = tmp_path / "notas.sesiona-paquete"
    text.write_text("no es un paquete")
    _refused(office, text, "no es un paquete de Sesiona")
    _refused(office, tmp_path / "no-existe.sesiona-paquete", "No existe")
    office.import_(bundle)
    reply, _ = office.reply(db)
    message = _refused(office, reply, "es una respuesta de la sede")
    assert "Impórtelo en el equipo" in message
    before = device_counts(db)
    with pytest.raises(BundleError, match="es un paquete de un equipo"):
        import_reply(db, bundle)
    assert device_counts(db) == before


def test_another_regions_data_refuses_the_whole_bundle(office):
    db = office.device("laptop")
    make_session(db, make_committee(db))  # Ucayali: its own
    make_committee(db, region="PE-LIM", acronym="CDRPETI LIMA")
    _refused(office, office.export(db), "El paquete contiene datos de otra región",
             "solo puede escribir los de su región (PE-UCA)")


def test_a_revoked_or_keyless_device_is_refused(office):
    db, bundle = _ready(office)
    device_id = db.execute("SELECT value FROM meta WHERE key = 'sync_device_id'").fetchone()[0]
    with write_transaction(office.engine) as conn:
        conn.execute(update(devices).where(devices.c.id == device_id).values(bundle_key=None))
    _refused(office, bundle, "aún no registró su clave")
    with write_transaction(office.engine) as conn:
        conn.execute(update(devices).where(devices.c.id == device_id).values(
            bundle_key=db.execute("SELECT value FROM meta WHERE key = "
                                  "'bundle_key_registered'").fetchone()[0]))
    with write_transaction(office.engine) as conn:
        assert accounts.revoke_device(conn, device_id)
    _refused(office, bundle, "dado de baja")


def test_a_device_signature_from_another_key_is_refused(office, tmp_path):
    first, bundle = _ready(office, "laptop-1")
    second = office.device("laptop-2")
    # laptop-2 signs a bundle and it is passed off as laptop-1's: the manifest names
    # laptop-1, whose key does not match.
    forged = tmp_path / "falso.sesiona-paquete"
    export_bundle(second, forged)
    with zipfile.ZipFile(bundle) as archive:
        manifest = archive.read("manifest.json")
    _rezip(forged, forged.with_name("falso2.sesiona-paquete"), {"manifest.json": manifest})
    _refused(office, forged.with_name("falso2.sesiona-paquete"), "firma")


def test_an_unregistered_device_cannot_export(office, tmp_path):
    db = office.device("laptop", register=False)
    make_committee(db)
    before = device_counts(db)
    with pytest.raises(BundleError, match="Sincronice una vez en línea"):
        export_bundle(db, tmp_path / "paquete.sesiona-paquete")
    assert device_counts(db) == before
    assert not (tmp_path / "paquete.sesiona-paquete").exists()


def test_a_damaged_or_misaddressed_reply_writes_nothing_on_the_device(office, tmp_path):
    first, bundle = _ready(office, "laptop-1")
    second = office.device("laptop-2")
    office.import_(bundle)
    office.import_(office.export(second, "segundo"))
    reply, _ = office.reply(second)
    before = device_counts(second)
    data = reply.read_bytes()
    start = signed_part(reply)
    for position in (20, start - 3, start + 40, len(data) // 2, len(data) - 30):
        altered = bytearray(data)
        altered[position] ^= 0x80
        target = tmp_path / f"respuesta-{position}.sesiona-paquete"
        target.write_bytes(bytes(altered))
        with pytest.raises(BundleError, match="No se importó nada"):
            import_reply(second, target)
        assert device_counts(second) == before
    copy = tmp_path / "copia.sesiona-paquete"
    shutil.copy(reply, copy)
    before_first = device_counts(first)
    with pytest.raises(BundleError, match="es para otro equipo"):
        import_reply(first, copy)
    assert device_counts(first) == before_first
    assert import_reply(second, reply).sync.pulled > 0
