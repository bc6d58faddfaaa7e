"""Demo elections: the 2021 general election of every village's two committees and 监委会 (the term that ends
in 2026), and a few rewards for the cadre files. Runs last, on a random source of its own, so that it changes
nothing the other demo modules make."""

from __future__ import annotations

import random
from datetime import date, timedelta

from township_desk.models.elections import Election, RewardPenalty
from township_desk.services.demo import DemoContext, bulk_insert, stamp
from township_desk.services.elections.terms import PARTY, SUPERVISION, TERM_YEARS, VILLAGERS, add_years

ROUND_2021 = (date(2021, 1, 5), date(2021, 5, 31))
REWARDS = ("优秀共产党员", "优秀村(社区)党组织书记", "乡村振兴先进个人", "人居环境整治先进个人")


def populate(ctx: DemoContext) -> None:
    rng = random.Random()
    rng.setstate(ctx.rng.getstate())  # a copy: ctx.rng goes on as if this module did not exist
    elections = []
    for village in ctx.villages if ctx.today >= ROUND_2021[1] else ():  # none before the 2021 round ended
        held = ROUND_2021[0] + timedelta(days=rng.randint(0, (ROUND_2021[1] - ROUND_2021[0]).days - 30))
        for committee, method, later in (
            (PARTY, "两推一选", 0),
            (VILLAGERS, "直接选举", rng.randint(7, 30)),
            (SUPERVISION, "直接选举", rng.randint(7, 30)),
        ):
            day = held + timedelta(days=later)
            elections.append(
                stamp(
                    {
                        "village": village["id"],
                        "committee": committee,
                        "held_on": day,
                        "term_number": 11,
                        "method": method,
                        "term_ends_on": add_years(day, TERM_YEARS),
                        "general": True,
                        "notes": "",
                    }
                )
            )
    bulk_insert(Election, elections)
    posts = ctx.extra.get("cadre_posts", [])
    rewards = []
    for post in rng.sample(posts, min(len(posts), 12 if not ctx.county else 200)):
        year = rng.randint(2021, max(2021, ctx.today.year - 1))
        titles = REWARDS if "书记" in post["post"] else tuple(r for r in REWARDS if "书记" not in r)
        rewards.append(
            stamp(
                {
                    "person": post["person"],
                    "given_on": date(year, 7, 1),
                    "kind": "奖励",
                    "title": rng.choice(titles),
                    "given_by": "中共" + ctx.township + "委员会",
                }
            )
        )
    bulk_insert(RewardPenalty, rewards)
