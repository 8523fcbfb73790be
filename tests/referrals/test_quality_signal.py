"""The provider quality signal in the suggestions (issue 17, point 3): shown with its
interval, read from the refresh's published file, and never a ranking factor."""

from __future__ import annotations

import re

import polars as pl
import pytest
from django.utils import translation

from kohtaanto.analytics.providers import QUALITY_FILE, write_quality
from kohtaanto.catalogue.models import Service
from kohtaanto.organisation.tenancy import area_figures_dir
from tests.referrals.test_referrals import NEED, world  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db
HREF = re.compile(r'<h3><a href="[^"]*?/(\d+)/"')


def _order(client, world):  # noqa: F811
    r = client.post(f"/clients/{world['client'].pk}/match/", {"need": NEED}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 200
    return r.content.decode(), HREF.findall(r.content.decode())


def test_signal_is_shown_with_its_interval_and_the_order_does_not_change(client, settings, tmp_path, world):  # noqa: F811
    settings.DATA_DIR = tmp_path
    settings.LANGUAGE_CODE = "en"
    client.force_login(world["worker"])
    with translation.override("en"):
        html, before = _order(client, world)
        assert len(before) >= 2 and "quality-signal" not in html
        last = Service.objects.select_related("provider").get(pk=int(before[-1]))
        first = Service.objects.select_related("provider").get(pk=int(before[0]))
        perf = pl.DataFrame(
            {
                "provider": [last.provider.name, first.provider.name],
                "service_id": [last.external_id, None],
                "service_name": ["x", None],
                "horizon_months": [6, 6],
                "n_participants": [200, 400],
                "observed": [0.5, 0.4],
                "expected": [0.3, 0.45],
                "difference": [0.2, -0.05],
                "ci_low": [0.12, -0.11],
                "ci_high": [0.28, 0.01],
                "se": [0.04, 0.03],
                "controls": ["no_service", "no_service"],
            }
        )
        results = tmp_path / "results"
        results.mkdir()
        perf.write_parquet(results / "provider_performance.parquet")
        helsinki = area_figures_dir("091")  # the worker's area's figures (issue 15)
        assert write_quality(results, helsinki) == helsinki.joinpath(*QUALITY_FILE)
        html, after = _order(client, world)
    assert after == before  # a strong figure for the last service does not lift it
    assert html.count('class="quality-signal"') >= 2
    assert 'data-verdict="above"' in html and 'data-verdict="unclear"' in html
    assert "95% confidence interval 12.0 to 28.0; 200 participants" in html
    assert "does not change the order" in html
