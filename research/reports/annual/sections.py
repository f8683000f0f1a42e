"""Sections other apps add to the annual report without research importing them: the public site
(cms) registers its library statistics here from its AppConfig.ready()."""

SECTIONS = []


def register_section(provider):
    """`provider(first_year, last_year)` returns a list of report tables (research.reports.annual.data.Table)."""
    if provider not in SECTIONS:
        SECTIONS.append(provider)
    return provider
