"""«Nuevo comité» and the legal-instrument dialog, on a small validating form dialog.

``FormDialog`` is shared by the membership dialogs too: it lays out one error label under
each field and, on «Aceptar», runs ``apply()``; a ``ValidationError`` shows its Spanish
messages at the fields and keeps the dialog open with nothing written.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from db.domain import catalog, committees
from db.errors import SesionaError, ValidationError
from desktop.operations import Operations
from desktop.widgets.choosers import choice_combo, institution_combo
from desktop.widgets.fields import ErrorLabel, OptionalDateEdit

INVALID_STYLE = "border: 1px solid #b3261e;"
#: ``combo_choice`` result when the typed text names no item of the list.
NO_MATCH = object()


def fold(text: str) -> str:
    """Case- and accent-insensitive form: «cáritas» and «CARITAS» compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def combo_choice(combo: QComboBox) -> Any:
    """The data of the item an editable combo shows, resolving what the user typed.

    Typing «mtpe» or «caritas» and leaving without picking from the pop-up still counts;
    text that matches no item (or several) gives ``NO_MATCH`` instead of silently keeping
    the previous choice.
    """
    text = combo.currentText().strip()
    index = combo.currentIndex()
    if not combo.isEditable() or (index >= 0 and combo.itemText(index) == combo.currentText()):
        return combo.currentData()
    if not text:
        blank = combo.findData(None)
        return None if blank >= 0 else NO_MATCH
    found = combo.findText(text, Qt.MatchFlag.MatchFixedString)
    if found < 0:
        key = fold(text)
        exact = [i for i in range(combo.count())
                 if fold(combo.itemText(i).split(" — ")[0]) == key]
        partial = [i for i in range(combo.count()) if key in fold(combo.itemText(i))]
        candidates = exact or partial
        found = candidates[0] if len(candidates) == 1 else -1
    if found < 0:
        return NO_MATCH
    combo.setCurrentIndex(found)
    return combo.itemData(found)


class FormDialog(QDialog):
    """A dialog whose fields show the data layer's Spanish errors beneath them.

    Subclasses define ``apply()``: it writes through ``self.ops`` and raises
    ``ValidationError`` to keep the dialog open with the messages at the fields.
    """

    def __init__(self, ops: Operations, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self.general_error = ErrorLabel()
        self.general_error.setObjectName("error_general")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Aceptar"))
        self.ok_button.setObjectName("ok_button")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancelar"))
        cancel.setObjectName("cancel_button")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.main_layout = QVBoxLayout(self)
        self.main_layout.addLayout(self.form)
        self.main_layout.addWidget(self.general_error)
        self.main_layout.addWidget(self.buttons)

    def add_field(self, field: str, label: str, widget: QWidget) -> QWidget:
        """Add ``widget`` as a row with its error label right beneath it."""
        widget.setObjectName(f"field_{field}")
        error = ErrorLabel()
        error.setObjectName(f"error_{field}")
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(2)
        inner.addWidget(widget)
        inner.addWidget(error)
        self.form.addRow(label, box)
        self.fields[field] = widget
        self.errors[field] = error
        return widget

    def error_text(self, field: str) -> str:
        return self.errors[field].text() if field else self.general_error.text()

    def clear_errors(self) -> None:
        for field, error in self.errors.items():
            error.clear_error()
            self.fields[field].setStyleSheet("")
        self.general_error.clear_error()

    def show_errors(self, errors: dict[str, str]) -> None:
        for field, message in errors.items():
            if field in self.errors:
                self.errors[field].show_error(message)
                self.fields[field].setStyleSheet(INVALID_STYLE)
            else:
                text = self.general_error.text()
                self.general_error.show_error(f"{text}\n{message}" if text else message)
        first = next((f for f in errors if f in self.fields), None)
        if first is not None:
            self.fields[first].setFocus()

    def accept(self) -> None:
        self.clear_errors()
        try:
            self.apply()
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except SesionaError as exc:
            self.show_errors({"": exc.message})
            return
        super().accept()


class NewCommitteeDialog(FormDialog):
    """Registers a committee. ``created_id`` holds its id once accepted."""

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(ops, "", parent)
        self.setWindowTitle(self.tr("Nuevo comité"))
        self.created_id: str | None = None
        self.ok_button.setText(self.tr("Crear comité"))

        self.kind = self.add_field("kind", self.tr("Tipo de comité"),
                                   choice_combo(committees.KINDS))
        self.name = self.add_field("name", self.tr("Nombre oficial"), QLineEdit())
        self.name.setPlaceholderText(self.tr(
            "p. ej. Comité Directivo Regional para la Prevención y Erradicación del Trabajo "
            "Infantil de Madre de Dios"))
        self.name.setMinimumWidth(460)
        self.acronym = self.add_field("acronym", self.tr("Siglas"), QLineEdit())
        self.acronym.setPlaceholderText(self.tr("p. ej. CDRPETI Madre de Dios"))
        regions = {r["iso_code"]: r["name"] for r in ops.read(catalog.regions)}
        self.region = self.add_field(
            "region_code", self.tr("Región"),
            choice_combo(regions, blank=self.tr("— Elija la región —")))
        self.secretariat = self.add_field(
            "secretariat_institution_id", self.tr("Secretaría técnica"),
            institution_combo(ops.read(catalog.institutions), blank=self.tr("— Ninguna —")))
        drtpe = self.secretariat.findData(catalog.institution_id("DRTPE"))
        self.secretariat.setCurrentIndex(max(drtpe, 0))
        self.city = self.add_field("city", self.tr("Ciudad sede"), QLineEdit())
        self.city.setPlaceholderText(self.tr("p. ej. Puerto Maldonado"))
        self.region.currentIndexChanged.connect(self.on_region_changed)

    def on_region_changed(self, _index: int) -> None:
        """Suggest the regional capital as the seat city while the field is empty."""
        code = self.region.currentData()
        if code and not self.city.text().strip():
            for region in self.ops.read(catalog.regions):
                if region["iso_code"] == code:
                    self.city.setText(region["capital"])

    def values(self) -> dict[str, Any]:
        return {"kind": self.kind.currentData(), "name": self.name.text(),
                "acronym": self.acronym.text(), "region_code": self.region.currentData(),
                "secretariat_institution_id": combo_choice(self.secretariat),
                "city": self.city.text().strip()}

    def apply(self) -> None:
        values = self.values()
        if values["secretariat_institution_id"] is NO_MATCH:
            raise ValidationError(self.tr("Elija una institución de la lista."),
                                  "secretariat_institution_id")
        self.created_id = self.ops.create(
            self.tr("Crear comité «{0}»").format(values["acronym"].strip()),
            lambda: committees.create_committee(self.ops.db, **values), "committees")


class InstrumentDialog(FormDialog):
    """Adds a legal instrument to a committee, or edits one (``instrument`` given)."""

    def __init__(self, ops: Operations, committee_id: str,
                 instrument: dict[str, Any] | None = None, parent: QWidget | None = None):
        super().__init__(ops, "", parent)
        self.committee_id, self.instrument = committee_id, instrument
        self.created_id: str | None = None
        self.setWindowTitle(self.tr("Editar instrumento legal") if instrument
                            else self.tr("Añadir instrumento legal"))
        self.purpose = self.add_field("purpose", self.tr("Finalidad"),
                                      choice_combo(committees.INSTRUMENT_PURPOSES))
        self.instrument_type = self.add_field("instrument_type", self.tr("Tipo"),
                                              choice_combo(committees.INSTRUMENT_TYPES))
        self.number = self.add_field("number", self.tr("Número"), QLineEdit())
        self.number.setPlaceholderText(self.tr("p. ej. O.R. N° 012-2010-GRMDD/CR"))
        self.number.setMinimumWidth(320)
        self.issued_on = self.add_field("issued_on", self.tr("Fecha"), OptionalDateEdit())
        self.issuing_body = self.add_field("issuing_body", self.tr("Emitido por"), QLineEdit())
        self.instrument_type.currentIndexChanged.connect(self.on_type_changed)
        if instrument:
            self.purpose.setCurrentIndex(max(self.purpose.findData(instrument["purpose"]), 0))
            self.instrument_type.setCurrentIndex(
                max(self.instrument_type.findData(instrument["instrument_type"]), 0))
            self.number.setText(instrument["number"])
            self.issued_on.set_value(instrument["issued_on"])
            self.issuing_body.setText(instrument["issuing_body"])
        else:  # the first instrument creates the committee; later ones usually amend it
            later = bool(ops.read(committees.instruments, committee_id))
            self.purpose.setCurrentIndex(
                self.purpose.findData("modificacion" if later else "creacion"))
        self.on_type_changed()

    def on_type_changed(self, _index: int = 0) -> None:
        hints = {"ordenanza_regional": self.tr("p. ej. Consejo Regional"),
                 "resolucion_ejecutiva_regional": self.tr("p. ej. Gobernación Regional")}
        self.issuing_body.setPlaceholderText(hints.get(self.instrument_type.currentData(), ""))

    def values(self) -> dict[str, Any]:
        return {"purpose": self.purpose.currentData(),
                "instrument_type": self.instrument_type.currentData(),
                "number": self.number.text().strip(), "issued_on": self.issued_on.value(),
                "issuing_body": self.issuing_body.text().strip()}

    def apply(self) -> None:
        values = self.values()
        db = self.ops.db
        if self.instrument is None:
            self.created_id = self.ops.create(
                self.tr("Añadir instrumento «{0}»").format(values["number"]),
                lambda: committees.add_instrument(db, self.committee_id, **values),
                "legal_instruments")
            return
        instrument_id = self.instrument["id"]
        changes = {k: v for k, v in values.items() if self.instrument.get(k) != v}
        if not changes:
            return
        old = {k: self.instrument.get(k) for k in changes}
        self.ops.perform(
            self.tr("Editar instrumento «{0}»").format(values["number"]),
            lambda: committees.update_instrument(db, instrument_id, changes),
            lambda: committees.update_instrument(db, instrument_id, old),
            {"legal_instruments"})
