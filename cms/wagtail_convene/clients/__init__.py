"""HTTP clients for the Convene services. The plugin speaks HTTP only."""

from .errors import ServiceError, ServiceRejected, ServiceUnavailable
from .registration import RegistrationClient

__all__ = ["RegistrationClient", "ServiceError", "ServiceRejected", "ServiceUnavailable"]
