"""The «Firmas» tab driven like a secretary would: approve the acta, sign it by hand (scan)
or digitally (two certificates in turn), check the signatures, register a fe de erratas
and attach annexes. Real SQLite, real PDFs and a throwaway PKI; only the file choosers
(native dialogs) are replaced."""

from __future__ import annotations

import hashlib
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from db.documents import acta_loader
from db.documents.acta_content import short_fingerprint
from db.domain import attachments, catalog, committees, membership, sessions, signatures
from db.locale_pe import lima_today, short_date
from desktop.operations import Operations
from desktop.session_editor.signatures_tab import SignaturesTab
from desktop.session_editor.signing.dialogs import SignFieldDialog
from desktop.session_editor.signing.models import BROKEN_BRUSH, SignatureReportsModel
from forms.signing import load_credentials, sign_pdf, signature_fields
from forms.trust import TrustRoots
from tests.db.factories import SCANNED_PDF, count_rows, snapshot, walk_to
from tests.support.pki import build_pki
from tests.support.typing import type_text

OFFICERS = {"GRDS": "Ana Pérez Quispe", "DRTPE": "Luis Huamán Rojas",
            "MIMP": "Rosa Panduro Ríos", "PNP": "Wilder Sangama Chumbe"}


def today_text() -> str:
    """Today as the tab writes it: Lima's date, whatever the machine's clock zone."""
    return short_date(lima_today())


@pytest.fixture(scope="module")
def pki():
    return build_pki()


@pytest.fixture
def certificates(tmp_path, pki) -> dict[str, Path]:
    paths = {}
    for key in ("ana", "luis"):
        paths[key] = tmp_path / f"{key}.p12"
        paths[key].write_bytes(getattr(pki, key).p12)
    return paths


@pytest.fixture
def trust(tmp_path, pki) -> TrustRoots:
    ca = tmp_path / "ca-prueba.pem"
    ca.write_bytes(pki.ca_pem)
    return TrustRoots.load([ca], folders=[])


@pytest.fixture
def committee_id(db) -> str:
    """Presidency, technical secretariat and two members, each with a titular."""
    committee_id = committees.create_committee(
        db, kind="cdrpeti", name="Comité Directivo Regional para la Prevención y Erradicación "
        "del Trabajo Infantil de Ucayali", acronym="CDRPETI-UCA", region_code="PE-UCA",
        city="Pucallpa")
    for acronym, flags in (("GRDS", {"is_presidency": True}),
                           ("DRTPE", {"is_secretariat": True}), ("MIMP", {}), ("PNP", {})):
        seat = membership.add_seat(db, committee_id, catalog.institution_id(acronym), **flags)
        membership.designate(db, seat, "titular", OFFICERS[acronym], "2024-01-01")
    return committee_id


@pytest.fixture
def session_id(db, committee_id) -> str:
    """The session of 10/03/2025, everyone present."""
    session_id = sessions.create_session(db, committee_id, date="2025-03-10",
                                         start_time="09:00", end_time="11:30")
    for row in sessions.attendance_sheet(db, session_id):
        sessions.set_attendance(db, session_id, row["seat_id"], "titular")
    return session_id


@pytest.fixture
def open_tab(qtbot, db, trust):
    def open_(session_id: str) -> SignaturesTab:
        tab = SignaturesTab(Operations(db))
        tab.trust = trust
        qtbot.addWidget(tab)
        tab.set_session(session_id)
        tab.show()
        qtbot.waitExposed(tab)
        return tab
    return open_


def click(qtbot, tab, button, timeout=5000):
    """Click a button whose action writes, waiting for the change notice."""
    assert button.isEnabled()
    with qtbot.waitSignal(tab.ops.changed, timeout=timeout):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def confirm(qtbot, tab, timeout=5000):
    box = tab.context.confirm_box
    assert box is not None and box.isVisible()
    assert "no se puede deshacer" in box.text()
    click(qtbot, tab, box.accept_button, timeout)


def choose_files(monkeypatch, tab, *paths):
    monkeypatch.setattr(tab.context, "choose_open_files", lambda *_a, **_k: [str(p) for p in paths])


def png_file(path: Path) -> Path:
    image = QImage(60, 40, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    assert image.save(str(path), "PNG")
    return path


def column(model, col):
    return [model.index(row, col).data() for row in range(model.rowCount())]


def everything(db) -> dict[str, int]:
    return {**snapshot(db), "blobs": count_rows(db, "blobs")}


# --- approval ---------------------------------------------------------------------------

def test_approval_in_the_same_session(qtbot, db, session_id, open_tab):
    walk_to(db, session_id, "realizada")
    tab = open_tab(session_id)
    assert "Realizada (acta en borrador)" in tab.approval.state_label.text()
    assert tab.approval.approval_box.isVisible()
    assert tab.approval.approval_combo.currentText() == "En esta misma sesión"
    assert not tab.wet.attach_scans_button.isEnabled()
    assert not tab.digital.prepare_button.isEnabled()
    current = acta_loader.load_acta(db, session_id).short_fingerprint
    assert tab.approval.fingerprint_label.text() == f"Huella del contenido actual: <b>{current}</b>"

    click(qtbot, tab, tab.approval.approve_button)

    stored = sessions.get_session(db, session_id)
    assert (stored["state"], stored["approved_in_session_id"]) == ("acta_aprobada", session_id)
    assert tab.approval.approved_label.text() == "Aprobada en: esta misma sesión (10/03/2025)"
    assert not tab.approval.approval_box.isVisible()
    assert tab.wet.attach_scans_button.isEnabled() and tab.digital.prepare_button.isEnabled()
    assert not tab.errata.isEnabled()


def test_approval_in_a_later_session(qtbot, db, committee_id, session_id, open_tab):
    walk_to(db, session_id, "realizada")
    later = sessions.create_session(db, committee_id, date="2025-04-14")
    sessions.create_session(db, committee_id, date="2025-05-12")  # programada: not offered
    walk_to(db, later, "realizada")
    tab = open_tab(session_id)
    combo = tab.approval.approval_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "En esta misma sesión", "Sesión Ordinaria N° 2 — 14/04/2025"]

    tab.approval.approval_combo.setCurrentIndex(1)
    click(qtbot, tab, tab.approval.approve_button)

    assert sessions.get_session(db, session_id)["approved_in_session_id"] == later
    assert tab.approval.approved_label.text() == "Aprobada en: Sesión Ordinaria N° 2 del 14/04/2025"


# --- (a) wet signature ------------------------------------------------------------------

@pytest.mark.usefixtures("either_clock")
def test_wet_signature_with_a_pdf_and_an_image(qtbot, qtmodeltester, db, session_id,
                                               open_tab, tmp_path, monkeypatch):
    walk_to(db, session_id, "acta_aprobada")
    pdf = tmp_path / "acta-firmada-p1.pdf"
    pdf.write_bytes(SCANNED_PDF)
    png = png_file(tmp_path / "acta-firmada-p2.png")
    tab = open_tab(session_id)
    printed = acta_loader.load_acta(db, session_id).short_fingerprint
    assert tab.files.files_empty.isVisible() and tab.annexes.annex_list.count() == 0
    assert tab.annexes.add_annex_button.isEnabled()

    choose_files(monkeypatch, tab, pdf, png)
    qtbot.mouseClick(tab.wet.attach_scans_button, Qt.MouseButton.LeftButton)
    assert "«acta-firmada-p1.pdf», «acta-firmada-p2.png»" in tab.context.confirm_box.text()
    confirm(qtbot, tab)

    stored = sessions.get_session(db, session_id)
    assert (stored["state"], stored["signature_mode"]) == ("acta_firmada", "fisica")
    assert "Acta firmada" in tab.approval.state_label.text()
    assert tab.approval.signed_label.text() == f"Firmada (física) el {today_text()}"
    assert tab.approval.fingerprint_label.text() == f"Huella del acta: <b>{printed}</b>"
    assert short_fingerprint(stored["acta_fingerprint"]) == printed
    assert tab.context.notice.text() == "El acta quedó firmada (firma física)."

    model = tab.files.files_model
    qtmodeltester.check(model)
    assert column(model, 0) == ["acta-firmada-p1.pdf", "acta-firmada-p2.png"]
    assert set(column(model, 1)) == {"Acta firmada (física, escaneada)"}
    digest = hashlib.sha256(png.read_bytes()).hexdigest()
    assert column(model, 3)[1] == digest[:16]
    assert model.index(1, 3).data(Qt.ItemDataRole.ToolTipRole) == digest
    assert column(model, 2)[0] == "0,0 KB"  # 41 bytes
    assert "no lleva firmas digitales" in tab.files.reports_caption.text()
    assert tab.files.reports_model.rowCount() == 0

    # Signed: nothing about the acta can change any more, only fe de erratas.
    for button in (tab.wet.attach_scans_button, tab.digital.prepare_button,
                   tab.digital.sign_button, tab.digital.attach_signed_button,
                   tab.annexes.add_annex_button, tab.approval.approve_button,
                   tab.files.revalidate_button):
        assert not button.isEnabled(), button.objectName()
    assert tab.files.save_copy_button.isEnabled() and tab.errata.isEnabled()


def test_a_text_file_or_a_renamed_word_file_is_refused(qtbot, db, session_id, open_tab,
                                                      tmp_path, monkeypatch):
    walk_to(db, session_id, "acta_aprobada")
    text = tmp_path / "acta.txt"
    text.write_text("Acta de la sesión firmada", encoding="utf-8")
    word = tmp_path / "acta-firmada.pdf"  # a .docx renamed: a ZIP file inside
    word.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(200))
    tab = open_tab(session_id)
    before = everything(db)

    choose_files(monkeypatch, tab, text)
    qtbot.mouseClick(tab.wet.attach_scans_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.context.confirm_box.cancel_button, Qt.MouseButton.LeftButton)
    assert everything(db) == before and not tab.context.error.isVisible()

    for chosen in ((word,), (tmp_path / "scan.pdf", text)):
        if chosen[0].name == "scan.pdf":
            chosen[0].write_bytes(SCANNED_PDF)  # a good scan with a bad page: still nothing
        choose_files(monkeypatch, tab, *chosen)
        qtbot.mouseClick(tab.wet.attach_scans_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(tab.context.confirm_box.accept_button, Qt.MouseButton.LeftButton)
        assert tab.context.error.isVisible()
        assert "no es un PDF ni una imagen (PNG, JPEG o TIFF). No se ha guardado nada." in \
            tab.context.error.text()
        assert everything(db) == before
    assert sessions.get_session(db, session_id)["state"] == "acta_aprobada"
    assert tab.wet.attach_scans_button.isEnabled()


# --- (b) digital signature --------------------------------------------------------------

def sign_selected(qtbot, tab, monkeypatch, certificate: Path, password: str, *, ok=True):
    qtbot.mouseClick(tab.digital.sign_button, Qt.MouseButton.LeftButton)
    dialog = tab.digital.sign_dialog
    assert dialog.isVisible()
    assert dialog.password_edit.echoMode() == dialog.password_edit.EchoMode.Password
    monkeypatch.setattr(SignFieldDialog, "choose_certificate", lambda _self: str(certificate))
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert dialog.certificate_edit.text() == str(certificate)
    qtbot.keyClicks(dialog.password_edit, password)
    if ok:
        click(qtbot, tab, dialog.ok_button, timeout=20000)
    else:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.password_edit.text() == ""  # used once, never kept
    return dialog


def fields_shown(tab) -> list[str]:
    return [tab.digital.fields_list.item(i).text() for i in range(tab.digital.fields_list.count())]


@pytest.mark.usefixtures("either_clock")
def test_digital_signature_in_turn_then_concluded(qtbot, qtmodeltester, db, session_id,
                                                  open_tab, certificates, pki, monkeypatch):
    walk_to(db, session_id, "acta_aprobada")
    tab = open_tab(session_id)
    assert not tab.digital.sign_button.isEnabled() and not tab.digital.finish_button.isEnabled()
    click(qtbot, tab, tab.digital.prepare_button, timeout=20000)

    assert fields_shown(tab) == [
        "○ Firma Presidencia GRDS — pendiente", "○ Firma Secretaria Tecnica DRTPE — pendiente",
        "○ Firma Titular MIMP — pendiente", "○ Firma Titular PNP — pendiente"]
    assert tab.digital.fields_status.text() == "PDF preparado: 0 de 4 campos firmados."
    assert column(tab.files.files_model, 1) == ["Acta preparada para firma digital"]

    tab.digital.fields_list.setCurrentRow(0)
    dialog = sign_selected(qtbot, tab, monkeypatch, certificates["ana"], pki.ana.password)
    assert "Firma Presidencia GRDS" in dialog.field_label.text()
    assert not dialog.isVisible()
    assert fields_shown(tab)[0] == "✔ Firma Presidencia GRDS"
    assert tab.context.notice.text() == "Se firmó el campo «Firma Presidencia GRDS»."
    assert not tab.digital.sign_button.isEnabled()  # the selected field is signed now
    assert tab.files.report_detail.text().startswith("Firma íntegra de Ana Pérez Quispe (MIMP), ")

    before = everything(db)  # preparing again would discard the signature: asked first
    qtbot.mouseClick(tab.digital.prepare_button, Qt.MouseButton.LeftButton)
    assert "las firmas registradas se descartan" in tab.context.confirm_box.text()
    qtbot.mouseClick(tab.context.confirm_box.cancel_button, Qt.MouseButton.LeftButton)
    assert everything(db) == before

    tab.digital.fields_list.setCurrentRow(1)
    sign_selected(qtbot, tab, monkeypatch, certificates["luis"], pki.luis.password)
    assert fields_shown(tab)[:2] == ["✔ Firma Presidencia GRDS",
                                     "✔ Firma Secretaria Tecnica DRTPE"]
    assert tab.digital.fields_status.text() == "PDF preparado: 2 de 4 campos firmados."
    assert sessions.get_session(db, session_id)["state"] == "acta_aprobada"

    reports = tab.files.reports_model
    qtmodeltester.check(reports)
    assert column(reports, 0) == ["Firma Presidencia GRDS", "Firma Secretaria Tecnica DRTPE"]
    assert column(reports, 1) == ["Ana Pérez Quispe (MIMP)",
                                  "Luis Huamán Rojas (Gobierno Regional de Ucayali)"]
    assert column(reports, 3) == ["Sí", "Sí"] and column(reports, 4) == ["No", "No"]
    assert column(reports, 5) == ["Verificada", "Verificada"]
    assert column(reports, 6)[1].startswith("Firma íntegra de Luis Huamán Rojas")
    assert all(reports.index(r, 0).data(Qt.ItemDataRole.BackgroundRole) is None
               for r in range(2))

    click_finish = tab.digital.finish_button
    qtbot.mouseClick(click_finish, Qt.MouseButton.LeftButton)
    assert "2 de 4 campos firmados" in tab.context.confirm_box.text()
    confirm(qtbot, tab, timeout=20000)

    stored = sessions.get_session(db, session_id)
    assert (stored["state"], stored["signature_mode"]) == ("acta_firmada", "digital")
    assert tab.approval.signed_label.text() == f"Firmada (digital) el {today_text()}"
    assert column(tab.files.files_model, 1) == ["Acta firmada (digital)"]
    assert column(tab.files.files_model, 4) == [today_text()]
    assert tab.files.reports_model.rowCount() == 2 and fields_shown(tab) == []
    assert not tab.digital.prepare_button.isEnabled()
    assert not tab.annexes.add_annex_button.isEnabled()
    qtmodeltester.check(tab.files.files_model)

    assert tab.files.revalidate_button.isEnabled()
    click(qtbot, tab, tab.files.revalidate_button, timeout=20000)
    assert tab.context.notice.text() == ("Se verificaron de nuevo las firmas de "
                                 "«CDRPETI-UCA-SO-1-firmada.pdf»: todas están íntegras.")


def test_a_wrong_password_changes_nothing(qtbot, db, session_id, open_tab, certificates,
                                          monkeypatch):
    walk_to(db, session_id, "acta_aprobada")
    tab = open_tab(session_id)
    click(qtbot, tab, tab.digital.prepare_button, timeout=20000)
    copy = signatures.working_copy(db, session_id)
    before = everything(db)

    tab.digital.fields_list.setCurrentRow(0)
    dialog = sign_selected(qtbot, tab, monkeypatch, certificates["ana"], "clave-equivocada",
                           ok=False)

    assert dialog.isVisible()  # stays open to try again
    assert dialog.error_label.text() == "La contraseña del certificado no es correcta."
    assert everything(db) == before
    assert signatures.working_copy(db, session_id)["sha256"] == copy["sha256"]
    assert fields_shown(tab)[0] == "○ Firma Presidencia GRDS — pendiente"
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel),
                     Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and everything(db) == before


def test_a_pdf_signed_with_another_tool_is_attached(qtbot, db, session_id, open_tab, pki,
                                                    tmp_path, monkeypatch):
    walk_to(db, session_id, "acta_aprobada")
    tab = open_tab(session_id)
    click(qtbot, tab, tab.digital.prepare_button, timeout=20000)

    # The secretary saves the prepared PDF; the signatories sign it elsewhere.
    prepared = tmp_path / "para-firma.pdf"
    monkeypatch.setattr(tab.context, "choose_save_path", lambda *_a: str(prepared))
    qtbot.mouseClick(tab.files.save_copy_button, Qt.MouseButton.LeftButton)
    assert prepared.read_bytes() == attachments.content(
        db, signatures.working_copy(db, session_id)["id"])
    pdf = prepared.read_bytes()
    for state, who in zip(signature_fields(pdf), (pki.ana, pki.luis), strict=False):
        pdf = sign_pdf(pdf, state.name, load_credentials(who.p12, who.password))
    signed = tmp_path / "acta-firmada-en-plataforma.pdf"
    signed.write_bytes(pdf)

    choose_files(monkeypatch, tab, signed)
    qtbot.mouseClick(tab.digital.attach_signed_button, Qt.MouseButton.LeftButton)
    confirm(qtbot, tab, timeout=20000)

    assert sessions.get_session(db, session_id)["signature_mode"] == "digital"
    assert column(tab.files.files_model, 0) == ["acta-firmada-en-plataforma.pdf"]
    assert column(tab.files.reports_model, 5) == ["Verificada", "Verificada"]


def test_a_broken_signature_row_is_red(qtmodeltester):
    model = SignatureReportsModel()
    good = {"field_name": "Firma Presidencia GRDS", "signer_name": "Ana Pérez Quispe",
            "organisation": "MIMP", "signing_time": "2025-03-12T10:14:00-05:00",
            "intact": True, "valid": True, "trusted": False, "modified_after": False,
            "later_revisions": False, "summary": "Firma íntegra de Ana Pérez Quispe (MIMP)",
            "broken": False}
    broken = {**good, "field_name": "Firma Titular MIMP", "intact": False, "broken": True,
              "summary": "FIRMA ROTA: el contenido fue alterado después de firmar."}
    model.set_rows([good, broken])
    qtmodeltester.check(model)
    assert column(model, 2) == ["12/03/2025 10:14 a.m."] * 2
    assert column(model, 3) == ["Sí", "No"] and column(model, 5) == ["No verificada"] * 2
    assert model.index(0, 6).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(1, 6).data(Qt.ItemDataRole.BackgroundRole) == BROKEN_BRUSH


def test_a_damaged_trusted_certificate_is_reported_not_fatal(qtbot, db, pki):
    from forms.trust import user_trust_dir

    user_trust_dir().mkdir(parents=True)  # under the test's own XDG_CONFIG_HOME
    (user_trust_dir() / "raiz-danada.pem").write_text("no es un certificado")
    (user_trust_dir() / "raiz-buena.pem").write_bytes(pki.ca_pem)
    tab = SignaturesTab(Operations(db))  # the real roots, read on first use
    qtbot.addWidget(tab)
    assert len(tab.trust.certificates) == 1, "the good authority is still trusted"
    assert tab.context.trust_warning.isVisibleTo(tab)
    assert "«raiz-danada.pem» no es un certificado de autoridad válido" in \
        tab.context.trust_warning.text()


# --- fe de erratas ----------------------------------------------------------------------

@pytest.mark.usefixtures("either_clock")
def test_errata_registered_and_saved_as_pdf(qtbot, db, session_id, open_tab, tmp_path,
                                            monkeypatch):
    walk_to(db, session_id, "acta_firmada")
    tab = open_tab(session_id)
    assert tab.errata.isEnabled() and not tab.errata.save_errata_button.isEnabled()

    qtbot.mouseClick(tab.errata.add_errata_button, Qt.MouseButton.LeftButton)
    dialog = tab.errata.errata_dialog
    assert dialog.isVisible()
    before = everything(db)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no text yet
    assert dialog.isVisible() and "Texto de la fe de erratas" in dialog.error_label.text()
    assert everything(db) == before

    body = "En el acuerdo 3, donde dice DRTPE, debe decir DIRESA."
    type_text(qtbot, dialog.body_edit, body)
    click(qtbot, tab, dialog.ok_button)
    assert not dialog.isVisible()
    [errata] = signatures.errata_for(db, session_id)
    item = tab.errata.errata_list.topLevelItem(0)
    assert [item.text(i) for i in range(3)] == ["1", today_text(), body]
    assert tab.errata.save_errata_button.isEnabled()

    target = tmp_path / "fe de erratas"  # no extension typed: .pdf is added
    suggested = []
    monkeypatch.setattr(tab.context, "choose_save_path",
                        lambda _title, name, _filters: suggested.append(name) or str(target))
    qtbot.mouseClick(tab.errata.save_errata_button, Qt.MouseButton.LeftButton)
    saved = target.with_name("fe de erratas.pdf")
    assert not tab.context.error.isVisible(), tab.context.error.text()
    assert saved.read_bytes().startswith(b"%PDF")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(
        saved.read_bytes())).pages).split())
    assert body in text
    assert suggested == ["CDRPETI-UCA-SO-1-fe-de-erratas-1.pdf"] and errata["number"] == 1


def test_errata_not_offered_before_signing(db, session_id, open_tab):
    walk_to(db, session_id, "acta_aprobada")
    tab = open_tab(session_id)
    assert not tab.errata.isEnabled() and not tab.errata.add_errata_button.isEnabled()


# --- annexes ----------------------------------------------------------------------------

def test_annexes_added_removed_and_undone(qtbot, db, session_id, open_tab, tmp_path,
                                          monkeypatch):
    walk_to(db, session_id, "realizada")
    annex = tmp_path / "informe-DRTPE.pdf"
    annex.write_bytes(SCANNED_PDF)
    tab = open_tab(session_id)
    stack = tab.ops.undo_stack

    choose_files(monkeypatch, tab, annex)
    click(qtbot, tab, tab.annexes.add_annex_button)
    assert [tab.annexes.annex_list.item(0).text()] == ["informe-DRTPE.pdf (0,0 KB)"]
    assert acta_loader.load_acta(db, session_id).annexes == ["informe-DRTPE.pdf"]
    [row] = attachments.for_session(db, session_id, ("anexo",))

    with qtbot.waitSignal(tab.ops.changed):
        stack.undo()
    assert tab.annexes.annex_list.count() == 0
    with qtbot.waitSignal(tab.ops.changed):
        stack.redo()
    assert [r["id"] for r in attachments.for_session(db, session_id, ("anexo",))] == \
        [row["id"]]  # the same row comes back

    tab.annexes.annex_list.setCurrentRow(0)
    click(qtbot, tab, tab.annexes.remove_annex_button)
    assert tab.annexes.annex_list.count() == 0
    assert "Puede deshacerlo" in tab.context.notice.text()
    with qtbot.waitSignal(tab.ops.changed):
        stack.undo()
    assert tab.annexes.annex_list.count() == 1

    before = everything(db)
    text = tmp_path / "notas.txt"
    text.write_text("notas", encoding="utf-8")
    choose_files(monkeypatch, tab, annex, text)  # one bad file: none is stored
    qtbot.mouseClick(tab.annexes.add_annex_button, Qt.MouseButton.LeftButton)
    assert "«notas.txt» no es un PDF ni una imagen" in tab.context.error.text()
    assert everything(db) == before

    tab.set_locked(True)  # as the session editor does for a signed acta
    assert not tab.annexes.add_annex_button.isEnabled()
    assert not tab.annexes.remove_annex_button.isEnabled()
