"""A few key numbers for the home page (cheap counts, the same as the status bar's; statistics has the rest)."""

from __future__ import annotations

from dataclasses import dataclass

from township_desk.models.households import Household
from township_desk.models.party_days import PartyBranch
from township_desk.services.cadres import cadre_counts
from township_desk.services.home.setup import villages_in_use


@dataclass(frozen=True)
class KeyNumber:
    label: str
    value: str
    tab: str  # the tab that shows more


def key_numbers() -> list[KeyNumber]:
    cadres = cadre_counts()
    return [
        KeyNumber("村(社区)", str(villages_in_use()), "首页"),
        KeyNumber("在任村干部", str(cadres["serving"]), "干部"),
        KeyNumber("培养中的后备干部", str(cadres["reserves"]), "后备干部"),
        KeyNumber("党支部", str(PartyBranch.live().count()), "主题党日"),
        KeyNumber("联系户", str(Household.live().count()), "联系户"),
    ]
