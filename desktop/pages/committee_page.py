"""«Comité»: the committee's data, its lifecycle, its quorum rule and its legal instruments."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.domain import catalog, committees, membership
from db.domain.rules.quorum import FIRST_CALL, SECOND_CALL
from db.errors import NotFoundError
from db.locale_pe import short_date
from db.storage import records
from desktop.dialogs.committee_dialog import NO_MATCH, InstrumentDialog, combo_choice
from desktop.models.rows_model import Column, RowsTableModel
from desktop.operations import Operations
from desktop.pages.base import Page
from desktop.pages.logo_box import LogoBox
from desktop.widgets.choosers import choice_combo, fill, institution_combo
from desktop.widgets.fields import OptionalDateEdit, OptionalSpinBox
from desktop.widgets.form import BoundForm, read_value, write_value
from desktop.widgets.list_panel import (
    button_row,
    open_replacing,
    push_button,
    select_id,
    selected_id,
    table_view,
)


class InstrumentsModel(RowsTableModel):
    """The committee's legal instruments, oldest first: its legal history."""

    def __init__(self, parent=None):
        super().__init__(parent=parent)
        self.columns = [
            Column("purpose", self.tr("Finalidad"),
                   lambda r: committees.INSTRUMENT_PURPOSES.get(r["purpose"], r["purpose"])),
            Column("instrument_type", self.tr("Tipo"),
                   lambda r: committees.INSTRUMENT_TYPES.get(r["instrument_type"],
                                                             r["instrument_type"])),
            Column("number", self.tr("Número")),
            Column("issued_on", self.tr("Fecha"), lambda r: short_date(r["issued_on"])),
            Column("issuing_body", self.tr("Emitido por")),
        ]


class CommitteePage(Page):
    title = "Comité"
    watches = frozenset({"committees", "legal_instruments", "seats", "institutions"})

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(ops, parent)
        self.form = BoundForm(ops, committees.update_committee, "committees", parent=self)
        self.voting_seats = 0
        self._institution_ids: tuple[str, ...] = ()
        self.dialog: InstrumentDialog | None = None

        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.empty_label = QLabel(self.tr(
            "No hay un comité seleccionado. Elija uno en la barra superior o cree uno nuevo."))
        self.empty_label.setObjectName("empty_label")

        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self.heading)
        column.addWidget(self.empty_label)
        column.addWidget(self._build_general())
        column.addWidget(self._build_lifecycle())
        column.addWidget(self._build_quorum())
        column.addWidget(self._build_instruments())
        self.logo_box = LogoBox(ops)
        column.addWidget(self.logo_box)
        column.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.refresh()

    # Construction ----------------------------------------------------------------------

    def _build_general(self) -> QGroupBox:
        box = QGroupBox(self.tr("Datos del comité"))
        layout = QFormLayout(box)
        add = self.form.add_row
        self.kind = add(layout, "kind", self.tr("Tipo de comité"), choice_combo(committees.KINDS))
        self.name = add(layout, "name", self.tr("Nombre oficial"), QLineEdit())
        self.acronym = add(layout, "acronym", self.tr("Siglas"), QLineEdit())
        regions = {r["iso_code"]: r["name"] for r in self.ops.read(catalog.regions)}
        self.region = add(layout, "region_code", self.tr("Región"), choice_combo(regions))
        self.secretariat = add(layout, "secretariat_institution_id",
                               self.tr("Secretaría técnica"),
                               institution_combo([], blank=self.tr("— Ninguna —")))
        self.secretariat.lineEdit().editingFinished.connect(self.on_secretariat_edited)
        self.city = add(layout, "city", self.tr("Ciudad sede"), QLineEdit())
        return box

    def _build_lifecycle(self) -> QGroupBox:
        box = QGroupBox(self.tr("Estado y fechas"))
        layout = QFormLayout(box)
        add = self.form.add_row
        self.state = add(layout, "state", self.tr("Estado"), choice_combo(committees.STATES))
        self.created_on = add(layout, "created_on", self.tr("Fecha de creación"),
                              OptionalDateEdit())
        self.installed_on = add(layout, "installed_on", self.tr("Fecha de instalación"),
                                OptionalDateEdit())
        self.inactive_since = add(layout, "inactive_since", self.tr("Inactivo desde"),
                                  OptionalDateEdit())
        self.reactivated_on = add(layout, "reactivated_on", self.tr("Fecha de reactivación"),
                                  OptionalDateEdit())
        return box

    def _build_quorum(self) -> QGroupBox:
        box = QGroupBox(self.tr("Regla de quórum"))
        outer = QVBoxLayout(box)
        intro = QLabel(self.tr(
            "Por defecto rigen las reglas de la Ley 27444: mayoría absoluta de los miembros "
            "en primera convocatoria y un tercio (nunca menos del mínimo) en segunda. "
            "Cambie los números solo si el reglamento interno del comité fija otros."))
        intro.setWordWrap(True)
        outer.addWidget(intro)
        layout = QFormLayout()
        outer.addLayout(layout)
        add = self.form.add_row
        self.first_call = add(layout, "quorum_first_call",
                              self.tr("Quórum en primera convocatoria"),
                              OptionalSpinBox(self.tr("Mayoría absoluta")))
        self.second_call = add(layout, "quorum_second_call",
                               self.tr("Quórum en segunda convocatoria"),
                               OptionalSpinBox(self.tr("Un tercio")))
        minimum = QSpinBox()
        minimum.setRange(1, 999)
        self.second_minimum = add(layout, "quorum_second_call_minimum",
                                  self.tr("Mínimo en segunda convocatoria"), minimum)
        notice = QSpinBox()
        notice.setRange(0, 365)
        self.notice_days = add(layout, "min_notice_days",
                               self.tr("Días mínimos de anticipación de la convocatoria"),
                               notice)
        for spin in (self.first_call, self.second_call, self.second_minimum):
            spin.valueChanged.connect(self.update_quorum_label)
        self.quorum_label = QLabel()
        self.quorum_label.setObjectName("quorum_label")
        self.quorum_label.setWordWrap(True)
        self.quorum_label.setStyleSheet("font-weight: bold;")
        outer.addWidget(self.quorum_label)
        return box

    def _build_instruments(self) -> QGroupBox:
        box = QGroupBox(self.tr("Instrumentos legales"))
        layout = QVBoxLayout(box)
        self.instruments_model = InstrumentsModel(self)
        self.instruments_view = table_view("instruments_view", self.instruments_model)
        self.instruments_view.setMinimumHeight(140)
        self.instruments_view.doubleClicked.connect(self.on_instruments_view_double_clicked)
        self.instruments_view.selectionModel().selectionChanged.connect(self.update_buttons)
        layout.addWidget(self.instruments_view)
        self.add_instrument_button = push_button(
            "add_instrument_button", self.tr("Añadir instrumento…"),
            self.on_add_instrument_clicked)
        self.edit_instrument_button = push_button(
            "edit_instrument_button", self.tr("Editar…"), self.on_edit_instrument_clicked)
        self.remove_instrument_button = push_button(
            "remove_instrument_button", self.tr("Quitar"), self.on_remove_instrument_clicked)
        layout.addLayout(button_row(self.add_instrument_button, self.edit_instrument_button,
                                    self.remove_instrument_button))
        return box

    # Page contract ---------------------------------------------------------------------

    def refresh(self) -> None:
        row = self._read_committee()
        self._fill_institutions(row)
        if row is None or self.form.row_id != row["id"]:
            self.form.load(row)
        else:
            self._sync_form(row)
        has_committee = row is not None
        self.empty_label.setVisible(not has_committee)
        self.heading.setText(f"<h2>{escape(row['acronym'])}</h2>{escape(row['name'])}"
                             if row else "")
        self.voting_seats = (self.ops.read(membership.voting_seat_count, row["id"])
                             if row else 0)
        self.update_quorum_label()
        self.logo_box.show_committee(row)
        selected = self.selected_instrument_id()
        self.instruments_model.set_rows(
            self.ops.read(committees.instruments, row["id"]) if row else [])
        self.select_instrument(selected)
        self.update_buttons()

    def flush(self) -> None:
        self.form.flush()

    def _read_committee(self) -> dict[str, Any] | None:
        if not self.committee_id:
            return None
        try:
            row = self.ops.read(committees.get_committee, self.committee_id)
        except NotFoundError:
            return None
        return None if row.get("deleted_at") else row

    def _fill_institutions(self, row: dict[str, Any] | None) -> None:
        institutions = self.ops.read(catalog.institutions)
        ids = tuple(i["id"] for i in institutions)
        if ids == self._institution_ids:
            return
        self._institution_ids = ids
        fill(self.secretariat,
             {i["id"]: f"{i['acronym']} — {i['name']}" for i in institutions},
             blank=self.tr("— Ninguna —"))
        binding = self.form.bindings["secretariat_institution_id"]
        write_value(self.secretariat, row.get(binding.field) if row else None)

    def _sync_form(self, row: dict[str, Any]) -> None:
        """Show values that changed elsewhere (undo, another device) without touching
        the field being typed: rewriting it would, say, drop a trailing space mid-word."""
        for binding in self.form.bindings.values():
            value = row.get(binding.field)
            if value == binding.loaded:
                continue
            shown = read_value(binding.widget)
            if isinstance(shown, str) and isinstance(binding.widget, QLineEdit):
                shown = shown.strip()
            if shown != value:
                write_value(binding.widget, value)
                binding.error.clear_error()
                binding.widget.setStyleSheet("")
            binding.loaded = value

    # Quorum ----------------------------------------------------------------------------

    def quorum_text(self) -> str:
        if self.form.row_id is None:
            return ""
        members = self.voting_seats
        if members == 0:
            return self.tr("Aún no hay miembros con voto: registre los asientos en «Miembros» "
                           "para calcular el quórum.")
        rule = committees.quorum_rule({
            "quorum_first_call": self.first_call.optional_value(),
            "quorum_second_call": self.second_call.optional_value(),
            "quorum_second_call_minimum": self.second_minimum.value(),
        })
        first = rule.required(members, FIRST_CALL)
        second = rule.required(members, SECOND_CALL)
        if members == 1:
            text = self.tr("Con 1 miembro: {0} en primera convocatoria, {1} en segunda.")
        else:
            text = self.tr("Con {2} miembros: {0} en primera convocatoria, {1} en segunda.")
        text = text.format(first, second, members)
        if max(first, second) > members:
            text += " " + self.tr("Atención: el quórum exigido supera el número de miembros "
                                  "con voto; el comité no podría sesionar válidamente.")
        return text

    def update_quorum_label(self, *_args: object) -> None:
        self.quorum_label.setText(self.quorum_text())

    # Legal instruments -----------------------------------------------------------------

    def selected_instrument_id(self) -> str | None:
        return selected_id(self.instruments_view)

    def select_instrument(self, instrument_id: str | None) -> None:
        select_id(self.instruments_view, instrument_id)

    def update_buttons(self, *_args: object) -> None:
        has_committee = self.form.row_id is not None
        selected = self.selected_instrument_id() is not None
        self.add_instrument_button.setEnabled(has_committee)
        self.edit_instrument_button.setEnabled(has_committee and selected)
        self.remove_instrument_button.setEnabled(has_committee and selected)

    def _open(self, dialog: InstrumentDialog) -> InstrumentDialog:
        """Window-modal without blocking: the page reacts to ``ops.changed`` when it saves."""
        dialog.accepted.connect(lambda: self.select_instrument(
            dialog.created_id or (dialog.instrument or {}).get("id")))
        self.dialog = open_replacing(self.dialog, dialog)
        return dialog

    def on_add_instrument_clicked(self) -> None:
        if self.form.row_id:
            self._open(InstrumentDialog(self.ops, self.form.row_id, parent=self))

    def on_edit_instrument_clicked(self) -> None:
        instrument_id = self.selected_instrument_id()
        if self.form.row_id and instrument_id:
            row = self.instruments_model.row_at(self.instruments_model.row_of(instrument_id))
            self._open(InstrumentDialog(self.ops, self.form.row_id, row, parent=self))

    def on_instruments_view_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.instruments_view.selectRow(index.row())
            self.on_edit_instrument_clicked()

    def on_remove_instrument_clicked(self) -> None:
        instrument_id = self.selected_instrument_id()
        if not instrument_id:
            return
        row = self.instruments_model.row_at(self.instruments_model.row_of(instrument_id)) or {}
        db = self.ops.db
        self.ops.perform(
            self.tr("Quitar instrumento «{0}»").format(row.get("number", "")),
            lambda: records.soft_delete(db, "legal_instruments", instrument_id),
            lambda: records.undelete(db, "legal_instruments", instrument_id),
            {"legal_instruments"})

    # Committee fields ------------------------------------------------------------------

    def on_secretariat_edited(self) -> None:
        """Typed text that names no institution goes back to the saved choice."""
        if combo_choice(self.secretariat) is NO_MATCH:
            binding = self.form.bindings["secretariat_institution_id"]
            write_value(self.secretariat, binding.loaded)
            self.secretariat.lineEdit().setText(self.secretariat.currentText())

