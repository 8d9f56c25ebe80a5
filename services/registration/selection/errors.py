"""How a selection run can stop short."""


class Infeasible(Exception):
    """No panel keeps every quota."""


class Cancelled(Exception):
    """The run was cancelled."""
