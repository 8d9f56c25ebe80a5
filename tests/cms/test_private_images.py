"""Images are served as their collection's privacy allows (issue 16): a private
collection's original or rendition reaches only those its restriction accepts, with no
shared cache; a public image is cached; a stored file no image owns is not served."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from PIL import Image as Picture
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

pytestmark = pytest.mark.django_db


def picture(name: str) -> ImageFile:
    data = io.BytesIO()
    Picture.new("RGB", (20, 10), (30, 90, 200)).save(data, "PNG")
    return ImageFile(io.BytesIO(data.getvalue()), name=name)


def image_in(collection: Collection, name: str):
    return get_image_model().objects.create(
        title=name, file=picture(f"{name}.png"), collection=collection
    )


@pytest.fixture
def private():
    root = Collection.get_first_root_node()
    collection = root.add_child(name="Evidence photos")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    group = Group.objects.create(name="Evidence readers")
    restriction.groups.add(group)
    return collection, group


def test_a_private_images_files_reach_only_whom_its_collection_allows(
    client, django_user_model, private
):
    collection, group = private
    image = image_in(collection, "protest")
    rendition = image.get_rendition("width-10")
    for name in (image.file.name, rendition.file.name):
        url = f"/media/{name}"
        assert client.get(url).status_code == 404, url  # a visitor
        outsider = django_user_model.objects.create_user(f"o-{name[-12:]}", password="x" * 12)
        client.force_login(outsider)
        assert client.get(url).status_code == 404, url  # staff without the group
        insider = django_user_model.objects.create_user(f"i-{name[-12:]}", password="x" * 12)
        insider.groups.add(group)
        client.force_login(insider)
        allowed = client.get(url)
        assert allowed.status_code == 200
        assert allowed["Cache-Control"] == "private, no-store"
        client.logout()


def test_a_public_image_is_cached_and_a_stray_file_is_not_served(client):
    image = image_in(Collection.get_first_root_node(), "venue")
    served = client.get(f"/media/{image.file.name}")
    assert served.status_code == 200 and "public" in served["Cache-Control"]
    stray = default_storage.save("original_images/stray.png", picture("stray.png"))
    assert client.get(f"/media/{stray}").status_code == 404
