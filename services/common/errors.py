"""The root exception of the shared library."""


class ConveneError(Exception):
    """Root of every error raised by `services.common`. Messages carry no personal data."""


class ConfigError(ConveneError):
    """A setting is missing or malformed; raised at start-up, never later."""


class DomainError(ConveneError):
    """A refusal a caller can act on; the API turns it into the one error payload."""

    status = 400

    def __init__(self, message: str, errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


class Invalid(DomainError):
    status = 422
