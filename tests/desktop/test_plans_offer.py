"""An agreement marked «cumplido» offers to record the matching execution entry in the
committee's plan of the year, wherever the state changes: the Acuerdos page (state
button and «Registrar seguimiento»), the session's follow-up tab and agreements tab."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QMessageBox, QPushButton

from db.domain import agreements, indicators, sessions
from db.locale_pe import lima_today
from desktop.operations import Operations
from desktop.pages.agreements_page import AgreementsPage
from desktop.plans.agreement_offer import IndicatorChooser, offer_execution_entry
from desktop.plans.entry_dialog import EntryDialog
from desktop.session_editor.agreements_tab import AgreementsTab
from desktop.session_editor.followup_tab import KEYS, FollowupTab
from tests.db.factories import make_committee
from tests.db.plan_factories import make_plan
from tests.support.typing import type_text

Click = Qt.MouseButton.LeftButton
TODAY = lima_today()
TEXT = "La DRTPE realizará un taller con familias de Callería sobre trabajo infantil."


@pytest.fixture
def ops(qapp, db):
    return Operations(db)


@pytest.fixture
def setup(db):
    committee_id = make_committee(db, acronym="CDRPETI-UCAYALI", region_code="PE-UCA")
    session_id = sessions.create_session(db, committee_id, date=f"{TODAY.year}-01-15")
    agreement_id = agreements.create_agreement(db, session_id, TEXT)
    return {"committee": committee_id, "session": session_id, "agreement": agreement_id}


@pytest.fixture
def planned(db, setup):
    return make_plan(db, setup["committee"], TODAY.year)


@pytest.fixture
def agreements_page(qtbot, ops, setup):
    page = AgreementsPage(ops, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.set_committee(setup["committee"])
    page.show()
    assert page.select_agreement(setup["agreement"])
    return page


def mark_fulfilled(qtbot, ops, page: AgreementsPage) -> None:
    page.detail.state_combo.setCurrentIndex(page.detail.state_combo.findData("cumplido"))
    with qtbot.waitSignal(ops.changed, timeout=2000):
        qtbot.mouseClick(page.detail.change_state_button, Click)


def offer_button(box: QMessageBox, name: str) -> QPushButton:
    return box.findChild(QPushButton, name)


def test_fulfilled_agreement_offers_the_execution_entry(qtbot, db, ops, setup, planned,
                                                        agreements_page):
    mark_fulfilled(qtbot, ops, agreements_page)
    box = agreements_page.execution_offer
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert f"Plan de Trabajo Anual {TODAY.year}" in box.text()
    qtbot.mouseClick(offer_button(box, "offer_register_button"), Click)
    chooser = box.chooser
    assert isinstance(chooser, IndicatorChooser) and chooser.isVisible()
    names = [chooser.list.topLevelItem(r).text(1) for r in range(chooser.list.topLevelItemCount())]
    assert names == ["Plan regional aprobado", "Talleres realizados", "Personas capacitadas",
                     "Spots difundidos", "Operativos realizados", "Actas levantadas"]
    chooser.list.setCurrentItem(chooser.list.topLevelItem(1))
    qtbot.mouseClick(chooser.ok_button, Click)
    dialog = chooser.entry_dialog
    assert isinstance(dialog, EntryDialog) and dialog.isVisible()
    assert dialog.date.value() == TODAY.isoformat()
    assert dialog.description.text() == TEXT
    assert dialog.agreement.currentData() == setup["agreement"]
    type_text(qtbot, dialog.quantity, "1")
    with qtbot.waitSignal(ops.changed, timeout=2000):
        qtbot.mouseClick(dialog.ok_button, Click)
    assert dialog.result() == QDialog.DialogCode.Accepted
    entry = indicators.entries(db, planned["talleres"])[-1]
    assert (entry["agreement_id"], entry["description"], entry["quantity"]) == (
        setup["agreement"], TEXT, 1.0)


def test_not_now_records_nothing(qtbot, db, ops, setup, planned, agreements_page):
    before = len(indicators.entries(db, planned["talleres"]))
    mark_fulfilled(qtbot, ops, agreements_page)
    box = agreements_page.execution_offer
    qtbot.mouseClick(offer_button(box, "offer_later_button"), Click)
    assert not box.isVisible() and box.chooser is None
    assert len(indicators.entries(db, planned["talleres"])) == before


def test_no_offer_without_a_plan_of_the_year(qtbot, db, ops, setup, agreements_page):
    make_plan(db, setup["committee"], TODAY.year - 1)  # last year's does not count
    mark_fulfilled(qtbot, ops, agreements_page)
    assert agreements.for_session(db, setup["session"])[0]["state"] == "cumplido"
    assert agreements_page.execution_offer is None
    assert offer_execution_entry(agreements_page, ops, setup["agreement"]) is None


def test_other_states_do_not_offer(qtbot, ops, setup, planned, agreements_page):
    agreements_page.detail.state_combo.setCurrentIndex(
        agreements_page.detail.state_combo.findData("en_proceso"))
    with qtbot.waitSignal(ops.changed, timeout=2000):
        qtbot.mouseClick(agreements_page.detail.change_state_button, Click)
    assert agreements_page.execution_offer is None


def test_followup_dialog_marking_fulfilled_offers(qtbot, ops, setup, planned, agreements_page):
    dialog = agreements_page.open_followup_dialog()
    type_text(qtbot, dialog.body_edit, "Se realizó el taller el 18/11.")
    dialog.state_combo.setCurrentIndex(dialog.state_combo.findData("cumplido"))
    with qtbot.waitSignal(ops.changed, timeout=2000):
        qtbot.mouseClick(dialog.ok_button, Click)
    box = agreements_page.execution_offer
    assert isinstance(box, QMessageBox) and box.isVisible()


def test_session_followup_tab_offers(qtbot, db, ops, setup, planned):
    later = sessions.create_session(db, setup["committee"], date=f"{TODAY.year}-03-10")
    tab = FollowupTab(ops)
    qtbot.addWidget(tab)
    tab.show()
    tab.set_session(later)
    tab.view.edit(tab.model.index(0, KEYS.index("state_after")))
    combo = tab.view.viewport().findChild(QComboBox, "followup_state_editor")
    with qtbot.waitSignal(ops.changed, timeout=2000):
        qtbot.keyClicks(combo, "Cu")  # «Cumplido»
    assert agreements.for_session(db, setup["session"])[0]["state"] == "cumplido"
    assert isinstance(tab.execution_offer, QMessageBox) and tab.execution_offer.isVisible()


def test_session_agreements_tab_offers(qtbot, db, ops, setup, planned):
    tab = AgreementsTab(ops)
    qtbot.addWidget(tab)
    tab.show()
    tab.set_session(setup["session"])
    tab.select_agreement(setup["agreement"])
    with qtbot.waitSignal(ops.changed, timeout=2000):
        tab.state_combo.setCurrentIndex(tab.state_combo.findData("cumplido"))
    assert isinstance(tab.execution_offer, QMessageBox) and tab.execution_offer.isVisible()
