"""Users and the operation log (issue 23): bookkeeping of this file, not data that travels to the county.

Plain peewee models, not BaseModel: they stay out of all_models() (the merge, the recycle bin, check's
counts, the per-table triggers of township_desk/session.py), like the county's merge_log.
"""

from __future__ import annotations

import peewee

from township_desk.db import database
from township_desk.models.base import new_id, utc_now


class AppUser(peewee.Model):
    id = peewee.CharField(primary_key=True, max_length=32, default=new_id)
    created_at = peewee.DateTimeField(default=utc_now)
    updated_at = peewee.DateTimeField(default=utc_now)
    name = peewee.CharField(unique=True)
    role = peewee.CharField()
    password_hash = peewee.CharField()
    failed_attempts = peewee.IntegerField(default=0)
    locked_until = peewee.DateTimeField(null=True)  # local time
    disabled = peewee.BooleanField(default=False)

    class Meta:
        database = database
        table_name = "app_user"


class AuditEntry(peewee.Model):
    id = peewee.AutoField()
    at = peewee.CharField()  # local time, "YYYY-MM-DD HH:MM:SS"
    user_name = peewee.CharField(default="")
    action = peewee.CharField()
    table_name = peewee.CharField(default="")
    subject = peewee.CharField(default="")
    record_id = peewee.CharField(default="")
    summary = peewee.TextField(default="")
    changes = peewee.TextField(default="{}")

    class Meta:
        database = database
        table_name = "audit_log"
