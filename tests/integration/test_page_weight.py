"""Page-weight budget: each public page, with its CSS and JS, within 60 KB transferred."""

import re

import httpx
import pytest

from tests.support.pages import public_urls

BUDGET = 60 * 1024


@pytest.mark.parametrize(("name", "path"), public_urls(), ids=[n for n, _p in public_urls()])
def test_public_page_fits_the_budget(stack, name, path):
    with httpx.Client(base_url=stack.url("cms"), headers={"Accept-Encoding": "gzip"}) as web:
        page = web.get(path)
        assert page.status_code == 200
        assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', page.text)
        assets += re.findall(r'<script[^>]+src="([^"]+)"', page.text)
        # Transferred bytes: what came over the wire (compressed where the server compresses).
        sizes = {path: page.num_bytes_downloaded}
        for url in assets:
            asset = web.get(url)
            assert asset.status_code == 200, url
            sizes[url] = asset.num_bytes_downloaded
    total = sum(sizes.values())
    assert not any("//" in url and "127.0.0.1" not in url for url in assets), assets
    print(f"page weight {name}: {total} bytes")
    assert total <= BUDGET, f"{name}: {total} bytes {sizes}"
