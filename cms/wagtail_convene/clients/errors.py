"""What a service call can fail with, as the CMS needs to tell its users."""


class ServiceError(Exception):
    """Root of every service-call failure."""


class ServiceUnavailable(ServiceError):
    """The service could not be reached or failed; the same call may be retried."""


class ServiceRejected(ServiceError):
    """The service refused the request; `errors` maps field names to messages."""

    def __init__(self, status: int, message: str, errors: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors or {}
