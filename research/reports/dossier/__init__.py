"""The archive dossier (hồ sơ lưu trữ) of a topic: every document the portal holds about it, in
order, with a table of contents, as one ZIP streamed to the office or written by a command.

Each kind of document is a *source* registered once in `registry`; a new kind of document (the
generated decisions, minutes and contracts, the close-out records) is one more registration."""
