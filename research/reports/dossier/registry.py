"""Where the dossier's documents come from. A source is a function `topic → [Document]`,
registered with its place in the dossier's order; nothing else needs to know about it."""

from dataclasses import dataclass, field

SOURCES = []


@dataclass
class Document:
    """One file of the dossier: its title for the table of contents, a base for its ASCII name,
    its extension, a date, and either its bytes or a stored file to stream."""

    title: str
    name: str
    extension: str
    date: object = None
    content: bytes | None = None
    stored: object = None  # a FieldFile, streamed in chunks
    note: str = ""
    group: str = field(default="")
    missing: bool = False  # named by its record but absent from the storage

    def chunks(self):
        if self.content is not None:
            yield self.content
            return
        with self.stored.open("rb") as handle:
            yield from iter(lambda: handle.read(64 * 1024), b"")


def source(order, group):
    """Register `function(topic) -> iterable of Document` at `order` under the heading `group`."""

    def register(function):
        SOURCES.append((order, group, function))
        SOURCES.sort(key=lambda item: item[0])
        return function

    return register


def documents(topic):
    """Every document of the topic's dossier, in the registered order."""
    found = []
    for _order, group, function in SOURCES:
        for document in function(topic):
            document.group = str(group)
            found.append(document)
    return found
