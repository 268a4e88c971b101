"""``sesiona sesiones | acta | asistencia | extractos | firmar | verificar`` on real files."""

import io
import sys

import pytest
from pypdf import PdfReader

from cli.main import main
from db.domain import sessions, signatures
from db.storage.store import open_store
from tests.db.factories import make_full_session
from tests.support.pki import build_pki


@pytest.fixture(scope="module")
def pki():
    return build_pki()


@pytest.fixture
def committee_file(db_path):
    store = open_store(db_path)
    full = make_full_session(store)
    signatures.approve(store, full["session"], full["session"])
    store.conn.close()
    return db_path, full


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_sessions_lists_reference_date_kind_and_state(committee_file, capsys):
    path, _ = committee_file
    assert main(["sesiones", "--db", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["CDRPETI-UCA-SO-1", "12/12/2019", "Ordinaria", "Programada"]
    assert lines[1].split()[:3] == ["CDRPETI-UCA-SO-2", "16/01/2020", "Ordinaria"]
    assert lines[1].endswith("Acta aprobada")
    assert main(["sesiones", "--db", str(path), "--comite", "CDRPETI-UCA"]) == 0
    assert capsys.readouterr().out.splitlines() == lines
    assert main(["sesiones", "--db", str(path), "--comite", "OTRO"]) == 1
    assert "No existe un comité" in capsys.readouterr().err


def test_acta_by_reference(committee_file, tmp_path, capsys):
    path, _ = committee_file
    out = tmp_path / "acta.pdf"
    assert main(["acta", "--db", str(path), "--session", "CDRPETI-UCA-SO-2",
                 "--out", str(out)]) == 0
    text = pdf_text(out)
    assert "ACTA DE LA SESIÓN ORDINARIA N° 2" in text
    assert "Aprobar el Plan Operativo Anual 2020" in text
    assert "Acta guardada" in capsys.readouterr().out


def test_acta_by_uuid_and_a_session_without_attendance_warns(db_path, tmp_path, capsys):
    store = open_store(db_path)
    full = make_full_session(store, attendance=False)
    store.conn.close()
    out = tmp_path / "acta.pdf"
    assert main(["acta", "--db", str(db_path), "--session", full["session"],
                 "--out", str(out)]) == 0
    assert "Sin registro de asistencia" in pdf_text(out)
    assert "no tiene registro de asistencia" in capsys.readouterr().err


def test_an_unknown_session_is_a_spanish_error(committee_file, tmp_path, capsys):
    path, _ = committee_file
    out = tmp_path / "acta.pdf"
    assert main(["acta", "--db", str(path), "--session", "CDRPETI-UCA-SO-9",
                 "--out", str(out)]) == 1
    assert "no tiene la sesión ordinaria N° 9" in capsys.readouterr().err
    assert not out.exists()


def test_attendance_sheet_and_extracts(committee_file, tmp_path, capsys):
    path, _ = committee_file
    sheet = tmp_path / "asistencia.pdf"
    assert main(["asistencia", "--db", str(path), "--session", "CDRPETI-UCA-SO-2",
                 "--out", str(sheet)]) == 0
    assert "LISTA DE ASISTENCIA" in pdf_text(sheet)
    folder = tmp_path / "extractos"
    assert main(["extractos", "--db", str(path), "--session", "CDRPETI-UCA-SO-2",
                 "--out", str(folder)]) == 0
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["CDRPETI-UCA-SO-2-extracto-DRTPE.pdf", "CDRPETI-UCA-SO-2-extracto-MIMP.pdf",
                     "CDRPETI-UCA-SO-2-extracto-PNP.pdf"]
    assert "Remitir el informe de operativos" in pdf_text(folder / names[2])
    assert "3 extracto(s) guardado(s)" in capsys.readouterr().out


def test_help_documents_the_reference_format(capsys):
    assert main(["acta", "--help"]) == 0
    assert "<SIGLAS DEL COMITÉ>-<SO|SE>-<número>" in capsys.readouterr().out


def sign(path, tmp_path, monkeypatch, identity, field, password=None, ca=None):
    p12 = tmp_path / f"{identity.name.split()[0]}.p12"
    p12.write_bytes(identity.p12)
    monkeypatch.setattr(sys, "stdin", io.StringIO((password or identity.password) + "\n"))
    args = ["firmar", "--db", str(path), "--session", "CDRPETI-UCA-SO-2", "--p12", str(p12),
            "--field", field]
    if ca:
        args += ["--confiar", str(ca)]
    return main(args)


def test_sign_every_field_in_turn_then_verify(committee_file, tmp_path, monkeypatch, capsys,
                                             pki):
    path, full = committee_file
    ca = tmp_path / "ca.pem"
    ca.write_bytes(pki.ca_pem)
    fields = ["Firma Presidencia GORE", "Firma Secretaria Tecnica DRTPE", "Firma Titular MIMP",
              "Firma Alterno PNP", "Firma Titular DP"]
    for index, field in enumerate(fields):
        who = pki.ana if index % 2 == 0 else pki.luis
        assert sign(path, tmp_path, monkeypatch, who, field, ca=ca) == 0, capsys.readouterr()
    out = capsys.readouterr().out
    assert "Se preparó el acta para la firma digital." in out
    assert "el acta quedó FIRMADA (digital)" in out
    store = open_store(path)
    try:
        session = sessions.get_session(store, full["session"])
        assert session["state"] == "acta_firmada" and session["signature_mode"] == "digital"
        signed = signatures.signed_files(store, full["session"])
        assert [f["purpose"] for f in signed] == ["acta_firmada_digital"]
        from db.domain import attachments
        data = attachments.content(store, signed[0]["id"])
    finally:
        store.conn.close()
    copy = tmp_path / "firmada.pdf"
    copy.write_bytes(data)
    assert main(["verificar", str(copy), "--confiar", str(ca), "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.count(": válida") == 5 and "Ana Pérez Quispe" in out
    assert "La huella coincide" in out

    tampered = bytearray(data)
    at = tampered.index(b"stream", 2000) + 40
    tampered[at] ^= 0x01
    broken = tmp_path / "alterada.pdf"
    broken.write_bytes(bytes(tampered))
    assert main(["verificar", str(broken), "--confiar", str(ca)]) == 1
    captured = capsys.readouterr()
    assert "ROTA" in captured.out and "firma(s) rota(s)" in captured.err


def test_a_wrong_password_or_an_expired_certificate_changes_nothing(
        committee_file, tmp_path, monkeypatch, capsys, pki):
    path, full = committee_file
    assert sign(path, tmp_path, monkeypatch, pki.ana, "Firma Presidencia GORE",
                password="equivocada") == 1
    assert "La contraseña del certificado no es correcta." in capsys.readouterr().err
    assert sign(path, tmp_path, monkeypatch, pki.expired, "Firma Presidencia GORE") == 1
    assert "venció" in capsys.readouterr().err
    assert sign(path, tmp_path, monkeypatch, pki.ana, "Firma Inexistente") == 1
    assert "Campos disponibles" in capsys.readouterr().err
    store = open_store(path)
    try:
        from tests.db.factories import pending_signatures
        assert pending_signatures(store, full["session"]) == 5
        assert sessions.get_session(store, full["session"])["state"] == "acta_aprobada"
    finally:
        store.conn.close()


def test_verify_refuses_what_is_not_a_signed_pdf(tmp_path, capsys):
    text = tmp_path / "nota.pdf"
    text.write_text("hola")
    assert main(["verificar", str(text)]) == 1
    assert "no es un PDF válido" in capsys.readouterr().err
    missing = tmp_path / "no-existe.pdf"
    assert main(["verificar", str(missing)]) == 1
    assert "No se encontró el archivo" in capsys.readouterr().err
