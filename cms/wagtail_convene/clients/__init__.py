"""HTTP clients for the Convene services. The plugin speaks HTTP only."""

from .errors import ServiceError, ServiceRejected, ServiceUnavailable
from .grievance import GrievanceClient
from .registration import RegistrationClient

__all__ = [
    "GrievanceClient",
    "RegistrationClient",
    "ServiceError",
    "ServiceRejected",
    "ServiceUnavailable",
]
