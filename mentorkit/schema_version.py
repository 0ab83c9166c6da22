"""The workbook schema version, in a module of its own so ``mentorkit --help`` can name it without
loading the model (and pydantic)."""

from __future__ import annotations

from typing import Final

#: The version this mentorkit writes; older files are migrated when read (:mod:`mentorkit.migrations`).
SCHEMA_VERSION: Final = 2
