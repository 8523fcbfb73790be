"""Installing an organisation configuration (Helsinki by default) into the database."""

from __future__ import annotations

from django.db import transaction

from kohtaanto.domain.organisation import Organisation

from .models import Municipality, Office, ServiceUnit, Team

# Street addresses and coordinates of Helsinki's employment-service offices (public).
OFFICE_PLACES = {
    "Itäkeskus": ("Turunlinnantie 12, 00930 Helsinki", 60.2103, 25.0813),
    "Pasila": ("Ratapihantie 11, 00520 Helsinki", 60.1989, 24.9335),
    "Viipurinkatu": ("Viipurinkatu 2, 00510 Helsinki", 60.1887, 24.9487),
    "Kamppi": ("Salomonkatu 17, 00100 Helsinki", 60.1690, 24.9320),
}


@transaction.atomic
def organisation_install(*, org: Organisation) -> Municipality:
    """Create or update the municipality, offices, units and teams; idempotent."""
    muni, _ = Municipality.objects.update_or_create(
        code=org.municipality_code, defaults={"name": org.municipality_name}
    )
    offices = {}
    for name in org.offices:
        address, lat, lon = OFFICE_PLACES.get(name, ("", None, None))
        offices[name], _ = Office.objects.update_or_create(
            municipality=muni, name=name, defaults={"address": address, "latitude": lat, "longitude": lon}
        )
    for u in org.units:
        unit, _ = ServiceUnit.objects.update_or_create(
            municipality=muni,
            code=u.code,
            defaults={"name": u.name, "planned_clients": u.clients, "person_years": u.person_years},
        )
        for t in u.teams:
            team, _ = Team.objects.update_or_create(
                unit=unit,
                code=t.code,
                defaults={
                    "name": t.name,
                    "segment": t.segment,
                    "planned_experts": t.experts,
                    "planned_social_workers": t.social_workers,
                },
            )
            team.offices.set([offices[o] for o in t.offices if o in offices])
    return muni
