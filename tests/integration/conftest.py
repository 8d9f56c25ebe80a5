"""What the integration tests share: the demo admin signed in over HTTP."""

import httpx
import pytest

from tests.support.site import admin_password, login


@pytest.fixture(scope="module")
def admin(stack):
    """An HTTP client signed in to the Wagtail admin as the demo's admin."""
    with httpx.Client(base_url=stack.url("cms"), follow_redirects=True, timeout=60) as client:
        login(client, "admin", admin_password(stack.demo_output))
        yield client
