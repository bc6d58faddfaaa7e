"""首页: the township's own information, its villages, the set-up checklist and today's to-do list."""
