"""The fixed personas every test uses: admin, manager, sales1, sales2, pm, member, client, outsider.

They are the demo company's people (same departments and roles) plus ``outsider``: an active, signed-in user
with no role and no department, who must see nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from atrium.accounts.demo import seed_people
from atrium.accounts.models import User

PERSONA_NAMES = ("admin", "manager", "sales1", "sales2", "pm", "member", "client", "outsider")


@dataclass
class Personas:
    admin: User
    manager: User
    sales1: User
    sales2: User
    pm: User
    member: User
    client: User
    outsider: User

    def __getitem__(self, name: str) -> User:
        return getattr(self, name)


def make_personas() -> Personas:
    users = seed_people()
    outsider = User.objects.filter(username="outsider").first()
    if outsider is None:
        outsider = User.objects.create_user(
            username="outsider", email="outsider@elsewhere.example", password="atrium-demo"
        )
    return Personas(outsider=outsider, **{name: users[name] for name in PERSONA_NAMES if name != "outsider"})
