"""Showing and printing a generated PDF inside the app, with Qt PDF.

Printing renders each page with Qt PDF onto the printer's painter, so it works with any
printer the system offers (and with «Microsoft Print to PDF»), without an external reader.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

# Enough for a crisp signature page; more only costs memory on a 300 dpi printer.
MAX_PRINT_DPI = 300


def load_document(pdf: bytes, parent) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument reading from memory. Keep the buffer alive as long as the document."""
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(parent)
    document.load(buffer)
    return document, buffer


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Print every page of ``pdf`` on ``printer``; returns the number of pages printed."""
    document, buffer = load_document(pdf, None)
    try:
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        try:
            for page in range(document.pageCount()):
                if page:
                    printer.newPage()
                points = document.pagePointSize(page)
                image = document.render(page, QSize(int(points.width() / 72 * dpi),
                                                    int(points.height() / 72 * dpi)))
                target = QRectF(painter.viewport())
                scale = min(target.width() / image.width(), target.height() / image.height())
                size = QSize(int(image.width() * scale), int(image.height() * scale))
                painter.drawImage(QRectF(QPointF(0, 0), size.toSizeF()), image)
        finally:
            painter.end()
        return document.pageCount()
    finally:
        document.close()
        buffer.close()


def open_print_dialog(pdf: bytes, parent: QWidget) -> QPrintDialog:
    """The system print dialog, non-blocking; accepting it prints the document."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName("Sesiona")
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(parent.tr("Imprimir"))
    dialog.finished.connect(lambda result: _print_if_accepted(result, pdf, printer))
    dialog.finished.connect(dialog.deleteLater)
    dialog.printer_ref = printer  # the dialog does not own it; keep it alive with it
    # QPrintDialog.open() needs a receiver in PySide; show() with window modality is the
    # same non-blocking dialog.
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.show()
    return dialog


def _print_if_accepted(result: int, pdf: bytes, printer: QPrinter) -> None:
    if result == QDialog.DialogCode.Accepted:
        print_pdf(pdf, printer)


class PdfPreviewDialog(QDialog):
    """«Vista previa»: the document as it will print, with print and save at hand."""

    print_requested = Signal()
    save_requested = Signal()

    def __init__(self, pdf: bytes, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(820, 960)
        self.pdf = pdf
        self.document, self._buffer = load_document(pdf, self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        pages = self.document.pageCount()
        self.pages_label = QLabel(self.tr("%n página(s)", "", pages))
        self.print_button = QPushButton(self.tr("Imprimir…"))
        self.save_button = QPushButton(self.tr("Guardar PDF…"))
        close = QPushButton(self.tr("Cerrar"))
        self.print_button.clicked.connect(self.print_requested)
        self.save_button.clicked.connect(self.save_requested)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pages_label)
        buttons.addStretch()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        self.finished.connect(self._release)

    def _release(self) -> None:
        self.view.setDocument(None)
        self.document.close()
        self._buffer.close()
