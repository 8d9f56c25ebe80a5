"""Shared library of the Convene services: crypto, service auth, HTTP, config, app helpers.

It imports no service and defines no tables.
"""
