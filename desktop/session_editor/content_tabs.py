"""The tabs for the body of the acta: IV. Informes, V. Pedidos and VI. Orden del día."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from desktop.operations import Operations
from desktop.session_editor.base import SessionTab
from desktop.session_editor.block_list import BlockListEditor, FieldSpec, first_line


def _with_institution(text: str, row: dict, acronyms: dict[str, str]) -> str:
    acronym = acronyms.get(row.get("institution_id") or "")
    return f"{acronym}: {text}" if acronym and text else (acronym or text)


def report_summary(row: dict, acronyms: dict[str, str]) -> str:
    return (row.get("title") or "").strip() or first_line(row.get("body"))


def request_summary(row: dict, acronyms: dict[str, str]) -> str:
    return _with_institution(first_line(row.get("body")), row, acronyms)


def agenda_summary(row: dict, acronyms: dict[str, str]) -> str:
    return (row.get("title") or "").strip()


def intervention_summary(row: dict, acronyms: dict[str, str]) -> str:
    return _with_institution(first_line(row.get("body")), row, acronyms)


class _BlocksTab(SessionTab):
    """A tab made of block-list editors that all belong to the session."""

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(ops, parent)
        self.editors: list[BlockListEditor] = []

    def _stack(self, editors: list[BlockListEditor]) -> QSplitter:
        self.editors = editors
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        for editor in editors:
            splitter.addWidget(editor)
        return splitter

    def set_locked(self, locked: bool) -> None:
        super().set_locked(locked)
        for editor in self.editors:
            editor.set_locked(locked)

    def refresh(self) -> None:
        for editor in self.editors:
            editor.set_parent_id(self.session_id)

    def flush(self) -> None:
        for editor in self.editors:
            editor.flush()


class ReportsTab(_BlocksTab):
    """IV. Informes: 4.1 presidency and technical secretariat, 4.2 member sectors."""

    title = "Informes"
    watches = frozenset({"reports", "institutions"})

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(ops, parent)
        self.title = self.tr("Informes")
        self.presidency = self._editor(
            self.tr("4.1 Informes de la Presidencia y Secretaría Técnica"), "presidencia", "4.1")
        self.sectors = self._editor(self.tr("4.2 Informes de los sectores"), "sectores", "4.2")
        layout = QVBoxLayout(self)
        layout.addWidget(self._stack([self.presidency, self.sectors]))

    def _editor(self, heading: str, section: str, prefix: str) -> BlockListEditor:
        return BlockListEditor(
            self.ops, "reports", heading=heading, number_format=prefix + ".{n}",
            section=section, noun=self.tr("informe"), summary=report_summary,
            fields=[
                FieldSpec("title", self.tr("Título:"),
                          placeholder=self.tr("p. ej. Avances del Plan Operativo Anual")),
                FieldSpec("institution_id", self.tr("Institución:"), "institution"),
                FieldSpec("body", self.tr("Contenido:"), "text",
                          placeholder=self.tr("Un punto por línea")),
            ])


class RequestsTab(_BlocksTab):
    """V. Pedidos, of the presidency/secretariat and of the members."""

    title = "Pedidos"
    watches = frozenset({"requests", "institutions"})

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(ops, parent)
        self.title = self.tr("Pedidos")
        self.presidency = self._editor(
            self.tr("Pedidos de la Presidencia y Secretaría Técnica"), "presidencia")
        self.members = self._editor(self.tr("Pedidos de los miembros"), "miembros")
        self.empty_hint = QLabel(
            self.tr("Si no hay pedidos, el acta dirá «No se formularon pedidos.»"))
        self.empty_hint.setObjectName("empty_hint")
        self.empty_hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self._stack([self.presidency, self.members]))

    def _editor(self, heading: str, section: str) -> BlockListEditor:
        return BlockListEditor(
            self.ops, "requests", heading=heading, number_format="{n}.", section=section,
            noun=self.tr("pedido"), summary=request_summary,
            fields=[
                FieldSpec("institution_id", self.tr("Institución:"), "institution"),
                FieldSpec("body", self.tr("Pedido:"), "text"),
            ])

    def refresh(self) -> None:
        super().refresh()
        self.empty_hint.setVisible(
            not any(editor.model.rowCount() for editor in self.editors))


class AgendaTab(_BlocksTab):
    """VI. Orden del día: the agenda items and, under the selected one, its interventions."""

    title = "Orden del día"
    watches = frozenset({"agenda_items", "interventions", "institutions"})

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(ops, parent)
        self.title = self.tr("Orden del día")
        self.items = BlockListEditor(
            ops, "agenda_items", heading=self.tr("VI. Orden del día"), number_format="6.{n}",
            noun=self.tr("tema"), summary=agenda_summary,
            fields=[FieldSpec("title", self.tr("Tema:"),
                              placeholder=self.tr("p. ej. Aprobación del Plan Operativo Anual"))])
        self.interventions = BlockListEditor(
            ops, "interventions", heading=self.tr("Intervenciones sobre el tema seleccionado"),
            number_format="{n}.", noun=self.tr("intervención"), summary=intervention_summary,
            fields=[
                FieldSpec("institution_id", self.tr("Institución:"), "institution"),
                FieldSpec("speaker", self.tr("Orador/a:"),
                          placeholder=self.tr("Opcional; p. ej. Lic. Ana Quispe")),
                FieldSpec("body", self.tr("Intervención:"), "text",
                          placeholder=self.tr("p. ej. La representante del MIMP indicó …")),
            ])
        self.items.current_changed.connect(self.on_items_current_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self._stack([self.items, self.interventions]))

    def on_items_current_changed(self, _item_id: str | None) -> None:
        self._show_interventions()

    def refresh(self) -> None:
        self.items.set_parent_id(self.session_id)
        self._show_interventions()

    def _show_interventions(self) -> None:
        """The interventions list follows the selected agenda item (and its number)."""
        model = self.items.model
        row = model.row_of(self.items.current_id())
        self.interventions.heading.setText(
            self.tr("Intervenciones sobre el tema {item}").format(
                item=model.number(model.row_at(row)))
            if row >= 0 else self.tr("Intervenciones sobre el tema seleccionado"))
        self.interventions.set_parent_id(self.items.current_id())
