"""Ordered schema steps: module vNNN_name.py holds apply(db) for user_version NNN; every step is idempotent."""
