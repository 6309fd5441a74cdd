"""Issue 31.9: the dermatologist's worklist is a table, most urgent first then newest, with columns
for triage, date, pseudonym, body site, photos, diagnosis, sent / answered state and reviewer;
every column sorts; several bundles import at once and the messages name the cases, not their ids."""

from __future__ import annotations

from dataclasses import replace

import pytest

pytest.importorskip("pytestqt")


def _analysis(an, rgb, triage):
    return replace(an.analyze(rgb), triage=triage)


def test_worklist_table_order_columns_and_states(qtbot, window, fullres_images):
    from exchange import outbox
    from inference.imageio import load_image

    panel = window.cases
    store = panel.store
    an = window.ctrl.host.analyzer if hasattr(window.ctrl.host, "analyzer") else None
    if an is None:
        from inference.analysis import Analyzer

        an = Analyzer.load(None, "cpu")
    rgb = load_image(fullres_images[0]).rgb[::4, ::4].copy()
    made = {}
    for name, triage in [("Monitor-old", "monitor"), ("Urgent-old", "urgent_referral"), ("Referral", "referral"),
                         ("Urgent-new", "urgent_referral"), ("Monitor-new", "monitor")]:  # fmt: skip
        cid = store.create_case(f"KB {name} with a long pseudonym 0034-5678", "left forearm")
        iid = store.add_image(cid, rgb, "file", "x.jpg")
        store.add_analysis(iid, _analysis(an, rgb, triage))
        made[name] = cid
    store.set_annotation(made["Referral"], diagnosis="mel", confirm_type="histopathology", author="Dr Ana Ruiz")
    outbox.queue(store, made["Urgent-old"])
    store.db.execute("UPDATE outbox SET state='sent' WHERE case_id=?", (made["Urgent-old"],))
    with store.db:
        store.db.execute(
            "INSERT INTO review_applied VALUES (?,?,?,?,?)",
            (made["Referral"], "ab" * 32, "Dr Ana Ruiz", "2026-12-04T10:00:00Z", "2026-12-04T10:00:01Z"),
        )
    window.show_tab(panel)
    panel.refresh()
    table = panel.list
    order = table.case_ids()
    # most urgent first, newest first within a triage
    assert order == [made[n] for n in ("Urgent-new", "Urgent-old", "Referral", "Monitor-new", "Monitor-old")]
    from PySide6.QtCore import Qt

    horizontal = Qt.Orientation.Horizontal
    heads = [table.model().headerData(c, horizontal) for c in range(table.model().columnCount())]
    assert heads == ["Triage", "Saved", "Pseudonym", "Body site", "Photos", "Diagnosis", "Sent / answered", "Reviewer"]
    rows = {cid: table.row_texts(r) for r, cid in enumerate(order)}
    assert rows[made["Urgent-old"]][6] == "sent, no answer yet"
    assert rows[made["Referral"]][6] == "answered" and rows[made["Referral"]][7] == "Dr Ana Ruiz"
    assert rows[made["Referral"]][5] == "Melanoma"
    window.resize(1440, 900)
    qtbot.wait(50)
    col = table.columnViewportPosition(2), table.columnWidth(2)
    text_w = table.fontMetrics().horizontalAdvance(rows[made["Referral"]][2])
    assert col[1] >= text_w  # the pseudonym is not cut at 1440 px
    table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # what a click on the Pseudonym header does
    names = [table.row_texts(r)[2] for r in range(table.count())]
    assert names == sorted(names, key=str.lower)
    panel.triage_filter.setCurrentIndex(panel.triage_filter.findData("urgent_referral"))
    assert table.count() == 2


def test_several_bundles_import_at_once_with_names(qtbot, window, tmp_path, fullres_images):
    from cases.export import export_bundle
    from cases.store import CaseStore
    from inference.imageio import load_image

    other = CaseStore(tmp_path / "clinic")
    bundles = []
    for i, f in enumerate(fullres_images[:3]):
        cid = other.create_case(f"Clinic-B {i}", "back")
        other.add_image(cid, load_image(f).rgb[::4, ::4].copy(), "file", f.name)
        bundles.append(str(export_bundle(other, cid, tmp_path / "sent", with_pdf=False)))
    other.close()
    broken = tmp_path / "broken.dtcase.zip"
    broken.write_bytes(b"not a zip")
    ids = window.cases.import_bundles([*bundles, str(broken)])
    assert len(ids) == 3
    text = window.cases.status.text()
    assert text.startswith("3 of 4 case file(s) imported.")
    for i in range(3):
        assert f"Clinic-B {i} (back)" in text
    assert not any(cid in text for cid in ids)  # names, not raw ids
    assert window.cases.selected_case() == ids[-1]
