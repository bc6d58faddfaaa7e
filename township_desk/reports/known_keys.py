"""The field keys the program supplies to each bundled template (forms/*.toml), by template name.

A key in a template that is neither here nor in the records being printed is a mistake (a typo
such as `key = "nmae"`, or a field the program does not have): the renderer refuses it and lists
the keys there are, instead of printing an empty column. When a service gives a template a new
field, add its key here (tests/reports/test_pdf_templates.py checks forms/ against this list).
"""

from __future__ import annotations

#: The 两委 roster's rows (services.cadres.roster_rows): the short A4 roster and the detailed A3 one.
ROSTER_KEYS = frozenset(
    {
        "age",
        "birth_date",
        "cross_posts",
        "education",
        "ethnicity",
        "fulltime_education",
        "id_number",
        "inservice_education",
        "name",
        "native_place",
        "one_shoulder",
        "party_joined_on",
        "phone",
        "political",
        "post",
        "post_start",
        "remark",
        "sex",
        "township",
        "village",
    }
)

KNOWN_KEYS: dict[str, frozenset[str]] = {
    "post_roster": frozenset({"branch", "duties", "grid", "group", "name", "phone", "post"}),
    "member_appraisal_sheet": frozenset(
        {"basic", "excellent", "name", "qualified", "standing", "unqualified"}
    ),
    "member_appraisal_results": frozenset({"branch", "name", "notes", "result", "standing"}),
    "meeting_record": frozenset(
        {
            "absent_names",
            "away",
            "branch",
            "chair",
            "decisions",
            "expected",
            "group",
            "held_on",
            "issues",
            "kind",
            "leave_names",
            "place",
            "present",
            "present_names",
            "record",
            "recorder",
            "topic",
            "villagers",
        }
    ),
    "meeting_ledger": frozenset(
        {
            "branch",
            "every",
            "kind",
            "p1",
            "p10",
            "p11",
            "p12",
            "p2",
            "p3",
            "p4",
            "p5",
            "p6",
            "p7",
            "p8",
            "p9",
            "tally",
        }
    ),
    "assessment_results": frozenset(
        {
            "criteria",
            "good_rate",
            "grade",
            "mark",
            "name",
            "post",
            "rank",
            "total",
            "village",
            "vote_abstain",
            "vote_basic",
            "vote_competent",
            "vote_excellent",
            "vote_incompetent",
        }
    ),
    "assessment_sheet": frozenset(
        {
            "basic",
            "competent",
            "criteria",
            "excellent",
            "incompetent",
            "name",
            "post",
            "village",
        }
    ),
    "cadre_file": frozenset(
        {
            "assessments",
            "birth",
            "current_post",
            "education",
            "education_records",
            "ethnicity",
            "family",
            "id_number",
            "mentoring",
            "name",
            "others",
            "party_joined",
            "phone",
            "political",
            "posts",
            "reserve",
            "resume",
            "rewards",
            "sex",
            "talks",
            "training",
            "village",
        }
    ),
    "growth_plan": frozenset(
        {
            "birth_date",
            "education",
            "exchanges",
            "goals",
            "measures",
            "mentee",
            "mentee_post",
            "mentor",
            "mentor_kind",
            "mentor_unit_post",
            "period",
            "sex",
            "started_on",
            "village",
        }
    ),
    "household_card": frozenset(
        {
            "address",
            "category",
            "head",
            "id_number",
            "item_1",
            "item_16",
            "item_2",
            "item_4",
            "item_8",
            "matters",
            "member_count",
            "members",
            "members_paired",
            "notes",
            "phone",
            "village",
        }
    ),
    "leave_form": frozenset(
        {
            "approval",
            "handover",
            "kind_boxes",
            "name",
            "period",
            "phone",
            "reason",
            "returned_by",
            "returned_on",
            "role",
            "sending_unit",
            "sex",
            "village",
        }
    ),
    "mentoring_roster": frozenset(
        {
            "ended_on",
            "exchanges",
            "last_exchange",
            "mentee",
            "mentee_post",
            "mentor",
            "mentor_kind",
            "mentor_unit_post",
            "started_on",
            "status",
            "village",
        }
    ),
    "party_day_ledger": frozenset({"branch", "secretary"}),
    "party_day_signin": frozenset({"name", "remark", "sign", "standing", "status"}),
    "party_day_record": frozenset(
        {
            "absent_names",
            "branch",
            "expected",
            "guests",
            "held_on",
            "host",
            "items",
            "items_not_done",
            "late_reason",
            "leave_names",
            "makeup",
            "place",
            "present",
            "present_names",
            "rate",
            "recorder",
            "summary",
            "theme",
        }
    ),
    "reserve_roster": frozenset(
        {
            "appointed_on",
            "appointed_post",
            "birth_date",
            "education",
            "name",
            "nomination",
            "political",
            "programme",
            "registered_on",
            "sex",
            "status",
            "training",
            "village",
        }
    ),
    "roster": ROSTER_KEYS,
    "roster_full": ROSTER_KEYS,
    "secretary_review": frozenset(
        {
            "ballots",
            "birth",
            "current_post",
            "education",
            "ethnicity",
            "id_number",
            "name",
            "party_joined",
            "political",
            "proposed_post",
            "reasons",
            "resume",
            "rewards",
            "sex",
        }
    ),
    "talk_record": frozenset(
        {
            "content",
            "follow_up",
            "kind_boxes",
            "name",
            "person_post",
            "place",
            "reason",
            "record_no",
            "recorder",
            "response",
            "reviewer",
            "talkers",
            "when",
        }
    ),
    "team_assessment": frozenset(
        {
            "grade",
            "indicator_score",
            "leader",
            "result_use",
            "satisfaction",
            "sending_unit",
            "stage1",
            "stage2",
            "stage3",
            "stage4",
            "total",
            "veto",
            "village",
        }
    ),
    "team_assessment_sheet": frozenset({"content", "leader", "max_score", "score", "stage", "village"}),
    "team_attendance": frozenset({"name", "role", "village"}),
    "team_roster": frozenset(
        {
            "birth_date",
            "education",
            "name",
            "period",
            "phone",
            "post",
            "role",
            "sending_unit",
            "sex",
            "status",
            "unit_kind",
            "village",
            "village_category",
        }
    ),
    "training_roster": frozenset(
        {
            "completed",
            "days",
            "id_number",
            "name",
            "notes",
            "phone",
            "result",
            "sex",
            "village",
        }
    ),
    "training_signin": frozenset({"name", "phone", "remark", "sex", "sign", "village"}),
    "training_summary": frozenset(
        {
            "county",
            "days",
            "groups",
            "missing",
            "name",
            "number",
            "required",
            "township",
            "village",
            "village_days",
        }
    ),
    "visit_ledger": frozenset(
        {
            "category",
            "form",
            "group",
            "head",
            "items",
            "matters",
            "situation",
            "village",
            "visited_on",
            "visitors",
        }
    ),
}
