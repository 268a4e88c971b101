"""«Registrar ejecución»: what was done for an indicator, when, where, with whom, and the
files that prove it (medios de verificación).

A date outside the plan's year is not refused outright: the dialog warns, shows «Motivo»
and the data layer accepts the entry once a reason is given. Every other problem shows
its Spanish message at its field and nothing is written.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.domain import indicators
from db.domain.indicators import format_number
from db.locale_pe import lima_today
from db.storage import records
from db.storage.connection import transaction
from desktop.dialogs.committee_dialog import FormDialog
from desktop.operations import Operations
from desktop.plans.links import fill_agreements, fill_sessions
from desktop.widgets.fields import RequiredDateEdit

TABLES = {"execution_entries", "execution_evidence"}
WARNING_STYLE = "color: #8a5a00;"


class CountBox(QSpinBox):
    """A head count that may be unknown («—»)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRange(-1, 1_000_000)
        self.setSpecialValueText("—")
        self.setValue(-1)

    def count(self) -> int | None:
        return None if self.value() < 0 else self.value()

    def set_count(self, value: int | None) -> None:
        self.setValue(-1 if value is None else int(value))


def megabytes(size: int) -> str:
    return f"{size / 1048576:.1f}".replace(".", ",")


class EntryDialog(FormDialog):
    """Records an entry for ``indicator`` (a row of ``for_node``) of ``plan``, or edits
    ``entry``. ``prefill`` gives starting values (e.g. from a fulfilled agreement)."""

    def __init__(self, ops: Operations, indicator: dict[str, Any], plan: dict[str, Any],
                 entry: dict[str, Any] | None = None, *, prefill: dict[str, Any] | None = None,
                 parent: QWidget | None = None):
        super().__init__(ops, "", parent)
        self.indicator, self.plan, self.entry = indicator, plan, entry
        self.created_id: str | None = None
        self.files: list[tuple[str, bytes]] = []
        self.limit = ops.read(indicators.evidence_limit)
        self.setWindowTitle(self.tr("Editar ejecución") if entry
                            else self.tr("Registrar ejecución"))
        self.ok_button.setText(self.tr("Guardar") if entry else self.tr("Registrar"))
        heading = QLabel(self.tr("<b>{0}</b> — meta anual: {1} {2}").format(
            indicator["name"], format_number(indicator["annual_target"]),
            indicator.get("unit_name", "")))
        heading.setObjectName("entry_heading")
        heading.setWordWrap(True)
        self.main_layout.insertWidget(0, heading)

        self.date = self.add_field("entry_date", self.tr("Fecha"), RequiredDateEdit())
        self.year_warning = QLabel()
        self.year_warning.setObjectName("year_warning")
        self.year_warning.setWordWrap(True)
        self.year_warning.setStyleSheet(WARNING_STYLE)
        self.date.parentWidget().layout().addWidget(self.year_warning)
        self.reason = self.add_field("date_note", self.tr("Motivo"), QLineEdit())
        self.reason.setPlaceholderText(self.tr("p. ej. actividad reprogramada del año anterior"))
        self.reason_row = self.reason.parentWidget()
        self.quantity = self.add_field("quantity", self.tr("Cantidad ejecutada"), QLineEdit())
        self.quantity.setPlaceholderText(self.tr("p. ej. 1 o 2,5"))
        self.description = self.add_field("description", self.tr("Descripción"), QLineEdit())
        self.description.setPlaceholderText(self.tr("p. ej. Taller con familias en Callería"))
        self.description.setMinimumWidth(420)
        self.province = self.add_field("province", self.tr("Provincia"), QLineEdit())
        self.district = self.add_field("district", self.tr("Distrito"), QLineEdit())
        people = QWidget()
        row = QHBoxLayout(people)
        row.setContentsMargins(0, 0, 0, 0)
        self.women, self.men, self.total = CountBox(), CountBox(), CountBox()
        for box, name, label in ((self.women, "women", self.tr("Mujeres")),
                                 (self.men, "men", self.tr("Hombres")),
                                 (self.total, "total", self.tr("Total"))):
            box.setObjectName(f"participants_{name}")
            row.addWidget(QLabel(label))
            row.addWidget(box)
        row.addStretch()
        self.add_field("participants", self.tr("Participantes"), people)
        self.session = self.add_field("session_id", self.tr("Sesión relacionada"), QComboBox())
        self.agreement = self.add_field("agreement_id", self.tr("Acuerdo que cumple"),
                                        QComboBox())
        self.fill_links()
        evidence = QWidget()
        box = QVBoxLayout(evidence)
        box.setContentsMargins(0, 0, 0, 0)
        self.evidence_list = QListWidget()
        self.evidence_list.setObjectName("evidence_list")
        self.evidence_list.setMaximumHeight(90)
        buttons = QHBoxLayout()
        self.add_files_button = QPushButton(self.tr("Añadir archivos…"))
        self.add_files_button.setObjectName("add_files_button")
        self.remove_file_button = QPushButton(self.tr("Quitar archivo"))
        self.remove_file_button.setObjectName("remove_file_button")
        buttons.addWidget(self.add_files_button)
        buttons.addWidget(self.remove_file_button)
        buttons.addStretch()
        box.addWidget(self.evidence_list)
        box.addLayout(buttons)
        self.add_field("evidence", self.tr("Medios de verificación"), evidence)
        self.add_files_button.clicked.connect(self.on_add_files_button_clicked)
        self.remove_file_button.clicked.connect(self.on_remove_file_button_clicked)
        self.date.dateChanged.connect(self.on_date_changed)
        self.women.valueChanged.connect(self.on_people_changed)
        self.men.valueChanged.connect(self.on_people_changed)
        self.load(entry or prefill or {})

    # Filling -----------------------------------------------------------------------------

    def fill_links(self) -> None:
        fill_sessions(self.session, self.ops, self.plan["committee_id"])
        fill_agreements(self.agreement, self.ops, self.plan["committee_id"])

    def load(self, values: dict[str, Any]) -> None:
        self.date.set_value(values.get("entry_date") or self.default_date().isoformat())
        if values.get("quantity") is not None:
            self.quantity.setText(format_number(values["quantity"]))
        self.reason.setText(values.get("date_note") or "")
        for edit, key in ((self.description, "description"), (self.province, "province"),
                          (self.district, "district")):
            edit.setText(values.get(key) or "")
        self.women.set_count(values.get("participants_women"))
        self.men.set_count(values.get("participants_men"))
        self.total.set_count(values.get("participants_total"))
        for combo, key in ((self.session, "session_id"), (self.agreement, "agreement_id")):
            combo.setCurrentIndex(max(combo.findData(values.get(key)), 0))
        if self.entry:
            for row in self.ops.read(indicators.evidence, self.entry["id"]):
                self.evidence_list.addItem(self.tr("{0} ({1} MB, guardado)").format(
                    row["file_name"], megabytes(row["size"])))
        self.on_date_changed()

    def default_date(self) -> date:
        """Today, or the nearest day of the plan's year when the plan is another year's."""
        today, year = lima_today(), self.plan["year"]
        if today.year == year:
            return today
        return date(year, 12, 31) if today.year > year else date(year, 1, 1)

    # Reactions ---------------------------------------------------------------------------

    def out_of_year(self) -> bool:
        return date.fromisoformat(self.date.value()).year != self.plan["year"]

    def on_date_changed(self, _date: QDate | None = None) -> None:
        outside = self.out_of_year()
        self.year_warning.setText(self.tr(
            "La fecha está fuera del año del plan ({0}): indique el motivo.").format(
                self.plan["year"]) if outside else "")
        self.year_warning.setVisible(outside)
        self.reason_row.setVisible(outside)
        label = self.form.labelForField(self.reason_row)
        if label is not None:
            label.setVisible(outside)

    def on_people_changed(self, _value: int) -> None:
        women, men = self.women.count(), self.men.count()
        if women is not None and men is not None:
            self.total.set_count(women + men)

    # File choosers: small methods so that tests can answer them -----------------------------

    def choose_files(self) -> list[str]:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Medios de verificación"), str(Path.home()),
            self.tr("Documentos e imágenes (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.docx "
                    "*.xlsx);;Todos los archivos (*)"))
        return names

    def on_add_files_button_clicked(self) -> None:
        self.errors["evidence"].clear_error()
        too_big = []
        for name in self.choose_files():
            path = Path(name)
            try:
                data = path.read_bytes()
            except OSError as exc:
                self.show_errors({"evidence": self.tr("No se pudo leer «{0}»: {1}").format(
                    path.name, exc.strerror or exc)})
                continue
            self.files.append((path.name, data))
            self.evidence_list.addItem(f"{path.name} ({megabytes(len(data))} MB)")
            if len(data) > self.limit:
                too_big.append(path.name)
        if too_big:
            self.show_errors({"evidence": self.tr(
                "«{0}» supera el máximo de {1} MB para medios de verificación; quítelo "
                "antes de guardar.").format(", ".join(too_big), megabytes(self.limit))})

    def on_remove_file_button_clicked(self) -> None:
        row = self.evidence_list.currentRow()
        saved = self.evidence_list.count() - len(self.files)
        if row >= saved:
            self.evidence_list.takeItem(row)
            del self.files[row - saved]
            self.errors["evidence"].clear_error()

    # Saving ------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        return {
            "description": self.description.text().strip(),
            "province": self.province.text().strip(),
            "district": self.district.text().strip(),
            "participants_women": self.women.count(),
            "participants_men": self.men.count(),
            "participants_total": self.total.count(),
            "session_id": self.session.currentData(),
            "agreement_id": self.agreement.currentData(),
            "date_note": self.reason.text().strip() if self.out_of_year() else "",
        }

    def show_errors(self, errors: dict[str, str]) -> None:
        merged: dict[str, str] = {}
        for field, message in errors.items():
            field = "participants" if field.startswith("participants_") else field
            merged[field] = f"{merged[field]} {message}" if field in merged else message
        super().show_errors(merged)
        if "entry_date" in merged and self.out_of_year():
            self.on_date_changed()
            self.reason.setFocus()

    def apply(self) -> None:
        db, indicator_id = self.ops.db, self.indicator["id"]
        day, quantity, values = self.date.value(), self.quantity.text(), self.values()
        files = list(self.files)
        if self.entry is None:
            self.created_id = self.ops.create(
                self.tr("Registrar ejecución de «{0}»").format(self.indicator["name"]),
                lambda: indicators.add_entry(db, indicator_id, day, quantity, evidence=files,
                                             **values),
                "execution_entries", TABLES,
                delete=lambda rid: indicators.remove_entry(db, rid),
                restore=lambda rid: indicators.restore_entry(db, rid))
            return
        self.edit_entry({"entry_date": day, "quantity": quantity, **values}, files)

    def edit_entry(self, new: dict[str, Any], files: list[tuple[str, bytes]]) -> None:
        db, entry_id = self.ops.db, self.entry["id"]
        changes = {k: v for k, v in new.items() if self.entry.get(k) != v}
        if "quantity" in changes and indicators.format_number(self.entry["quantity"]) == \
                changes["quantity"]:
            del changes["quantity"]
        if not changes and not files:
            return
        old = {k: self.entry.get(k) for k in changes}
        added: list[str] = []

        def do() -> None:
            with transaction(db):
                indicators.update_entry(db, entry_id, changes)
                added[:] = [indicators.add_evidence(db, entry_id, name, data)
                            for name, data in files]

        def undo() -> None:
            with transaction(db):
                for evidence_id in added:
                    records.soft_delete(db, "execution_evidence", evidence_id)
                indicators.update_entry(db, entry_id, old)

        self.ops.perform(self.tr("Editar ejecución de «{0}»").format(self.indicator["name"]),
                         do, undo, TABLES)
