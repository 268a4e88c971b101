"""The committee's logo: chosen on the «Comité» page, undoable, printed in the acta."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from db.domain import attachments, committees
from desktop.operations import Operations
from desktop.pages.committee_page import CommitteePage
from forms.documents import Kind, build
from tests.db.factories import make_full_session, snapshot


def make_png(path) -> None:
    image = QImage(120, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("#0b5394"))
    assert image.save(str(path), "PNG")


def open_page(qtbot, db, committee_id) -> CommitteePage:
    page = CommitteePage(Operations(db))
    qtbot.addWidget(page)
    page.set_committee(committee_id)
    return page


def test_choose_a_logo_print_it_and_undo(qtbot, db, tmp_path, monkeypatch):
    full = make_full_session(db)
    page = open_page(qtbot, db, full["committee"])
    box = page.logo_box
    assert box.preview.text() == "Sin logo" and not box.clear_button.isEnabled()
    logo = tmp_path / "escudo.png"
    make_png(logo)
    monkeypatch.setattr(box, "choose_image", lambda: str(logo))
    qtbot.mouseClick(box.choose_button, Qt.MouseButton.LeftButton)
    digest = committees.get_committee(db, full["committee"])["logo_sha256"]
    assert attachments.logo(db, digest) == logo.read_bytes()
    assert not box.preview.pixmap().isNull() and box.clear_button.isEnabled()

    out = BytesIO()
    build(db, Kind.ACTA, full["session"], out)
    page_one = PdfReader(BytesIO(out.getvalue())).pages[0]
    assert len(page_one.images) >= 1, "the logo is drawn in the header"

    page.ops.undo_stack.undo()
    assert committees.get_committee(db, full["committee"])["logo_sha256"] is None
    assert box.preview.text() == "Sin logo"
    page.ops.undo_stack.redo()
    assert committees.get_committee(db, full["committee"])["logo_sha256"] == digest


def test_a_file_that_is_not_an_image_is_refused(qtbot, db, tmp_path, monkeypatch):
    full = make_full_session(db)
    page = open_page(qtbot, db, full["committee"])
    fake = tmp_path / "logo.png"
    fake.write_text("no soy una imagen")
    monkeypatch.setattr(page.logo_box, "choose_image", lambda: str(fake))
    before = snapshot(db)
    qtbot.mouseClick(page.logo_box.choose_button, Qt.MouseButton.LeftButton)
    assert "no es una imagen PNG ni JPEG" in page.logo_box.message.text()
    assert snapshot(db) == before and page.ops.undo_stack.count() == 0
