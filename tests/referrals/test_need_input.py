"""Issue 19: an empty need and a 100 kB need get a clear answer and write nothing."""

import pytest
from django.core.exceptions import ValidationError

from kohtaanto.referrals.matching import suggest_services
from kohtaanto.referrals.models import NEED_MAX_LENGTH, Referral
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db

HUGE = "Asiakkaalla on velkoja. " * (100_000 // 24 + 1)


@pytest.fixture
def worker_and_client(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.LANGUAGE_CODE = "en"
    worker = UserFactory()
    return worker, ClientFactory(responsible_worker=worker)


def test_service_refuses_empty_and_100_kb_needs_with_a_message(worker_and_client):
    from django.utils import translation

    worker, c = worker_and_client
    assert len(HUGE.encode()) > 100_000
    with translation.override("en"):
        for blank in ("", "  \n "):
            with pytest.raises(ValidationError) as empty:
                suggest_services(actor=worker, client_id=c.pk, need=blank)
            assert "need" in empty.value.message_dict
            assert "Describe the client's need" in " ".join(empty.value.messages)
        with pytest.raises(ValidationError) as huge:
            suggest_services(actor=worker, client_id=c.pk, need=HUGE)
        assert str(NEED_MAX_LENGTH) in " ".join(huge.value.messages)


def test_api_and_page_refuse_empty_and_100_kb_needs(client, worker_and_client):
    worker, c = worker_and_client
    client.force_login(worker)
    url = f"/api/v1/referrals/clients/{c.pk}/suggestions"
    for need in ("", "   ", HUGE):
        r = client.post(url, {"need": need}, content_type="application/json")
        assert r.status_code in (400, 422), (need[:10], r.status_code)
        body = r.json()
        assert body.get("detail"), body
    for need in ("  ", HUGE):
        page = client.post(f"/clients/{c.pk}/match/", {"need": need}, HTTP_HX_REQUEST="true")
        assert page.status_code == 400 and page.content.decode().strip()
        assert "velkoja velkoja" not in page.content.decode()
    assert not Referral.objects.filter(client=c).exists()
