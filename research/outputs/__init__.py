"""Lecturers declare their own outputs (with files), fieldwork and event participation in the
workspace; the research office verifies each (research/outputs/actions.py)."""
