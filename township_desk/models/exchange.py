"""Exchange bookkeeping: purged-row markers that travel, the county's merge log and its ID-number review list."""

from __future__ import annotations

from typing import ClassVar

import peewee

from township_desk.db import database
from township_desk.models.base import BaseModel, utc_now


class PurgedRow(BaseModel):
    """A row deleted for good from the recycle bin: the marker travels to the county like any edit."""

    table_name = peewee.CharField(verbose_name="数据表")
    row_id = peewee.CharField(max_length=32, verbose_name="记录编号")
    purged_at = peewee.DateTimeField(default=utc_now, verbose_name="彻底删除时间")

    TABLE_LABEL: ClassVar[str] = "彻底删除记录"
    KIND_LABEL: ClassVar[str | None] = None

    class Meta:
        table_name = "purged_row"
        indexes = ((("table_name", "row_id"), False),)


class MergeLog(peewee.Model):
    """One township file merged into a county database (县级汇总), keyed by its SHA-256."""

    sha256 = peewee.CharField(primary_key=True, max_length=64)
    file_name = peewee.CharField(default="")
    township = peewee.CharField(index=True, default="")
    township_code = peewee.CharField(default="")
    schema_version = peewee.IntegerField(default=0)
    exported_at = peewee.CharField(default="")
    merged_at = peewee.DateTimeField(default=utc_now)
    rows_changed = peewee.IntegerField(default=0)
    manifest = peewee.TextField(default="")
    township_id = peewee.CharField(default="")
    signature = peewee.CharField(default="")  # 已签名 / 未签名 (schema 8)
    result = peewee.CharField(default="")

    class Meta:
        database = database
        table_name = "merge_log"


class CountyTownship(peewee.Model):
    """In a county database: a township known by its name and identity (schema 8)."""

    name = peewee.CharField(primary_key=True)
    township_id = peewee.CharField(null=True, unique=True, max_length=32)
    first_merged_at = peewee.CharField(default="")

    class Meta:
        database = database
        table_name = "county_township"


class CountyKey(peewee.Model):
    """A key the county issued to a township: the public half of its Ed25519 signing key (schema 8)."""

    key_id = peewee.CharField(primary_key=True, max_length=32)
    township = peewee.CharField(index=True)
    public_key = peewee.CharField(max_length=64)
    issued_at = peewee.CharField()
    revoked_at = peewee.CharField(null=True)

    class Meta:
        database = database
        table_name = "county_key"


class IdNumberReview(peewee.Model):
    """A person whose ID number also arrived from another township: listed for review, never overwritten."""

    id_number = peewee.CharField()
    person_id = peewee.CharField(max_length=32)
    township = peewee.CharField(default="")
    name = peewee.CharField(default="")
    listed_at = peewee.DateTimeField(default=utc_now)

    class Meta:
        database = database
        table_name = "id_number_review"
        primary_key = peewee.CompositeKey("id_number", "person_id")
