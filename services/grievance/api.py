"""HTTP resources of the grievance service (health and OpenAPI for now)."""

BLUEPRINTS: list = []
