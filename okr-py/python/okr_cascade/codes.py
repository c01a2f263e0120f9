"""The literal types of okr_cascade's stable codes.

``Code`` is every rule code a diagnostic can carry and a policy can switch
off; ``ErrorCode`` is every ``code`` of the errors the core raises. The
native module lists the same values (``RULE_CODES``, ``ERROR_CODES``), and
the tests check that these types agree with it.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["Code", "ErrorCode"]

Code = Literal[
    "E001",
    "E002",
    "E003",
    "E004",
    "E005",
    "E006",
    "E007",
    "E008",
    "E009",
    "E010",
    "W101",
    "W102",
    "W103",
    "W104",
    "W105",
    "W107",
    "W108",
    "W109",
    "W110",
    "W111",
    "W112",
    "W113",
    "W114",
    "W115",
    "W116",
    "W117",
    "W118",
    "W119",
    "W120",
    "W121",
    "W122",
    "W123",
    "W124",
    "W125",
    "W126",
    "W127",
    "W128",
    "W129",
    "W130",
    "W131",
    "I201",
    "I202",
    "I203",
    "A305",
]
"""A rule code, such as ``"W104"``."""

ErrorCode = Literal["unreadable", "unknown-id", "invalid-policy", "invalid-input", "internal"]
"""The ``code`` of an error the core raises (``internal`` is a bug caught at
the boundary, not one of these)."""
