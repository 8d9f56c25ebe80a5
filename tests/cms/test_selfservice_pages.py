"""The registrant's own pages when the registration service is down, in their language."""

import pytest

pytestmark = pytest.mark.django_db
TOKEN = "t" * 40


def test_my_registration_page_explains_an_unreachable_service(client):
    page = client.get(f"/fr/registration/mine/{TOKEN}/")
    assert page.status_code == 503 and 'lang="fr"' in page.text
    assert "Le service d'inscription est injoignable" in page.text
    assert page["Referrer-Policy"] == "no-referrer"


def test_nothing_happens_on_get_of_a_consent_link(client):
    page = client.get(f"/registration/authorise/{TOKEN}/")
    assert page.status_code == 503  # it only asked the service what to show
    assert client.get(f"/registration/elsewhere/{TOKEN}/").status_code == 404


def test_asking_for_a_link_keeps_the_answers_when_the_service_is_down(client):
    form = client.get("/es/registration/link/")
    assert form.status_code == 200 and "Recibir un enlace a mi inscripción" in form.text
    invalid = client.post("/es/registration/link/", {"email": "nope"})
    assert invalid.status_code == 422 and 'class="error-summary"' in invalid.text
