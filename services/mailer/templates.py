"""Transactional e-mail texts, one per language. Subjects never carry personal data."""

from __future__ import annotations

from string import Template

TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "registration_confirmation": {
        "en": (
            "Your registration has been received",
            "Dear $name,\n\nWe have received your registration for: $event_title.\n"
            "Your reference is $reference. The secretariat will write to you again "
            "once registration is reviewed.\n\nThe Regional Review secretariat\n",
        ),
        "fr": (
            "Votre inscription a été reçue",
            "Bonjour $name,\n\nNous avons bien reçu votre inscription à : $event_title.\n"
            "Votre référence est $reference. Le secrétariat vous écrira de nouveau "
            "après l'examen des inscriptions.\n\nLe secrétariat de l'examen régional\n",
        ),
        "es": (
            "Hemos recibido su inscripción",
            "Estimado/a $name:\n\nHemos recibido su inscripción para: $event_title.\n"
            "Su referencia es $reference. La secretaría le escribirá de nuevo "
            "cuando se revisen las inscripciones.\n\nLa secretaría del examen regional\n",
        ),
    },
}
DEFAULT_LANGUAGE = "en"


def render(template: str, language: str, context: dict) -> tuple[str, str]:
    """`(subject, body)` in `language`, else in English."""
    texts = TEMPLATES[template]
    subject, body = texts.get(language.split("-")[0], texts[DEFAULT_LANGUAGE])
    return subject, Template(body).safe_substitute(context)
