"""The Jinja environment office templates are filled and checked in (issue 19, item 1).

An office template is code the portal runs: docxtpl hands its tags to Jinja. An ordinary Jinja
environment lets a tag walk from any value to Python itself
(`kind.__class__.__mro__[1].__subclasses__()` … `__globals__`), so a template could read the
server's settings or run programs when a document is issued. Here a template sees the documented
fields (`fields.FIELDS`, plain dicts, lists and text) and nothing else:

- Every template is checked when it is compiled, at upload and again each time it is filled (a
  template saved before this check existed is refused, not run). It may name only the documented
  fields and its own loop variables, may not call anything, may not reach for names that start
  with `_`, `self`, imports or includes, and may use only the filters in `FILTERS`. The refusal
  names what the template reached for, in the office's language.
- Jinja's `SandboxedEnvironment` runs it, and looks up `a.b` and `a[b]` only as a key of a dict or
  an index of a list or text: no Python attribute of any value is reachable, whatever the tag.
- No globals (`range`, `lipsum`, `cycler`, `joiner`, `namespace`, `dict` are gone), and `*`
  cannot build text or lists past `MAX_REPEAT` items, so a template cannot exhaust the server's
  memory either.
"""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from jinja2 import ChainableUndefined, Undefined, meta, nodes
from jinja2.exceptions import SecurityError
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.runtime import LoopContext
from jinja2.sandbox import SandboxedEnvironment

from .fields import FIELDS

# Filters an office template may use: text and list formatting only. Left out: those that reach
# attributes or Python formatting (`attr`, `format`, `xmlattr`, `tojson`, `pprint`), that mark text
# safe (`safe`, `forceescape`), or that grow text by a number the template gives (`center`,
# `indent`, `wordwrap`, `filesizeformat`, `urlize`).
FILTERS = (
    "abs",
    "capitalize",
    "count",
    "d",
    "default",
    "dictsort",
    "e",
    "escape",
    "first",
    "float",
    "groupby",
    "int",
    "join",
    "last",
    "length",
    "list",
    "lower",
    "map",
    "max",
    "min",
    "reject",
    "rejectattr",
    "replace",
    "reverse",
    "round",
    "select",
    "selectattr",
    "sort",
    "string",
    "striptags",
    "sum",
    "title",
    "trim",
    "truncate",
    "unique",
    "upper",
    "wordcount",
)
# What a loop offers a template (`loop.index`, `loop.first` …), read only.
LOOP_ATTRIBUTES = frozenset(
    {"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0"}
)
# Tags an office template may not use: they load other templates or change escaping.
TAGS = {
    nodes.Extends: "extends",
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from … import",
    nodes.Macro: "macro",
    nodes.CallBlock: "call",
    nodes.Block: "block",
    nodes.ScopedEvalContextModifier: "autoescape",
}
# `"x" * n` and `[..] * n` are refused past this many items.
MAX_REPEAT = 10_000


class TemplateRefused(SecurityError):
    """The template reaches past the documented fields; `str()` is the translated reason."""


def dotted(node):
    """`subject.title`, `kind.__class__` … as the office wrote it, for the refusal."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        key = node.arg.value if isinstance(node.arg, nodes.Const) else "…"
        return f"{dotted(node.node)}[{key!r}]"
    if isinstance(node, nodes.Filter):
        return f"{dotted(node.node) if node.node else ''}|{node.name}"
    if isinstance(node, nodes.Call):
        return f"{dotted(node.node)}()"
    return type(node).__name__


def refuse(what):
    raise TemplateRefused(
        _("The template reaches for “%(field)s”, which is not one of the portal's fields.")
        % {"field": what}
    )


def check_tree(tree):
    """Refuse a parsed template that reaches for anything but the documented fields."""
    watched = (nodes.Name, nodes.Getattr, nodes.Getitem, nodes.Call, nodes.Filter, nodes.Pow)
    for node in tree.find_all((*watched, nodes.Const, *TAGS)):
        if isinstance(node, nodes.Name) and node.name == "self":
            refuse("self")
        elif isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            refuse(dotted(node))
        elif (
            isinstance(node, nodes.Getitem)
            and isinstance(node.arg, nodes.Const)
            and str(node.arg.value).startswith("_")
        ):
            # A computed key (`x["_" ~ "_class__"]`) is only ever a dict key: see getitem().
            refuse(dotted(node))
        elif isinstance(node, nodes.Const) and isinstance(node.value, str) and "__" in node.value:
            # `kind|attr("__class__")`, `map(attribute="__globals__")` …
            refuse(node.value)
        elif isinstance(node, nodes.Call):
            refuse(dotted(node))
        elif isinstance(node, nodes.Filter) and node.name not in FILTERS:
            refuse(f"|{node.name}")
        elif isinstance(node, nodes.Pow):
            refuse("**")
        elif type(node) in TAGS:
            raise TemplateRefused(
                _("The template uses the tag “%(tag)s”, which office templates may not use.")
                % {"tag": TAGS[type(node)]}
            )

    # Last: Jinja's own analysis compiles the tree, and stops at the first unknown filter.
    unknown = sorted(meta.find_undeclared_variables(tree) - FIELDS - {"loop"})
    if unknown:
        raise TemplateRefused(
            _("The template uses fields the portal does not know: %(fields)s.")
            % {"fields": ", ".join(unknown)}
        )


class TemplateEnvironment(SandboxedEnvironment):
    """Documented fields only, no globals, no calls, keys of dicts and items of lists only."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options):
        options.setdefault("autoescape", True)
        super().__init__(**options)
        self.globals.clear()
        self.filters = {name: JINJA_FILTERS[name] for name in FILTERS}

    def _parse(self, source, name, filename):
        tree = super()._parse(source, name, filename)
        check_tree(tree)
        return tree

    def getitem(self, obj, argument):
        if isinstance(obj, Undefined):
            return obj if isinstance(obj, ChainableUndefined) else self.undefined(obj=obj)
        if isinstance(obj, Mapping) and isinstance(argument, str):
            if argument in obj and not argument.startswith("_"):
                return obj[argument]
        elif isinstance(obj, list | tuple | str) and isinstance(argument, int | slice):
            try:
                return obj[argument]
            except IndexError:
                pass
        return self.undefined(obj=obj, name=argument)

    def getattr(self, obj, attribute):
        if isinstance(obj, LoopContext) and attribute in LOOP_ATTRIBUTES:
            return getattr(obj, attribute)
        return self.getitem(obj, attribute)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        raise TemplateRefused(_("A template may not call anything."))

    def call_binop(self, context, operator, left, right):
        if operator == "**":
            raise TemplateRefused(_("A template may not call anything."))
        for repeated, times in ((left, right), (right, left)):
            if (
                isinstance(repeated, str | list | tuple)
                and isinstance(times, int)
                and len(repeated) * times > MAX_REPEAT
            ):
                raise TemplateRefused(
                    _("The template repeats text more than %(count)s times.")
                    % {"count": MAX_REPEAT}
                )
        return left * right


def environment(*, checking=False):
    """The environment to fill a template in; `checking` renders missing fields as empty."""
    return TemplateEnvironment(undefined=ChainableUndefined if checking else Undefined)
