"""Subcommands of each subject: a module here registers its exports, imports and printed forms."""
