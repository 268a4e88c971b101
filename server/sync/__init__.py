"""Headquarters' side of sync: applying a push (``apply``), storing records, the feed and
answers (``store``), which region may change what (``scope``), the uniqueness rules
(``uniqueness``) and the Spanish names of tables and columns in rejections (``labels``).
``catalogue`` and ``plan_templates`` publish headquarters' own records into the same feed."""
