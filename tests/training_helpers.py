"""Small builders for the training tests: villages, cadres and courses written through the services."""

from __future__ import annotations

from datetime import date

from township_desk.models.base import insert_rows, new_id
from township_desk.models.cadres import CadrePost, ReserveCadre
from township_desk.models.people import Person
from township_desk.services.people import village_ids
from township_desk.services.pinyin import name_initials, name_pinyin
from township_desk.services.training.courses import save_course


def person(
    name: str,
    village: str = "桃花村",
    *,
    post: str | None = "村(居)委会委员",
    is_new: bool = False,
    reserve: bool = False,
    id_number: str | None = None,
    phone: str = "",
    started: date = date(2021, 3, 1),
) -> str:
    village_id = village_ids([village])[village]
    person_id = new_id()
    insert_rows(
        Person,
        [
            {
                "id": person_id,
                "name": name,
                "initials": name_initials(name),
                "pinyin": name_pinyin(name),
                "id_number": id_number,
                "phone": phone,
                "village": village_id,
            }
        ],
    )
    if post:
        insert_rows(
            CadrePost,
            [
                {
                    "person": person_id,
                    "village": village_id,
                    "post": post,
                    "started_on": started,
                    "is_new": is_new,
                }
            ],
        )
    if reserve:
        insert_rows(
            ReserveCadre,
            [
                {
                    "person": person_id,
                    "village": village_id,
                    "programme": "青蓝工程",
                    "registered_on": date(2021, 7, 1),
                    "status": "培养中",
                }
            ],
        )
    return person_id


def course(
    name: str,
    start: date,
    end: date | None = None,
    days: float = 1,
    *,
    level: str = "乡镇",
    target: str = "村干部",
    mode: str = "线下",
) -> str:
    return save_course(
        None,
        {
            "name": name,
            "level": level,
            "mode": mode,
            "target": target,
            "start_on": start.isoformat(),
            "end_on": end.isoformat() if end else "",
            "days": str(days),
        },
    )
