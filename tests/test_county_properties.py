"""Properties of a trusted merge (hypothesis): honest files of several townships mixed with adversarial ones
(another township's rows or purge markers, edits dated in the future, a copy of another township's file
renamed): every adversarial file is refused with nothing written, no township's rows change except through
its own files, and the result is that of the honest files alone, in any order, and merging again is a no-op."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from exchange_helpers import county, dump, identity
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from township_desk.db import close_database, open_database
from township_desk.services.exchange import export_for_county
from township_desk.services.merge import merge_files

KEYS = {"漳江镇": ["a" * 32, "b" * 32], "桃花乡": ["c" * 32, "d" * 32], "石门乡": ["e" * 32]}
TOWNS = sorted(KEYS)
KINDS = ("foreign_row", "foreign_marker", "future", "copy")

version = st.tuples(st.integers(0, 4), st.booleans())
honest = st.sampled_from(TOWNS).flatmap(
    lambda town: st.tuples(st.just(town), st.dictionaries(st.sampled_from(KEYS[town]), version, min_size=1))
)


@st.composite
def sequences(draw):
    """Honest files in a random order, adversarial ones inserted after a file of the township they attack."""
    files = draw(st.lists(honest, min_size=1, max_size=4))
    order: list[tuple[str, object]] = [("honest", f) for f in draw(st.permutations(files))]
    for _ in range(draw(st.integers(1, 3))):
        position = draw(st.integers(0, len(order) - 1))
        kind_, item = order[position]
        if kind_ != "honest":
            continue
        victim, rows = item  # type: ignore[misc]
        attack = draw(st.sampled_from(KINDS))
        attacker = draw(st.sampled_from([t for t in TOWNS if t != victim]))
        key = draw(st.sampled_from(sorted(rows)))
        order.insert(draw(st.integers(position + 1, len(order))), ("attack", (attack, attacker, victim, key)))
    return order


SETTINGS = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    folder = tmp_path_factory.mktemp("templates")
    township = folder / "township.db"
    open_database(township)
    close_database()
    return township, county(folder / "county.db")


def stamp(minute: int) -> str:
    return f"2024-06-01 10:0{minute}:00"


def content(key: str, minute: int, deleted: bool) -> tuple[str, str | None]:
    return f"{key[:1]}{minute}{'删' if deleted else ''}", stamp(minute) if deleted else None


def write_file(
    template: Path,
    folder: Path,
    name: str,
    town: str,
    rows: dict[str, tuple[int, bool]],
    township_id: str | None = None,
    markers: tuple[str, ...] = (),
    when: str | None = None,
) -> Path:
    path = folder / f"{name}.db"
    shutil.copyfile(template, path)
    connection = sqlite3.connect(path)
    connection.executemany(
        "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
        [("township", town), ("township_id", township_id or identity(town))],
    )
    for key, (minute, deleted) in rows.items():
        label, deleted_at = content(key, minute, deleted)
        connection.execute(
            "INSERT INTO village (id, created_at, updated_at, deleted_at, name, kind, sort_order) "
            "VALUES (?, ?, ?, ?, ?, '村', 0)",
            (key, stamp(0), when or stamp(minute), deleted_at, label),
        )
    for key in markers:
        connection.execute(
            "INSERT INTO purged_row (id, created_at, updated_at, table_name, row_id, purged_at) "
            "VALUES (?, ?, ?, 'village', ?, ?)",
            (hashlib.md5(key.encode()).hexdigest(), stamp(4), stamp(4), key, stamp(4)),
        )
    connection.commit()
    connection.close()
    return export_for_county(path, folder / f"{name}.tdx").path


def attack_file(template: Path, folder: Path, name: str, attack: tuple[str, str, str, str]) -> Path:
    kind, attacker, victim, key = attack
    own = {KEYS[attacker][0]: (3, False)}
    if kind == "foreign_row":  # the victim's row, "edited" later
        return write_file(template, folder, name, attacker, {**own, key: (4, False)})
    if kind == "foreign_marker":  # a purge marker for the victim's row
        return write_file(template, folder, name, attacker, own, markers=(key,))
    if kind == "future":  # an edit dated after its export
        return write_file(template, folder, name, attacker, own, when="2099-01-01 00:00:00")
    # a copy of the victim's file under another name: the victim's identity and rows, deleted
    return write_file(template, folder, name, "复制乡", {key: (4, True)}, township_id=identity(victim))


def owned(path: Path) -> dict[str, list[tuple[object, ...]]]:
    connection = sqlite3.connect(path)
    rows: dict[str, list[tuple[object, ...]]] = {}
    for row in connection.execute(
        "SELECT origin_township, id, name, deleted_at, updated_at FROM village ORDER BY id"
    ):
        rows.setdefault(str(row[0]), []).append(row[1:])
    connection.close()
    return rows


@SETTINGS
@given(order=sequences(), data=st.data())
def test_adversarial_files_change_nothing_and_honest_ones_merge_in_any_order(templates, order, data):
    township_template, county_template = templates
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        steps: list[tuple[str, str, Path]] = []  # (kind, township, file)
        for index, (kind, item) in enumerate(order):
            if kind == "honest":
                town, rows = item  # type: ignore[misc]
                steps.append(("honest", town, write_file(township_template, folder, f"h{index}", town, rows)))
            else:
                steps.append(("attack", item[1], attack_file(township_template, folder, f"x{index}", item)))  # type: ignore[index]

        target = folder / "county.db"
        shutil.copyfile(county_template, target)
        for kind, town, package in steps:  # one file at a time: each step watched
            before = owned(target)
            outcome = merge_files(target, [package]).files[0]
            after = owned(target)
            if kind == "attack":
                assert outcome.status == "refused", outcome.line()
                assert after == before
            for other in set(before) | set(after):
                if other != town:
                    assert before.get(other) == after.get(other), f"{other} changed by a file of {town}"

        honest_files = [p for k, _t, p in steps if k == "honest"]
        alone = folder / "alone.db"
        shutil.copyfile(county_template, alone)
        merge_files(alone, list(data.draw(st.permutations(honest_files))))  # honest files only, in one run
        assert dump(target, ["village"]) == dump(alone, ["village"])

        snapshot = dump(target, ["village", "purged_row", "merge_log", "county_township"])
        merge_files(target, [p for _k, _t, p in steps])  # everything again: nothing changes
        assert dump(target, ["village", "purged_row", "merge_log", "county_township"]) == snapshot
