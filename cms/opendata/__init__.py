"""Open data: what the public site publishes, handed to harvesters (OAI-PMH at /oai/), to
programs (a read-only JSON API at /api/) and to reference managers (BibTeX and RIS).
Only live, public pages of public, verified records are ever exposed. docs/opendata.md."""
