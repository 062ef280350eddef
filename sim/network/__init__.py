"""The HTTP seam between simulated devices and simulated cloud services."""

from psso_sim.network.router import Network
from psso_sim.network.service import ServiceError, ServiceRoutes, json_error, json_response, parse_body, request_data

__all__ = ["Network", "ServiceError", "ServiceRoutes", "json_error", "json_response", "parse_body", "request_data"]
