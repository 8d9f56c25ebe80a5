"""Editors' templates, rendered in a sandbox and limited to what a mailing needs: values,
conditions and a few text filters. A template cannot reach Python objects, read a value its
kind does not list, or run long or large.

Jinja2's SandboxedEnvironment refuses attributes such as `__class__` or `__globals__`
and unsafe callables; the context holds plain strings only. On top of it, a template is
refused when it is saved (and again before any rendering) unless it is made only of:
text, `{{ value }}` with the kind's variables and constants, `{% if %}` with comparisons
and `and`/`or`/`not`, and the filters in FILTERS. No loops, macros, `set`, includes,
arithmetic, `~` or `%` formatting: rendering then takes time and space in proportion to
the template and the values, which are bounded (`MAX_OUTPUT`). Each kind lists its
variables, and a template naming any other one (even in an `is defined` test) is refused
(`jinja2.meta.find_undeclared_variables`). Editors' templates serve campaigns and test
sends only: transactional messages use the built-in texts (`templates.py`).
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import StrictUndefined, TemplateError, meta, nodes
from jinja2.sandbox import SandboxedEnvironment

from services.common.errors import Invalid

SAMPLE = {
    "name": "Amina Example",
    "organisation": "Example Network",
    "country": "Kenya",
    "unsubscribe_url": "https://example.org/unsubscribe/sample/",
}
# The variables each kind of editor's template may use (what its messages are given).
VARIABLES = {"campaign": frozenset(SAMPLE)}
MAX_OUTPUT = 200_000  # characters of one rendered part
MAX_SOURCE = 50_000  # characters of one part's source
FILTERS = frozenset({"upper", "lower", "title", "capitalize", "trim", "default", "d", "e"})
TESTS = frozenset({"defined", "undefined", "none"})
# The only constructs a template may use (jinja2.nodes classes).
ALLOWED = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.Name,
    nodes.Const,
    nodes.If,
    nodes.Compare,
    nodes.Operand,
    nodes.And,
    nodes.Or,
    nodes.Not,
    nodes.CondExpr,
    nodes.Filter,
    nodes.Test,
)


class Refused(TemplateError):
    """The template uses a construct editors' templates may not use."""


def refuse_constructs(source: str) -> None:
    """Raise Refused unless `source` uses only the allowed constructs and filters."""
    if len(source) > MAX_SOURCE:
        raise Refused("too long")
    tree = _text.parse(source)
    for node in tree.find_all(nodes.Node):
        if not isinstance(node, ALLOWED):
            raise Refused(type(node).__name__)
        if isinstance(node, nodes.Filter) and node.name not in FILTERS:
            raise Refused(f"filter {node.name}")
        if isinstance(node, nodes.Test) and node.name not in TESTS:
            raise Refused(f"test {node.name}")
        if isinstance(node, nodes.Filter | nodes.Test) and (node.kwargs or node.dyn_args):
            raise Refused("arguments")


class Exhausted(TemplateError):
    """The rendered text is longer than a message may be."""


_text = SandboxedEnvironment(autoescape=False, undefined=StrictUndefined)
_html = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


@lru_cache(maxsize=256)
def _compiled(source: str, html: bool):
    # Compiling is the costly part of rendering; a campaign reuses a few sources. A source
    # is checked before it is ever compiled, at save time and again here.
    refuse_constructs(source)
    return (_html if html else _text).from_string(source)


def _bounded(source: str, html: bool, context: dict) -> str:
    out, size = [], 0
    for chunk in _compiled(source, html).generate(context):
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise Exhausted("output")
        out.append(chunk)
    return "".join(out)


def render(version: dict, context: dict) -> tuple[str, str, str]:
    """`(subject, text, html)`; raises Invalid with a safe message on any template error."""
    try:
        subject = _bounded(version.get("subject", ""), False, context)
        text = _bounded(version.get("text", ""), False, context)
        html = _bounded(version["html"], True, context) if version.get("html") else ""
    except Exception as exc:  # noqa: BLE001 - any failure is the template's, said safely
        raise Invalid(
            f"The template cannot be rendered: {type(exc).__name__}.",
            errors={"template": [_explain(exc)]},
        ) from None
    return " ".join(subject.split()), text, html


def _explain(exc: Exception) -> str:
    name = type(exc).__name__
    if name in ("SecurityError", "Refused"):
        allowed = ", ".join(sorted(FILTERS))
        return (
            "It uses something templates may not: only values, {% if %} and these "
            f"filters are allowed: {allowed}."
        )
    if name == "Exhausted":
        return "It makes too long a message."
    if name == "UndefinedError":
        return "It uses a value that is not available; use name, organisation or country."
    if name == "TemplateSyntaxError":
        return "Its syntax is not valid."
    return "It cannot be rendered."


def undeclared(version: dict, kind: str = "campaign") -> list[str]:
    """The names a version uses that its kind does not list (an `is defined` probe too)."""
    found: set[str] = set()
    for part in ("subject", "text", "html"):
        source = version.get(part) or ""
        try:
            found |= meta.find_undeclared_variables(_text.parse(source))
        except TemplateError:
            continue  # a syntax error is reported by the test render
    return sorted(found - VARIABLES[kind])


def check_versions(versions: dict, kind: str = "campaign") -> None:
    """Refuse any version that names a variable its kind does not give, then render each
    with a sample contact, so errors show when saving."""
    for language, version in versions.items():
        for part in ("subject", "text", "html"):
            try:  # first, by parsing only: nothing of the template is evaluated
                refuse_constructs(version.get(part) or "")
            except Exception as exc:  # noqa: BLE001 - a syntax error or a refused construct
                raise Invalid(
                    f"The template cannot be rendered: {type(exc).__name__}.",
                    errors={language: [_explain(exc)]},
                ) from None
        unknown = [name[:40] for name in undeclared(version, kind)[:5]]
        if unknown:
            allowed = ", ".join(sorted(VARIABLES[kind]))
            raise Invalid(
                f"The template cannot be rendered: it uses {', '.join(unknown)}, which "
                f"templates may not use.",
                errors={language: [f"Use only these values: {allowed}."]},
            )
        try:
            render(version, SAMPLE)
        except Invalid as exc:
            exc.errors = {language: exc.errors["template"]}
            raise
