"""The demonstration database: one regional secretariat (Ucayali) and two years of work.

``build.build_demo`` writes it through the public domain functions, so the change log holds
it as if a secretary had typed it; ``plans`` adds the work plans, ``signing`` the signed actas
and an errata, and ``text`` and ``topics`` hold the Spanish content. Nothing else in ``db/``
imports this package.
"""
