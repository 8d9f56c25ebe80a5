"""Editors' templates, rendered in a bounded sandbox: a template cannot reach Python
objects, read a value its kind does not list, or run long or large.

Jinja2's SandboxedEnvironment refuses attributes such as `__class__` or `__globals__`
and unsafe callables; the context holds plain strings only. On top of it:
- each template kind lists its variables, and a template naming any other one (even in an
  `is defined` test) is refused when it is saved (`jinja2.meta.find_undeclared_variables`);
- `range` is short, `*` and `**` cannot build huge values, and rendering stops past a time
  and an output budget, so nested loops or repetition cannot stall a worker.
Editors' templates serve campaigns and test sends only: transactional messages use the
built-in texts (`templates.py`), which no editor can change.
"""

from __future__ import annotations

import threading
import time
from functools import lru_cache

from jinja2 import StrictUndefined, TemplateError, meta
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from services.common.errors import Invalid

SAMPLE = {
    "name": "Amina Example",
    "organisation": "Example Network",
    "country": "Kenya",
    "unsubscribe_url": "https://example.org/unsubscribe/sample/",
}
# The variables each kind of editor's template may use (what its messages are given).
VARIABLES = {"campaign": frozenset(SAMPLE)}
MAX_RANGE = 1000
MAX_OUTPUT = 200_000  # characters of one rendered part
MAX_SECONDS = 1.0  # for one message's subject, text and HTML together
_budget = threading.local()


class Exhausted(TemplateError):
    """The template ran past its time or output budget."""


def _deadline_check() -> None:
    if time.monotonic() > getattr(_budget, "deadline", float("inf")):
        raise Exhausted("time")


def _bounded_range(*args):
    _deadline_check()
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise SecurityError("range too long")
    return numbers


class BoundedEnvironment(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **kwargs):
        super().__init__(undefined=StrictUndefined, **kwargs)
        self.globals = {"range": _bounded_range}

    def call_binop(self, context, operator, left, right):
        _deadline_check()
        if operator == "**" and isinstance(right, int | float) and abs(right) > 64:
            raise SecurityError("power too large")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(n, int):
                    if len(seq) * n > MAX_OUTPUT:
                        raise SecurityError("repetition too long")
        return super().call_binop(context, operator, left, right)


_text = BoundedEnvironment(autoescape=False)
_html = BoundedEnvironment(autoescape=True)


@lru_cache(maxsize=256)
def _compiled(source: str, html: bool):
    # Compiling is the costly part of rendering; a campaign reuses a few sources.
    return (_html if html else _text).from_string(source)


def _bounded(source: str, html: bool, context: dict) -> str:
    out, size = [], 0
    for chunk in _compiled(source, html).generate(context):
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise Exhausted("output")
        _deadline_check()
        out.append(chunk)
    return "".join(out)


def render(version: dict, context: dict) -> tuple[str, str, str]:
    """`(subject, text, html)`; raises Invalid with a safe message on any template error."""
    _budget.deadline = time.monotonic() + MAX_SECONDS
    try:
        subject = _bounded(version.get("subject", ""), False, context)
        text = _bounded(version.get("text", ""), False, context)
        html = _bounded(version["html"], True, context) if version.get("html") else ""
    except (TemplateError, RecursionError, OverflowError, MemoryError) as exc:
        raise Invalid(
            f"The template cannot be rendered: {type(exc).__name__}.",
            errors={"template": [_explain(exc)]},
        ) from None
    finally:
        _budget.deadline = float("inf")
    return " ".join(subject.split()), text, html


def _explain(exc: Exception) -> str:
    name = type(exc).__name__
    if name == "SecurityError":
        return "It uses something templates may not reach, or builds too large a value."
    if name == "Exhausted":
        return "It takes too long or makes too long a message."
    if name == "UndefinedError":
        return "It uses a value that is not available; use name, organisation or country."
    if name in ("RecursionError", "OverflowError", "MemoryError"):
        return "It takes too long or makes too long a message."
    return "Its syntax is not valid."


def undeclared(version: dict, kind: str = "campaign") -> list[str]:
    """The names a version uses that its kind does not list (an `is defined` probe too)."""
    found: set[str] = set()
    for part in ("subject", "text", "html"):
        source = version.get(part) or ""
        try:
            found |= meta.find_undeclared_variables(_text.parse(source))
        except TemplateError:
            continue  # a syntax error is reported by the test render
    return sorted(found - VARIABLES[kind] - {"range"})


def check_versions(versions: dict, kind: str = "campaign") -> None:
    """Refuse any version that names a variable its kind does not give, then render each
    with a sample contact, so errors show when saving."""
    for language, version in versions.items():
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
