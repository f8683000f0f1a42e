"""The kinds of records the import reads (see base.py), by code."""

from .base import KINDS, Ambiguous, Kind, RowError, text_key

__all__ = ["KINDS", "Ambiguous", "Kind", "RowError", "text_key"]
