"""Widgets of the agreements tab: the vote editor and the responsible institutions picker."""
from __future__ import annotations

import unicodedata
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.domain import agreements, catalog, membership
from db.errors import SesionaError, ValidationError
from desktop.operations import Operations
from desktop.widgets.choosers import choice_combo
from desktop.widgets.fields import ErrorLabel
from desktop.widgets.form import TYPING_PAUSE_MS, write_value

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()
VOTE_FIELDS = ("vote_mode", "votes_for", "votes_against", "votes_abstain")
LIST_TEXT_LENGTH = 90


def _tr(text: str) -> str:
    return QCoreApplication.translate("AgreementsTab", text)


def vote_summary(row: dict[str, Any]) -> str:
    """The sense of the vote as the acta words it."""
    if row.get("vote_mode") != "mayoria":
        return _tr("Aprobado por unanimidad")
    abstain = row.get("votes_abstain") or 0
    abstentions = (_tr("1 abstención") if abstain == 1
                   else _tr("{0} abstenciones").format(abstain))
    return _tr("Aprobado por mayoría ({0} a favor, {1} en contra, {2})").format(
        row.get("votes_for") or 0, row.get("votes_against") or 0, abstentions)


def _fold(text: str) -> str:
    """Lower case without accents, so «policia» finds «Policía»."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _same(a: Any, b: Any) -> bool:
    """Equal once the data layer has normalised them (stripped text, None as empty)."""
    def norm(v: Any) -> Any:
        return "" if v is None else v.strip() if isinstance(v, str) else v
    return norm(a) == norm(b)



class VoteEditor(QWidget):
    """Votación: the mode and, for a majority, the counts. They are written together, so
    the database never holds a majority without its votes in favour."""

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.row: dict[str, Any] | None = None
        self.editable = True
        self._loaded: dict[str, Any] = {}
        self.mode_combo = choice_combo(agreements.VOTE_MODES)
        self.mode_combo.setObjectName("field_vote_mode")
        self.mode_combo.currentIndexChanged.connect(self.on_mode_combo_changed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.commit)
        self.spins: dict[str, QSpinBox] = {}
        counts = QHBoxLayout()
        for field, label in (("votes_for", self.tr("A favor")),
                             ("votes_against", self.tr("En contra")),
                             ("votes_abstain", self.tr("Abstenciones"))):
            spin = QSpinBox()
            spin.setObjectName(f"field_{field}")
            spin.setRange(0, 999)
            spin.valueChanged.connect(lambda _v: self._timer.start())
            spin.editingFinished.connect(self.commit)
            counts.addWidget(QLabel(label))
            counts.addWidget(spin)
            self.spins[field] = spin
        counts.addStretch()
        self.summary = QLabel()
        self.summary.setObjectName("vote_summary")
        self.error = ErrorLabel()
        self.error.setObjectName("error_votes")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.mode_combo)
        layout.addLayout(counts)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)

    def flush(self) -> None:
        """Commit counts still waiting for the typing pause."""
        if self._timer.isActive():
            self.commit()

    def load(self, row: dict[str, Any] | None) -> None:
        """Show the stored vote. For the same agreement only what changed in the database
        is rewritten, so a majority still being completed is not thrown away."""
        self.flush()  # counts typed for the agreement being left belong to it
        force = (row or {}).get("id") != (self.row or {}).get("id")
        self.row = row
        values = {f: (row.get(f) if row else None) for f in VOTE_FIELDS}
        values["vote_mode"] = values["vote_mode"] or "unanimidad"
        for field in VOTE_FIELDS:
            if force or values[field] != self._loaded.get(field):
                widget = self.mode_combo if field == "vote_mode" else self.spins[field]
                write_value(widget, values[field])
        if force:
            self.error.clear_error()
        self._loaded = values
        self.summary.setText(vote_summary(values) if row else "")
        self._update_enabled()

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self._update_enabled()

    def _update_enabled(self) -> None:
        active = self.editable and self.row is not None
        self.mode_combo.setEnabled(active)
        for spin in self.spins.values():
            spin.setEnabled(active and self.mode_combo.currentData() == "mayoria")

    def on_mode_combo_changed(self, _index: int) -> None:
        self._update_enabled()
        if self.mode_combo.currentData() == "mayoria" and not self.spins["votes_for"].value():
            self.spins["votes_for"].setFocus()
        self.commit()

    def commit(self) -> None:
        self._timer.stop()
        row = self.row
        if row is None or not self.editable:
            return
        mode = self.mode_combo.currentData()
        desired: dict[str, Any] = {"vote_mode": mode}
        if mode == "mayoria":
            desired.update({f: spin.value() for f, spin in self.spins.items()})
            if not desired["votes_for"]:
                self.error.show_error(self.tr("Indique cuántos votos a favor tuvo el acuerdo."))
                return
        else:
            desired.update(votes_for=None, votes_against=None, votes_abstain=None)
        changes = {k: v for k, v in desired.items() if row.get(k) != v}
        if changes:
            try:
                self._write(row, changes)
            except SesionaError as exc:
                errors = exc.errors.values() if isinstance(exc, ValidationError) else [exc.message]
                self.error.show_error(" ".join(errors))
                return
        self.error.clear_error()
        if mode == "mayoria" and desired["votes_for"] < desired["votes_against"]:
            self.error.show_error(self.tr(
                "Hay más votos en contra que a favor: revise si el acuerdo fue adoptado."))

    def _write(self, row: dict[str, Any], changes: dict[str, Any]) -> None:
        db, agreement_id = self.ops.db, row["id"]
        if len(changes) == 1:  # typing one count merges into a single undo step
            ((field, value),) = changes.items()
            labels = {"vote_mode": self.tr("Votación"), "votes_for": self.tr("Votos a favor"),
                      "votes_against": self.tr("Votos en contra"),
                      "votes_abstain": self.tr("Abstenciones")}
            self.ops.edit(agreements.update_agreement, "agreements", agreement_id, field,
                          value, labels[field], tables={"agreements"},
                          merge=field != "vote_mode")
            return
        old = {k: row.get(k) for k in changes}
        self.ops.perform(self.tr("Editar «Votación»"),
                         lambda: agreements.update_agreement(db, agreement_id, changes),
                         lambda: agreements.update_agreement(db, agreement_id, old),
                         {"agreements"})


class ResponsiblesPicker(QGroupBox):
    """Responsables: the committee's seated institutions first, then (behind a toggle) the
    rest of the catalogue. Each tick replaces the list through ``set_responsibles``."""

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Responsables"))
        self.ops = ops
        self.session: dict[str, Any] | None = None
        self.agreement_id: str | None = None
        self.editable = True
        self._filling = False
        self._keys: list[str | None] = []
        self.show_all_check = QCheckBox(self.tr("Mostrar todas las instituciones"))
        self.show_all_check.toggled.connect(lambda _c: self.reload())
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Buscar institución…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.list = QListWidget()
        self.list.setObjectName("responsible_list")
        self.list.setMinimumHeight(160)
        self.list.itemChanged.connect(self.on_list_item_changed)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.error = ErrorLabel()
        top = QHBoxLayout()
        top.addWidget(self.filter_edit)
        top.addWidget(self.show_all_check)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)

    def load(self, session: dict[str, Any] | None, agreement_id: str | None,
             editable: bool) -> None:
        if agreement_id != self.agreement_id:
            self.error.clear_error()
        self.session, self.agreement_id, self.editable = session, agreement_id, editable
        self.reload()

    def reload(self) -> None:
        entries: list[tuple[str | None, str]] = []
        chosen: set[str] = set()
        hint = ""
        if self.agreement_id and self.session:
            chosen = {i["id"] for i in self.ops.read(agreements.responsibles, self.agreement_id)}
            seats = self.ops.read(membership.seats, self.session["committee_id"],
                                  self.session["date"])
            seated = {s["institution_id"] for s in seats}
            entries = [(s["institution_id"], f"{s['acronym']} — {s['institution_name']}")
                       for s in seats]
            show_all = self.show_all_check.isChecked()
            others = [(i["id"], f"{i['acronym']} — {i['name']}")
                      for i in self.ops.read(catalog.institutions)
                      if i["id"] not in seated and (show_all or i["id"] in chosen)]
            if others:
                entries += [(None, self.tr("Otras instituciones")), *others]
            if not seated and not show_all:
                hint = self.tr("El comité aún no tiene instituciones miembro registradas; "
                               "active «Mostrar todas las instituciones».")
            elif not chosen:
                hint = self.tr("Indique al menos una institución responsable del acuerdo.")
        self._fill(entries, chosen)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))

    def _fill(self, entries: list[tuple[str | None, str]], chosen: set[str]) -> None:
        self._filling = True
        try:
            keys = [key for key, _label in entries]
            if keys != self._keys:  # rebuild only when the rows differ: keeps the scroll
                self.list.clear()
                for key, label in entries:
                    item = QListWidgetItem(label)
                    item.setData(Qt.ItemDataRole.UserRole, key)
                    if key is None:
                        font = item.font()
                        font.setBold(True)
                        item.setFont(font)
                    self.list.addItem(item)
                self._keys = keys
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if self.editable:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            for i in range(self.list.count()):
                item = self.list.item(i)
                key = item.data(Qt.ItemDataRole.UserRole)
                item.setFlags(Qt.ItemFlag.NoItemFlags if key is None else flags)
                if key is not None:
                    item.setCheckState(Qt.CheckState.Checked if key in chosen
                                       else Qt.CheckState.Unchecked)
        finally:
            self._filling = False
        self._apply_filter(self.filter_edit.text())

    def _apply_filter(self, text: str) -> None:
        needle = _fold(text)
        for i in range(self.list.count()):
            item = self.list.item(i)
            header = item.data(Qt.ItemDataRole.UserRole) is None
            item.setHidden(bool(needle) and (header or needle not in _fold(item.text())))

    def checked(self) -> list[str]:
        items = [self.list.item(i) for i in range(self.list.count())]
        return [item.data(Qt.ItemDataRole.UserRole) for item in items
                if item.data(Qt.ItemDataRole.UserRole) is not None
                and item.checkState() == Qt.CheckState.Checked]

    def on_list_item_changed(self, _item: QListWidgetItem) -> None:
        if self._filling or not self.agreement_id or not self.editable:
            return
        db, agreement_id, wanted = self.ops.db, self.agreement_id, self.checked()
        previous: dict[str, list[str]] = {}

        def do() -> None:  # set_responsibles returns the list it replaced: keep the first
            previous.setdefault("ids", agreements.set_responsibles(db, agreement_id, wanted))

        def undo() -> None:
            agreements.set_responsibles(db, agreement_id, previous["ids"])

        self.error.clear_error()
        try:
            self.ops.perform(self.tr("Cambiar responsables"), do, undo,
                             {"agreement_responsibles"})
        except SesionaError as exc:
            self.error.show_error(exc.message)
            self.reload()


