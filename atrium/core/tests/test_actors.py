"""The typed actor: people are logged by their account, system processes by their registered name."""

from __future__ import annotations

import pytest

from atrium.core.actors import Action, AuditVerb, SystemActor, actor_id, register_system_actor
from atrium.core.audit import audit


def test_an_unregistered_system_process_is_refused():
    with pytest.raises(LookupError):
        SystemActor("nobody_knows")


def test_actions_are_the_strings_grants_and_the_log_use():
    assert Action.EDIT == "edit" and {a.value for a in Action} >= {"view", "assign", "import", "export"}
    assert AuditVerb.CLAIM == "claim"


def test_a_system_process_is_logged_by_its_chinese_name(db):
    register_system_actor("test_cleanup", "夜间清理")
    process = SystemActor("test_cleanup")
    row = audit(actor=process, action=AuditVerb.OTHER, kind="test", summary="清理")
    assert row.actor is None and row.actor_name == "系统 · 夜间清理"
    assert actor_id(process) is None


def test_a_person_is_logged_by_their_account(personas):
    row = audit(actor=personas.sales1, action=AuditVerb.OTHER, kind="test")
    assert row.actor == personas.sales1 and actor_id(personas.sales1) == personas.sales1.pk
