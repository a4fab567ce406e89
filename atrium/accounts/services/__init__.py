"""Every write of people and access: users, departments, roles, tokens, sessions.

Each function runs in one transaction, writes its operation-log row inside it and emits side effects after
commit. They take the acting user first and raise ``atrium.core.errors`` exceptions on bad input.
"""

from atrium.accounts.services.departments import (
    department_create,
    department_delete,
    department_update,
)
from atrium.accounts.services.roles import role_create, role_delete, role_set_grants, role_update
from atrium.accounts.services.sessions import session_ended, session_started, sessions_end_all
from atrium.accounts.services.tokens import token_authenticate, token_create, token_revoke
from atrium.accounts.services.users import (
    user_create,
    user_deactivate,
    user_reactivate,
    user_set_password,
    user_set_roles,
    user_update,
)

__all__ = [
    "department_create",
    "department_delete",
    "department_update",
    "role_create",
    "role_delete",
    "role_set_grants",
    "role_update",
    "session_ended",
    "session_started",
    "sessions_end_all",
    "token_authenticate",
    "token_create",
    "token_revoke",
    "user_create",
    "user_deactivate",
    "user_reactivate",
    "user_set_password",
    "user_set_roles",
    "user_update",
]
