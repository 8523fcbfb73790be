"""Installing an area's organisation configuration (`kohtaanto org install`) into the database."""

from __future__ import annotations

from django.db import transaction

from kohtaanto.domain.organisation import Organisation, OrganisationConfigError

from .models import Municipality, Office, ServiceUnit, Team


def _codes_free(org: Organisation) -> None:
    """Unit and team codes identify them in register snapshots across all areas, so another
    area's codes are refused before anything is written."""
    units = {u.code for u in org.units}
    teams = {t.code for _u, t in org.teams()}
    other_units = ServiceUnit.objects.exclude(municipality__code=org.municipality_code)
    taken = sorted(other_units.filter(code__in=units).values_list("code", flat=True))
    other_teams = Team.objects.exclude(unit__municipality__code=org.municipality_code)
    taken += sorted(other_teams.filter(code__in=teams).values_list("code", flat=True))
    if taken:
        raise OrganisationConfigError(f"codes already used by another area: {', '.join(taken)}")


@transaction.atomic
def organisation_install(*, org: Organisation) -> Municipality:
    """Create or update the area (municipality), its offices, units and teams; idempotent."""
    _codes_free(org)
    muni, _ = Municipality.objects.update_or_create(
        code=org.municipality_code, defaults={"name": org.municipality_name}
    )
    offices = {}
    places = {p.office: p for p in org.places}
    for name in org.offices:
        p = places.get(name)
        defaults = {"address": p.address, "latitude": p.latitude, "longitude": p.longitude} if p else {}
        offices[name], _ = Office.objects.update_or_create(municipality=muni, name=name, defaults=defaults)
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
