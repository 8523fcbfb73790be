import pytest
from django.db import connection

from kohtaanto.audit.models import AppendOnlyError, AuditEvent
from kohtaanto.audit.services import audit_record, audit_verify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _write(n=5):
    actor = UserFactory()
    for i in range(n):
        audit_record(actor=actor, action="read", target_type="client", target_id=i, subject_client_id=i)


def test_intact_chain_verifies():
    _write()
    result = audit_verify()
    assert result.ok and result.checked == 5


def test_orm_refuses_changes_and_deletes():
    _write(1)
    ev = AuditEvent.objects.get()
    ev.purpose = "changed"
    with pytest.raises(AppendOnlyError):
        ev.save()
    with pytest.raises(AppendOnlyError):
        ev.delete()


def test_tampering_with_a_row_is_detected():
    _write()
    victim = AuditEvent.objects.order_by("id")[2]
    with connection.cursor() as cur:
        cur.execute("UPDATE audit_auditevent SET purpose = %s WHERE id = %s", ["innocent", victim.id])
    result = audit_verify()
    assert not result.ok and result.first_bad_id == victim.id and "altered" in result.reason


def test_deleting_a_row_is_detected():
    _write()
    victim = AuditEvent.objects.order_by("id")[1]
    with connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE id = %s", [victim.id])
    result = audit_verify()
    assert not result.ok and result.checked == 1


def test_verify_command_exit_codes(capsys):
    from kohtaanto.cli import main

    _write(3)
    assert main(["audit", "verify"]) == 0
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE audit_auditevent SET actor_name = 'x' WHERE id = (SELECT MIN(id) FROM audit_auditevent)"
        )
    assert main(["audit", "verify"]) == 1
    assert "TAMPERED" in capsys.readouterr().out
