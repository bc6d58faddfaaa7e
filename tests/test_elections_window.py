"""The 换届 tab driven through the real window: progress line, the assistant saving a changeover, the cadre file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from township_desk.models.cadres import ReserveCadre
from township_desk.models.elections import Election, ElectionResult
from township_desk.models.people import Village
from township_desk.services.elections import changeover, terms
from township_desk.ui.election_widgets import CadreFileDialog, ChangeoverDialog


def elections_tab(window):
    window.tabs.setCurrentIndex([p.title for p in window.tab_pages].index("换届"))
    return window.current_tab()


def test_the_tab_lists_the_2021_round_and_says_what_is_due(main_window):
    tab = elections_tab(main_window)
    villages = Village.live().count()
    assert tab.model.total == 3 * villages  # 党组织, 村(居)委会, 监委会 of every village
    assert "换届：已完成" in tab.progress_label.text()
    tab.filter_boxes["committee"].setCurrentText(terms.PARTY)
    assert tab.model.total == villages


def test_the_assistant_records_a_changeover_with_a_reserve(main_window, qtbot):
    tab = elections_tab(main_window)
    village = next(
        v for v in Village.live() if any(c.reserve_id for c in changeover.candidates(v.id, terms.PARTY))
    )
    dialog: ChangeoverDialog = tab.add_record()
    dialog.village.setCurrentIndex(dialog.village.findData(village.id))
    assert dialog.members.rowCount() == len(changeover.current_members(village.id, terms.PARTY))
    reserve_index = next(i for i, c in enumerate(dialog.choices) if c.reserve_id)
    dialog.add_newcomer(reserve_index, "党组织委员")
    assert "有且只有一名书记" not in dialog.findings.text()
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.findings.text()
    election = Election.get_by_id(dialog.election_id)
    assert election.village_id == village.id and election.committee == terms.PARTY
    chosen = dialog.choices[reserve_index]
    assert ReserveCadre.get_by_id(chosen.reserve_id).status == "已任用"
    assert ElectionResult.get(
        (ElectionResult.election == election.id) & (ElectionResult.person == chosen.person_id)
    ).from_reserve
    assert tab.model.total == 3 * Village.live().count() + 1


def test_the_cadre_file_opens_by_name(main_window):
    tab = elections_tab(main_window)
    from township_desk.models.cadres import CadrePost
    from township_desk.models.people import Person

    post = next(
        p
        for p in CadrePost.live().where(CadrePost.ended_on.is_null())
        if Person.live().where(Person.name == p.person.name).count() == 1
    )
    name = post.person.name
    dialog = tab.open_cadre_file(name)
    assert isinstance(dialog, CadreFileDialog) and dialog.windowTitle() == f"干部档案 — {name}"
    assert "任职和任期" in dialog.view.toPlainText() and post.post in dialog.view.toPlainText()


def test_the_cadre_file_takes_a_resume_line_and_a_photo(main_window, qtbot, tmp_path):
    from PySide6.QtGui import QColor, QImage

    from township_desk.models.cadres import CadrePost

    post = CadrePost.live().where(CadrePost.ended_on.is_null()).first()
    dialog = CadreFileDialog(post.person_id, main_window)
    editor = dialog.add_line("resume")
    editor.widgets["started_on"].setText("2009.03")
    editor.widgets["ended_on"].setText("2012.06")
    editor.widgets["unit"].setText("县农业局")
    editor.save()
    assert not editor.isVisible() and "2009.03—2012.06 县农业局" in " ".join(
        dialog.view.toPlainText().split()
    )
    image = QImage(60, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("steelblue"))
    photo = tmp_path / "photo.png"
    assert image.save(str(photo))
    dialog.choose_photo(photo)
    assert dialog.photo.pixmap() is not None and not dialog.photo.pixmap().isNull()


def test_the_cadre_file_opens_from_the_cadre_list(main_window):
    main_window.tabs.setCurrentIndex([p.title for p in main_window.tab_pages].index("干部"))
    tab = main_window.current_tab()
    tab.table.selectRow(0)
    dialog = tab.show_file()
    name = tab.model.data(tab.model.index(0, 0))
    assert isinstance(dialog, CadreFileDialog) and dialog.windowTitle() == f"干部档案 — {name}"
