"""Schema 5: talks, the annual assessment (criteria, candidates, scores) and democratic-evaluation tallies."""

from __future__ import annotations

import peewee

from township_desk.migrations.helpers import create_tables
from township_desk.models.assessments import (
    Assessment,
    AssessmentCriterion,
    AssessmentEntry,
    AssessmentScore,
    DemocraticTally,
)
from township_desk.models.talks import Talk


def apply(db: peewee.SqliteDatabase) -> None:
    create_tables(db, [Talk, Assessment, AssessmentCriterion, AssessmentEntry, AssessmentScore, DemocraticTally])
