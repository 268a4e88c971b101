"""The Acuerdos page: tracker model, filters, detail, follow-up dialog and state changes."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QTableView, QTreeWidget

from db.domain import agreements, committees, sessions
from db.domain.agreements import TrackerFilter
from db.domain.catalog import institution_id
from db.locale_pe import lima_today
from db.storage import records
from desktop.dialogs.followup_dialog import FollowupDialog
from desktop.models import lazy_table
from desktop.models.agreements_model import AgreementsTrackerModel
from desktop.operations import Operations
from desktop.pages.agreements_page import AgreementsPage

TODAY = date(2024, 6, 30)

# (text, responsible acronyms, deadline, state) — all in the first session of Cusco.
AGREEMENTS = [
    (
        "Aprobar el Plan Operativo Anual 2024, con cargo a que los sectores ajusten sus metas.",
        ["MTPE", "GORE"],
        "31/03/2024",
        "pendiente",
    ),
    (
        "El MTPE se compromete a realizar capacitaciones a inspectores.",
        ["MTPE"],
        "II trimestre 2024",
        "en_proceso",
    ),
    (
        "Los GORE se comprometen a promover ordenanzas en dos gobiernos locales.",
        ["GORE"],
        "diciembre 2024",
        "pendiente",
    ),
    (
        "La DRE difundirá la campaña contra el trabajo infantil en las escuelas.",
        ["DRE", "UGEL"],
        "I semestre 2024",
        "cumplido",
    ),
    (
        "Solicitar al MINSA un informe sobre atenciones a niñas y niños trabajadores.",
        ["MINSA"],
        "",
        "pendiente",
    ),
    (
        "Convocar a la SUNAFIL para exponer el plan de inspecciones.",
        ["SUNAFIL", "MTPE"],
        "15/02/2024",
        "anulado",
    ),
    ("Elaborar la línea de base regional de trabajo infantil.", ["INEI"], "año 2023", "en_proceso"),
]


@pytest.fixture
def ops(qapp, db):
    return Operations(db)


@pytest.fixture
def tracker(db):
    """Two committees; Cusco has seven agreements in SO-1 carried over into SO-2."""
    cusco = committees.create_committee(
        db,
        kind="cdrpeti",
        acronym="CDRPETI-CUS",
        region_code="PE-CUS",
        name="Comité Directivo Regional para la Prevención y Erradicación del Trabajo "
        "Infantil de Cusco",
    )
    lima = committees.create_committee(
        db,
        kind="trata",
        acronym="CRTP-LIM",
        region_code="PE-LIM",
        name="Comisión Regional contra la Trata de Personas de Lima",
    )
    first = sessions.create_session(db, cusco, date="2024-01-16")
    ids = [
        agreements.create_agreement(
            db,
            first,
            text,
            deadline_text=deadline,
            state=state,
            responsibles=[institution_id(a) for a in acronyms],
        )
        for text, acronyms, deadline, state in AGREEMENTS
    ]
    second = sessions.create_session(db, cusco, date="2024-03-20")
    lima_session = sessions.create_session(db, lima, date="2024-02-01")
    lima_id = agreements.create_agreement(
        db,
        lima_session,
        "El MTPE capacitará a la PNP en la identificación de víctimas.",
        deadline_text="31/01/2024",
        responsibles=[institution_id("MTPE")],
    )
    return {
        "committee": cusco,
        "other_committee": lima,
        "first": first,
        "second": second,
        "ids": ids,
        "lima_id": lima_id,
    }


@pytest.fixture
def page(qtbot, ops, tracker):
    page = AgreementsPage(ops, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.set_committee(tracker["committee"])
    page.resize(1200, 700)
    page.show()
    return page


def expected_ids(db, tracker, **kwargs) -> list[str]:
    return agreements.tracker_ids(
        db, TrackerFilter(committee_id=tracker["committee"], today=TODAY, **kwargs)
    )


def shown_ids(page: AgreementsPage) -> list[str]:
    return [page.model.id_at(r) for r in range(page.model.rowCount())]


def change_log_count(db) -> int:
    return records.pending_changes(db)


# The model ------------------------------------------------------------------------------


def test_tracker_model_passes_qtmodeltester(qtmodeltester, ops, tracker):
    model = AgreementsTrackerModel(ops, flt=TrackerFilter(today=TODAY))
    model.reload()
    assert model.rowCount() == len(AGREEMENTS) + 1  # both committees
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)  # and Qt's own QAbstractItemModelTester


def test_tracker_model_shows_peruvian_columns_and_marks_overdue_rows(ops, tracker):
    model = AgreementsTrackerModel(
        ops, flt=TrackerFilter(committee_id=tracker["committee"], today=TODAY)
    )
    model.reload()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "N°",
        "Acuerdo",
        "Responsables",
        "Plazo",
        "Estado",
        "Último seguimiento",
        "Sesión",
    ]
    row = model.row_of(tracker["ids"][0])
    cells = [model.index(row, c).data() for c in range(model.columnCount())]
    assert cells[0] == "SO-1 / 1"
    assert cells[1].startswith("Aprobar el Plan Operativo Anual 2024")
    assert set(cells[2].split(", ")) == {"GORE", "MTPE"}
    assert cells[3] == "31/03/2024"
    assert cells[4] == "Pendiente · Vencido"
    assert cells[6] == "16/01/2024"
    brush = model.index(row, 1).data(Qt.ItemDataRole.ForegroundRole)
    assert brush.color() == lazy_table.OVERDUE_BRUSH.color()

    on_time = model.row_of(tracker["ids"][2])  # «diciembre 2024», still open
    assert model.index(on_time, 4).data() == "Pendiente"
    assert model.index(on_time, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    done = model.row_of(tracker["ids"][3])  # cumplido: never vencido
    assert model.index(done, 4).data() == "Cumplido"


def test_tracker_model_set_filter_requeries_ids(qtbot, ops, tracker):
    model = AgreementsTrackerModel(
        ops, flt=TrackerFilter(committee_id=tracker["committee"], today=TODAY)
    )
    model.reload()
    with qtbot.waitSignal(model.modelReset):
        model.set_filter(
            TrackerFilter(committee_id=tracker["committee"], today=TODAY, states=("cumplido",))
        )
    assert [model.id_at(r) for r in range(model.rowCount())] == [tracker["ids"][3]]


def test_tracker_model_reads_only_the_visible_page(ops, db, tracker):
    """Thousands of agreements: a filter change reads ids, rows only for what is shown."""
    session = sessions.create_session(db, tracker["committee"], date="2024-05-10")
    for n in range(1, 1201):
        agreements.create_agreement(
            db, session, f"Acuerdo de prueba número {n}.", deadline_text="31/12/2024"
        )
    fetched: list[int] = []
    model = AgreementsTrackerModel(
        ops, flt=TrackerFilter(committee_id=tracker["committee"], today=TODAY)
    )
    original = model._fetch_rows
    model._fetch_rows = lambda ids: fetched.append(len(ids)) or original(ids)
    model.reload()
    assert model.rowCount() == 1200 + len(AGREEMENTS)
    assert fetched == []  # ids only
    assert model.index(1100, 1).data()
    assert sum(fetched) <= lazy_table.PAGE_SIZE


# The page: count and filters -------------------------------------------------------------


def test_page_lists_the_committee_agreements_with_count(page, db, tracker):
    table = page.findChild(QTableView, "agreements_table")
    assert table.model() is page.model
    assert shown_ids(page) == expected_ids(db, tracker)
    assert tracker["lima_id"] not in shown_ids(page)
    assert page.findChild(QLabel, "count_label").text() == f"{len(AGREEMENTS)} acuerdos"
    assert page.title == "Acuerdos"


@pytest.mark.parametrize(
    "label, states",
    [
        ("Pendiente", ("pendiente",)),
        ("En proceso", ("en_proceso",)),
        ("Cumplido", ("cumplido",)),
        ("Anulado", ("anulado",)),
        ("Abiertos (pendiente o en proceso)", ("pendiente", "en_proceso")),
    ],
)
def test_filter_by_state(qtbot, page, db, tracker, label, states):
    combo = page.state_filter
    with qtbot.waitSignal(page.model.modelReset):
        combo.setCurrentIndex(combo.findText(label))
    expected = expected_ids(db, tracker, states=states)
    assert shown_ids(page) == expected
    count = len(expected)
    assert page.count_label.text() == ("1 acuerdo" if count == 1 else f"{count} acuerdos")
    with qtbot.waitSignal(page.model.modelReset):
        combo.setCurrentIndex(combo.findText("Todos los estados"))
    assert page.model.rowCount() == len(AGREEMENTS)


def test_filter_by_institution(qtbot, page, db, tracker):
    combo = page.institution_filter
    assert combo.itemText(0) == "Todas las instituciones"
    with qtbot.waitSignal(page.model.modelReset):
        combo.setCurrentIndex(combo.findData(institution_id("MTPE")))
    expected = expected_ids(db, tracker, institution_id=institution_id("MTPE"))
    assert len(expected) == 3
    assert shown_ids(page) == expected
    assert page.count_label.text() == "3 acuerdos"


def test_filter_only_overdue_uses_the_injected_today(qtbot, page, db, tracker):
    with qtbot.waitSignal(page.model.modelReset):
        qtbot.mouseClick(page.overdue_check, Qt.MouseButton.LeftButton)
    assert page.overdue_check.isChecked()
    expected = expected_ids(db, tracker, overdue_only=True)
    # 31/03/2024 (pendiente), II trimestre 2024 (en proceso, ends 30/06: not yet), año 2023.
    assert set(expected) == {tracker["ids"][0], tracker["ids"][6]}
    assert shown_ids(page) == expected
    for row in range(page.model.rowCount()):
        assert page.model.index(row, 4).data().endswith("Vencido")


def test_search_text_is_debounced_and_filters(qtbot, page, db, tracker):
    search = page.findChild(QLineEdit, "search_edit")
    assert search.placeholderText() == "Buscar en el texto…"
    resets: list[int] = []
    page.model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(page.model.modelReset, timeout=2000):
        qtbot.keyClicks(search, "trabajo infantil")
    assert len(resets) == 1  # one query after the pause, not one per key
    expected = expected_ids(db, tracker, text="trabajo infantil")
    assert len(expected) == 2
    assert shown_ids(page) == expected
    assert page.count_label.text() == "2 acuerdos"


def test_filters_combine(qtbot, page, db, tracker):
    with qtbot.waitSignal(page.model.modelReset):
        page.institution_filter.setCurrentIndex(
            page.institution_filter.findData(institution_id("GORE"))
        )
    with qtbot.waitSignal(page.model.modelReset):
        page.overdue_check.setChecked(True)
    assert shown_ids(page) == [tracker["ids"][0]]
    assert page.count_label.text() == "1 acuerdo"


# The page: detail ------------------------------------------------------------------------


def test_detail_shows_the_selected_agreement_and_carried_over_followups(page, tracker):
    assert page.detail.stack.currentWidget() is page.detail.placeholder
    assert page.select_agreement(tracker["ids"][0])
    detail = page.detail
    assert detail.findChild(QLabel, "detail_reference").text() == "Acuerdo SO-1 / 1"
    assert detail.text.text() == AGREEMENTS[0][0]
    assert "MTPE — Ministerio de Trabajo y Promoción del Empleo" in detail.responsibles.text()
    assert detail.deadline.text() == "31/03/2024 (vencido)"
    assert detail.state.text() == "Pendiente · Vencido"
    assert detail.session.text() == "Sesión Ordinaria N° 1 del martes 16 de enero de 2024"
    followups = detail.findChild(QTreeWidget, "followups_list")
    assert followups.topLevelItemCount() == 1  # carried over into SO-2, nothing reported yet
    item = followups.topLevelItem(0)
    assert item.text(0) == "20/03/2024"
    assert item.text(1) == "SO-2"
    assert item.text(2) == "(pendiente de informe en la sesión SO-2 del 20/03/2024)"


def test_register_followup_through_dialog(qtbot, page, db, ops, tracker):
    agreement = tracker["ids"][0]
    page.select_agreement(agreement)
    qtbot.mouseClick(page.detail.add_followup_button, Qt.MouseButton.LeftButton)
    dialog = page.followup_dialog
    assert isinstance(dialog, FollowupDialog)
    assert dialog.isVisible()
    assert dialog.heading.text().startswith("Acuerdo SO-1 / 1: Aprobar el Plan")
    assert dialog.date_edit.displayFormat() == "dd/MM/yyyy"
    dialog.date_edit.set_value("2024-04-02")
    qtbot.keyClicks(
        dialog.findChild(QPlainTextEdit, "followup_body"),
        "Los sectores remitieron sus metas ajustadas.",
    )
    qtbot.keyClicks(dialog.findChild(QLineEdit, "followup_evidence"), "Oficio N° 045-2024")
    dialog.state_combo.setCurrentIndex(dialog.state_combo.findData("en_proceso"))

    with qtbot.waitSignal(ops.changed) as changed:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert changed.args[0] == frozenset({"agreement_followups", "agreements"})
    assert not dialog.isVisible()

    stored = [f for f in agreements.followups(db, agreement) if f["body"]]
    assert len(stored) == 1
    assert stored[0]["id"] == dialog.followup_id
    assert stored[0]["noted_on"] == "2024-04-02"
    assert stored[0]["evidence"] == "Oficio N° 045-2024"
    assert records.get(db, "agreements", agreement)["state"] == "en_proceso"

    # The page refreshed itself from ops.changed and kept the selection.
    assert page.current_id == agreement
    assert page.table.currentIndex().row() == page.model.row_of(agreement)
    texts = [
        page.detail.followups.topLevelItem(i).text(2)
        for i in range(page.detail.followups.topLevelItemCount())
    ]
    assert "Los sectores remitieron sus metas ajustadas." in texts
    last = page.detail.followups.topLevelItem(
        texts.index("Los sectores remitieron sus metas ajustadas.")
    )
    assert last.text(0) == "02/04/2024"
    assert last.text(3) == "Oficio N° 045-2024"
    assert last.text(4) == "En proceso"
    assert page.detail.state.text() == "En proceso · Vencido"
    row = page.model.row_of(agreement)
    assert page.model.index(row, 5).data() == "Los sectores remitieron sus metas ajustadas."


def test_empty_followup_shows_spanish_error_and_writes_nothing(qtbot, page, db, ops, tracker):
    page.select_agreement(tracker["ids"][1])
    dialog = page.open_followup_dialog()
    before = change_log_count(db)
    qtbot.keyClicks(dialog.body_edit, "   ")
    with qtbot.assertNotEmitted(ops.changed):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    error = dialog.findChild(QLabel, "followup_error")
    assert error.isVisible()
    assert error.text() == "El campo «Informe de seguimiento» es obligatorio."
    assert change_log_count(db) == before
    assert dialog.followup_id is None

    # Correcting the text and accepting again works and clears the error.
    qtbot.keyClicks(dialog.body_edit, "Se realizaron dos capacitaciones.")
    with qtbot.waitSignal(ops.changed):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not error.isVisible()
    assert change_log_count(db) == before + 1
    assert records.get(db, "agreements", tracker["ids"][1])["state"] == "en_proceso"


def test_followup_dialog_constructed_directly_cancel_writes_nothing(qtbot, db, ops, tracker):
    dialog = FollowupDialog(ops, tracker["ids"][2])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.state_combo.itemText(0) == "Sin cambio"
    assert dialog.date_edit.date().toPython() == lima_today()
    before = change_log_count(db)
    dialog.body_edit.setPlainText("Texto que no se guardará.")
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton
    )
    assert not dialog.isVisible()
    assert change_log_count(db) == before


def test_change_state_then_undo_restores_it(qtbot, page, db, ops, tracker):
    agreement = tracker["ids"][0]
    page.select_agreement(agreement)
    assert not page.detail.change_state_button.isEnabled()
    combo = page.detail.state_combo
    assert combo.currentData() == "pendiente"
    combo.setCurrentIndex(combo.findData("cumplido"))
    assert page.detail.change_state_button.isEnabled()

    with qtbot.waitSignal(ops.changed):
        qtbot.mouseClick(page.detail.change_state_button, Qt.MouseButton.LeftButton)
    assert records.get(db, "agreements", agreement)["state"] == "cumplido"
    assert page.detail.state.text() == "Cumplido"
    assert page.model.index(page.model.row_of(agreement), 4).data() == "Cumplido"
    assert ops.undo_stack.count() == 1

    with qtbot.waitSignal(ops.changed):
        ops.undo_stack.undo()
    assert records.get(db, "agreements", agreement)["state"] == "pendiente"
    assert page.current_id == agreement
    assert page.detail.state.text() == "Pendiente · Vencido"
    assert page.detail.state_combo.currentData() == "pendiente"
    assert page.model.index(page.model.row_of(agreement), 4).data() == "Pendiente · Vencido"


def test_selection_follows_filters_and_refreshes(qtbot, page, db, ops, tracker):
    agreement = tracker["ids"][1]  # MTPE, en proceso
    page.select_agreement(agreement)
    with qtbot.waitSignal(page.model.modelReset):
        page.institution_filter.setCurrentIndex(
            page.institution_filter.findData(institution_id("MTPE"))
        )
    assert page.current_id == agreement
    assert page.table.currentIndex().row() == page.model.row_of(agreement)

    # A change elsewhere that drops the agreement from the filter clears the detail.
    with qtbot.waitSignal(ops.changed):
        ops.call(
            agreements.set_responsibles,
            agreement,
            [institution_id("SUNAFIL")],
            tables={"agreement_responsibles"},
        )
    assert agreement not in shown_ids(page)
    assert page.current_id is None
    assert page.detail.stack.currentWidget() is page.detail.placeholder
    assert page.count_label.text() == "2 acuerdos"


def test_switching_committee_shows_its_agreements(page, db, tracker):
    page.set_committee(tracker["other_committee"])
    assert shown_ids(page) == [tracker["lima_id"]]
    assert page.count_label.text() == "1 acuerdo"


def test_institution_filter_is_searchable_by_typing(qtbot, page, db, tracker):
    combo = page.institution_filter
    combo.lineEdit().selectAll()
    with qtbot.waitSignal(page.model.modelReset):
        qtbot.keyClicks(combo.lineEdit(), "sunafil")
        qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    assert combo.currentData() == institution_id("SUNAFIL")
    assert shown_ids(page) == expected_ids(db, tracker, institution_id=institution_id("SUNAFIL"))
    # Clearing the text goes back to every institution.
    combo.lineEdit().clear()
    with qtbot.waitSignal(page.model.modelReset):
        combo.lineEdit().editingFinished.emit()
    assert combo.currentIndex() == 0
    assert page.model.rowCount() == len(AGREEMENTS)
