"""The widgets of the «Firmas» tab, laid out in group boxes inside a scroll area.

Only construction lives here (like a Designer form's ``setupUi``); what the widgets do is
in ``signatures_tab``. Each button is connected to the tab's ``on_<button>_clicked`` slot.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QTableView,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.fields import ErrorLabel


def _label(name: str, *, selectable: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _table(name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setMinimumHeight(90)
    return view


class SignaturesLayout:
    """Builds the tab's widgets as attributes of the tab (mixed into ``SignaturesTab``)."""

    def build_layout(self) -> None:
        self.error = ErrorLabel()
        self.error.setObjectName("signatures_error")
        self.notice = _label("signatures_notice")
        self.notice.setStyleSheet("color: #1b5e20;")
        self.notice.hide()
        self.trust_warning = _label("trust_warning")
        self.trust_warning.setStyleSheet("color: #8a5a00;")
        self.trust_warning.hide()

        content = QWidget()
        layout = QVBoxLayout(content)
        for build in (self._state_box, self._files_box, self._reports_box, self._wet_box,
                      self._digital_box, self._errata_box, self._annex_box):
            layout.addWidget(build())
        layout.addStretch()
        scroll = QScrollArea()
        scroll.setObjectName("signatures_scroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.error)
        outer.addWidget(self.notice)
        outer.addWidget(self.trust_warning)
        outer.addWidget(scroll)

    def _button(self, name: str, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(f"{name}_button")
        button.clicked.connect(getattr(self, f"on_{name}_button_clicked"))
        setattr(self, f"{name}_button", button)
        return button

    @staticmethod
    def _row(*widgets: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        for widget in widgets:
            row.addWidget(widget)
        row.addStretch()
        return row

    # 1. Estado del acta ---------------------------------------------------------------

    def _state_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Estado del acta"))
        self.state_label = _label("state_label")
        self.approved_label = _label("approved_label")
        self.signed_label = _label("signed_label")
        self.fingerprint_label = _label("fingerprint_label", selectable=True)
        self.next_step_label = _label("next_step_label")
        self.approval_box = QGroupBox(self.tr("Registrar aprobación"))
        self.approval_box.setObjectName("approval_box")
        self.approval_combo = QComboBox()
        self.approval_combo.setObjectName("approval_combo")
        approval = QHBoxLayout(self.approval_box)
        approval.addWidget(QLabel(self.tr("Aprobada en:")))
        approval.addWidget(self.approval_combo, 1)
        approval.addWidget(self._button("approve", self.tr("Registrar aprobación")))
        layout = QVBoxLayout(box)
        for widget in (self.state_label, self.approved_label, self.signed_label,
                       self.fingerprint_label, self.next_step_label, self.approval_box):
            layout.addWidget(widget)
        return box

    # 2 and 3. Archivos firmados, Validación de firmas ----------------------------------

    def _files_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Archivos firmados"))
        self.files_view = _table("files_view")
        self.files_view.setMaximumHeight(150)
        self.files_empty = _label("files_empty")
        self.files_empty.setText(self.tr("Todavía no hay archivos del acta firmada."))
        layout = QVBoxLayout(box)
        layout.addWidget(self.files_empty)
        layout.addWidget(self.files_view)
        layout.addLayout(self._row(self._button("save_copy", self.tr("Guardar copia…")),
                                   self._button("revalidate", self.tr("Validar de nuevo"))))
        return box

    def _reports_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Validación de firmas"))
        self.reports_caption = _label("reports_caption")
        self.reports_view = _table("reports_view")
        self.reports_view.setWordWrap(False)
        self.reports_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.reports_view.setMaximumHeight(150)
        self.report_detail = _label("report_detail", selectable=True)
        layout = QVBoxLayout(box)
        layout.addWidget(self.reports_caption)
        layout.addWidget(self.reports_view)
        layout.addWidget(self.report_detail)
        return box

    def stretch_columns(self, view: QTableView, stretch: int) -> None:
        header = view.horizontalHeader()
        for column in range(view.model().columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch
                                        if column == stretch
                                        else QHeaderView.ResizeMode.ResizeToContents)

    # 4 and 5. Firma física (a), firma digital (b) --------------------------------------

    def _wet_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Firma física (a)"))
        hint = _label("wet_hint")
        hint.setText(self.tr(
            "Imprima el acta aprobada, recoja las firmas a mano y adjunte el escaneo: un PDF "
            "o varias imágenes (PNG, JPEG o TIFF). El acta quedará firmada y ya no se podrá "
            "modificar."))
        layout = QVBoxLayout(box)
        layout.addWidget(hint)
        layout.addLayout(self._row(self._button(
            "attach_scans", self.tr("Adjuntar acta firmada escaneada…"))))
        return box

    def _digital_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Firma digital (b)"))
        hint = _label("digital_hint")
        hint.setText(self.tr(
            "Sesiona prepara el PDF del acta con un campo de firma por cada firmante; cada uno "
            "firma su campo con su certificado digital (.p12 o .pfx). Al firmarse el último "
            "campo, el acta queda firmada."))
        self.fields_status = _label("fields_status")
        self.fields_list = QListWidget()
        self.fields_list.setObjectName("fields_list")
        self.fields_list.setMaximumHeight(130)
        layout = QVBoxLayout(box)
        layout.addWidget(hint)
        layout.addLayout(self._row(self._button(
            "prepare", self.tr("Preparar PDF para firma digital"))))
        layout.addWidget(self.fields_status)
        layout.addWidget(self.fields_list)
        layout.addLayout(self._row(
            self._button("sign", self.tr("Firmar el campo seleccionado…")),
            self._button("finish", self.tr("Concluir con las firmas registradas"))))
        layout.addLayout(self._row(self._button(
            "attach_signed", self.tr("Adjuntar PDF firmado externamente…"))))
        return box

    # 6 and 7. Fe de erratas, anexos -------------------------------------------------------

    def _errata_box(self) -> QGroupBox:
        self.errata_box = QGroupBox(self.tr("Fe de erratas"))
        self.errata_box.setObjectName("errata_box")
        self.errata_list = QTreeWidget()
        self.errata_list.setObjectName("errata_list")
        self.errata_list.setHeaderLabels([self.tr("N°"), self.tr("Fecha"), self.tr("Texto")])
        self.errata_list.setRootIsDecorated(False)
        self.errata_list.setMaximumHeight(120)
        layout = QVBoxLayout(self.errata_box)
        layout.addWidget(self.errata_list)
        layout.addLayout(self._row(
            self._button("add_errata", self.tr("Registrar fe de erratas…")),
            self._button("save_errata", self.tr("Guardar PDF de la fe de erratas…"))))
        return self.errata_box

    def _annex_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Anexos del acta"))
        hint = _label("annex_hint")
        hint.setText(self.tr(
            "Los anexos forman parte del acta: se pueden adjuntar o quitar mientras no esté "
            "firmada."))
        self.annex_list = QListWidget()
        self.annex_list.setObjectName("annex_list")
        self.annex_list.setMaximumHeight(110)
        layout = QVBoxLayout(box)
        layout.addWidget(hint)
        layout.addWidget(self.annex_list)
        layout.addLayout(self._row(self._button("add_annex", self.tr("Adjuntar anexo…")),
                                   self._button("remove_annex", self.tr("Quitar"))))
        return box
