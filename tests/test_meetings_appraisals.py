"""民主评议党员: results per member and year, counts, refusals, who is listed."""

from __future__ import annotations

from datetime import date

import pytest
from meetings_helpers import hold
from party_days_helpers import make_branch

from township_desk.models.meetings import MemberAppraisal
from township_desk.services import party_branches
from township_desk.services.meetings import appraisals
from township_desk.services.records import ValidationError


def test_results_are_stored_counted_and_changed(db, today):
    year = today.year - 1
    branch, people = make_branch(members=5)
    meeting = hold(branch, "民主评议党员", date(year, 12, 20))
    results = dict(zip(people, ["优秀", "合格", "合格", "基本合格", "合格"], strict=True))
    assert appraisals.save_appraisals(branch, year, results) == 5
    assert appraisals.appraisal_counts(year) == {"优秀": 1, "合格": 3, "基本合格": 1, "不合格": 0, "合计": 5}
    assert {str(a.meeting_id) for a in MemberAppraisal.live()} == {meeting}  # tied to the year's meeting
    rows = {r["person_id"]: r["result"] for r in appraisals.appraisal_rows(branch, year)}
    assert rows[people[0]] == "优秀"

    # 不合格 needs the branch's handling in the notes; nothing half-written on refusal
    with pytest.raises(ValidationError) as error:
        appraisals.save_appraisals(branch, year, {people[1]: "不合格"})
    assert "处置" in error.value.message
    assert appraisals.appraisal_counts(year)["不合格"] == 0
    appraisals.save_appraisals(
        branch, year, {people[1]: "不合格", people[2]: ""}, notes={people[1]: "限期改正"}
    )
    assert appraisals.appraisal_counts(year, branch) == {
        "优秀": 1,
        "合格": 1,
        "基本合格": 1,
        "不合格": 1,
        "合计": 4,
    }
    with pytest.raises(ValidationError):
        appraisals.save_appraisals(branch, year, {people[3]: "良好"})
    assert str(year) in appraisals.appraisal_years()


def test_a_member_who_left_after_the_appraisal_stays_on_the_years_list(db, today):
    year = today.year - 1
    branch, people = make_branch(members=3)
    appraisals.save_appraisals(branch, year, {people[0]: "合格"})
    member = party_branches.current_membership(people[0])
    assert member is not None
    party_branches.transfer_out(str(member.id), date(year, 12, 1))
    names = [r["person_id"] for r in appraisals.appraisal_rows(branch, year)]
    assert people[0] in names and len(names) == 3
    assert [r["name"] for r in appraisals.all_appraisals(year)] != []
