"""«Vista previa», «Guardar PDF», «Imprimir» and the other documents, from the session screen."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrinter

from desktop.operations import Operations
from desktop.pages.sessions_page import SessionsPage
from desktop.pdf_viewer import print_pdf
from tests.db.factories import make_full_session

TIMEOUT = 20_000  # layout runs in a worker thread; generous for a busy CI machine


def open_session_screen(qtbot, db):
    full = make_full_session(db)
    page = SessionsPage(Operations(db))
    qtbot.addWidget(page)
    page.set_committee(full["committee"])
    page.open_session(full["session"])
    page.show()
    return page, full


def test_preview_renders_the_acta_inside_the_app(qtbot, db):
    page, _ = open_session_screen(qtbot, db)
    documents = page.editor.documents
    assert documents.isVisible() and documents.preview_button.isEnabled()
    with qtbot.waitSignal(documents.preview_opened, timeout=TIMEOUT) as opened:
        qtbot.mouseClick(documents.preview_button, Qt.MouseButton.LeftButton)
    dialog = opened.args[0]
    assert dialog.isVisible()
    assert dialog.document.pageCount() >= 2
    assert dialog.view.document() is dialog.document
    image = dialog.document.render(0, QSize(298, 421))
    colours = {image.pixelColor(x, y).name() for x in range(0, 298, 7)
               for y in range(0, 421, 7)}
    assert QColor("white").name() in colours and len(colours) > 3, "a page with content"
    assert "Vista previa — Sesión Ordinaria N° 2" == dialog.windowTitle()
    dialog.reject()


def test_save_pdf_asks_where_and_writes_the_acta(qtbot, db, tmp_path, monkeypatch):
    page, _ = open_session_screen(qtbot, db)
    documents = page.editor.documents
    target = tmp_path / "actas" / "acta-2.pdf"
    target.parent.mkdir()
    asked = []
    monkeypatch.setattr(documents, "choose_save_path",
                        lambda suggested: asked.append(suggested) or str(target))
    with qtbot.waitSignal(documents.saved, timeout=TIMEOUT):
        qtbot.mouseClick(documents.save_button, Qt.MouseButton.LeftButton)
    assert asked == ["CDRPETI-UCA-SO-2-acta.pdf"]
    text = "\n".join(p.extract_text() for p in PdfReader(target).pages)
    assert "ACTA DE LA SESIÓN ORDINARIA N° 2" in text
    assert "Guardado en" in documents.message.text()


def test_cancelling_the_save_dialog_writes_nothing(qtbot, db, tmp_path, monkeypatch):
    page, _ = open_session_screen(qtbot, db)
    documents = page.editor.documents
    monkeypatch.setattr(documents, "choose_save_path", lambda suggested: "")
    qtbot.mouseClick(documents.save_button, Qt.MouseButton.LeftButton)
    assert documents.task is None and list(tmp_path.glob("*.pdf")) == []


def test_an_unwritable_target_is_explained(qtbot, db, tmp_path, monkeypatch):
    page, _ = open_session_screen(qtbot, db)
    documents = page.editor.documents
    monkeypatch.setattr(documents, "choose_save_path",
                        lambda suggested: str(tmp_path / "no-existe" / "acta.pdf"))
    with qtbot.waitSignal(documents.failed, timeout=TIMEOUT) as failed:
        qtbot.mouseClick(documents.save_button, Qt.MouseButton.LeftButton)
    assert failed.args[0].startswith("No se pudo escribir el archivo")
    assert documents.message.text() == failed.args[0]


def test_attendance_sheet_and_extracts_from_the_menu(qtbot, db, tmp_path, monkeypatch):
    page, _ = open_session_screen(qtbot, db)
    documents = page.editor.documents
    sheet = tmp_path / "asistencia.pdf"
    monkeypatch.setattr(documents, "choose_save_path", lambda suggested: str(sheet))
    with qtbot.waitSignal(documents.saved, timeout=TIMEOUT):
        documents.sheet_action.trigger()
    assert "LISTA DE ASISTENCIA" in PdfReader(sheet).pages[0].extract_text()
    folder = tmp_path / "extractos"
    monkeypatch.setattr(documents, "choose_folder", lambda: str(folder))
    with qtbot.waitSignal(documents.saved, timeout=TIMEOUT):
        documents.extracts_action.trigger()
    assert len(list(folder.glob("*.pdf"))) == 3


def test_printing_renders_every_page_on_the_printer(qtbot, db, tmp_path):
    page, _ = open_session_screen(qtbot, db)
    source = tmp_path / "acta.pdf"
    monkeypatch_free_save(page, source, qtbot)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "impreso.pdf"
    printer.setOutputFileName(str(printed))
    printer.setResolution(96)
    pages = print_pdf(source.read_bytes(), printer)
    assert pages == len(PdfReader(source).pages) >= 2
    assert len(PdfReader(printed).pages) == pages


def monkeypatch_free_save(page, target, qtbot) -> None:
    documents = page.editor.documents
    documents.choose_save_path = lambda suggested: str(target)
    with qtbot.waitSignal(documents.saved, timeout=TIMEOUT):
        qtbot.mouseClick(documents.save_button, Qt.MouseButton.LeftButton)


def test_print_opens_the_system_print_dialog_and_prints_on_accept(qtbot, db, tmp_path):
    from PySide6.QtPrintSupport import QPrintDialog

    page, _ = open_session_screen(qtbot, db)
    documents = page.editor.documents
    with qtbot.waitSignal(documents.print_dialog_opened, timeout=TIMEOUT) as opened:
        qtbot.mouseClick(documents.print_button, Qt.MouseButton.LeftButton)
    dialog = opened.args[0]
    assert isinstance(dialog, QPrintDialog) and dialog.isVisible()
    printed = tmp_path / "impreso.pdf"
    dialog.printer_ref.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    dialog.printer_ref.setOutputFileName(str(printed))
    dialog.printer_ref.setResolution(96)
    dialog.done(QPrintDialog.DialogCode.Accepted)
    assert len(PdfReader(printed).pages) >= 2


def test_the_acta_can_carry_the_plan_execution_as_an_annex(qtbot, db, tmp_path):
    from tests.db.plan_factories import make_plan

    page, full = open_session_screen(qtbot, db)
    documents = page.editor.documents
    documents.plan_annex_action.setChecked(True)
    assert documents._annex_plan_id() is None
    assert "no tiene plan de trabajo 2020" in documents.message.text()
    without_plan = tmp_path / "sin-plan.pdf"
    monkeypatch_free_save(page, without_plan, qtbot)
    assert "ANEXOS" not in "\n".join(p.extract_text() for p in PdfReader(without_plan).pages)

    make_plan(db, full["committee"], year=2020)
    with_plan = tmp_path / "con-plan.pdf"
    monkeypatch_free_save(page, with_plan, qtbot)
    text = "\n".join(p.extract_text() for p in PdfReader(with_plan).pages)
    assert "ANEXOS" in text and "Talleres realizados" in text
