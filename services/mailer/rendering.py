"""Editors' templates, rendered in a sandbox: a template cannot reach Python objects.

Jinja2's SandboxedEnvironment refuses attributes such as `__class__` or `__globals__`
and unsafe callables; the context holds plain strings only.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from services.common.errors import Invalid

_text = SandboxedEnvironment(autoescape=False, undefined=StrictUndefined)
_html = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
SAMPLE = {
    "name": "Amina Example",
    "organisation": "Example Network",
    "country": "Kenya",
    "unsubscribe_url": "https://example.org/unsubscribe/sample/",
}


@lru_cache(maxsize=256)
def _compiled(source: str, html: bool):
    # Compiling is the costly part of rendering; a campaign reuses a few sources.
    return (_html if html else _text).from_string(source)


def render(version: dict, context: dict) -> tuple[str, str, str]:
    """`(subject, text, html)`; raises Invalid with a safe message on any template error."""
    try:
        subject = _compiled(version.get("subject", ""), False).render(context)
        text = _compiled(version.get("text", ""), False).render(context)
        html = _compiled(version["html"], True).render(context) if version.get("html") else ""
    except TemplateError as exc:
        raise Invalid(
            f"The template cannot be rendered: {type(exc).__name__}.",
            errors={"template": [_explain(exc)]},
        ) from None
    return " ".join(subject.split()), text, html


def _explain(exc: TemplateError) -> str:
    name = type(exc).__name__
    if name == "SecurityError":
        return "It uses something templates may not reach."
    if name == "UndefinedError":
        return "It uses a value that is not available; use name, organisation or country."
    return "Its syntax is not valid."


def check_versions(versions: dict) -> None:
    """Render every language version with a sample contact, so errors show when saving."""
    for language, version in versions.items():
        try:
            render(version, SAMPLE)
        except Invalid as exc:
            exc.errors = {language: exc.errors["template"]}
            raise
