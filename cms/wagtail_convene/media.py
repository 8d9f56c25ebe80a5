"""Images from a private S3 bucket, served under the site's own address.

Documents leave through Wagtail's view as a short-lived presigned link (a download is a
navigation, which the Content-Security-Policy does not restrict). An image in a page is
loaded by the browser under `img-src 'self'`, which a link to the bucket — or a redirect
to one — would break; so image files are read from the bucket by the CMS and sent from
the site's own origin, with long caching (a rendition's file name changes with its file).
"""

from __future__ import annotations

import mimetypes

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.urls import path, reverse
from storages.backends.s3 import S3Storage

IMAGE_FOLDERS = ("images/", "original_images/")
URL_NAME = "wagtail_convene_image"


def is_image_file(name: str) -> bool:
    return name.startswith(IMAGE_FOLDERS) and ".." not in name.split("/")


class SiteS3Storage(S3Storage):
    """Private objects, presigned links for documents, the site's own path for images."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        if is_image_file(name):
            return reverse(URL_NAME, args=[name])
        return super().url(name, parameters, expire, http_method)


def image_of(name: str):
    """The image a stored file belongs to (its original or one of its renditions)."""
    from wagtail.images import get_image_model

    model = get_image_model()
    if name.startswith("original_images/"):
        return model.objects.select_related("collection").filter(file=name).first()
    rendition = (
        model.get_rendition_model()
        .objects.select_related("image__collection")
        .filter(file=name)
        .first()
    )
    return rendition.image if rendition else None


def serve_image(request, name: str):
    """An image file, as its collection's privacy allows: a private collection's images
    only to those its restrictions accept, never cached by anyone else; a file that no
    image owns is not served at all."""
    content_type = mimetypes.guess_type(name)[0] or ""
    if not is_image_file(name) or not content_type.startswith("image/"):
        raise Http404
    image = image_of(name)
    if image is None or not default_storage.exists(name):
        raise Http404
    restrictions = list(image.collection.get_view_restrictions())
    if not all(r.accept_request(request) for r in restrictions):
        raise Http404  # not even that a private image exists
    response = FileResponse(default_storage.open(name), content_type=content_type)
    response["Cache-Control"] = "private, no-store" if restrictions else "public, max-age=2592000"
    if restrictions:
        response["Vary"] = "Cookie"
    return response


urlpatterns = [path("media/<path:name>", serve_image, name=URL_NAME)]
