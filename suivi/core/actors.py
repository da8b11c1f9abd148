"""Who acts: a signed-in user, or the platform itself on behalf of a named
command or task.

Services, selectors and policies take an `actor`. There is no anonymous
"nobody" that sees everything: a management command, a task or the demo
loader passes a `SystemActor` that says who it acts for, and the audit trail
records that name. Passing `None` is refused (`require_actor`), so forgetting
to say who reads can never widen a read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias, Union

if TYPE_CHECKING:
    from suivi.accounts.models import User


class SystemActor:
    """The platform acting for a command, a task or a loader (never a person).

    It passes every policy — whoever runs a command has the server's rights
    anyway — and owns nothing: it belongs to no organisation, and the user
    foreign keys it fills (`created_by`, `recorded_by`…) stay empty."""

    is_authenticated: ClassVar[bool] = True
    is_active: ClassVar[bool] = True
    is_anonymous: ClassVar[bool] = False
    pk: ClassVar[None] = None
    active_memberships: ClassVar[tuple[Any, ...]] = ()
    primary_organisation: ClassVar[None] = None

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        if not name:
            raise ValueError("A system actor says what it acts for.")
        self.name = name

    def __repr__(self) -> str:
        return f"SystemActor({self.name!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SystemActor) and other.name == self.name

    def __hash__(self) -> int:
        return hash(("system", self.name))


Actor: TypeAlias = Union["User", SystemActor]


def system(name: str) -> SystemActor:
    """The system actor of a command (`"manage.py recompute"`), a task
    (`"task refresh_indicators"`) or a loader (`"load_demo"`)."""
    return SystemActor(name)


def is_system(actor: object) -> bool:
    return isinstance(actor, SystemActor)


def require_actor(actor: object) -> None:
    """Refuse a missing actor: every read and write says who makes it."""
    if actor is None:
        raise TypeError("Pass the acting user or a SystemActor, never None.")


def as_user(actor: Actor) -> User | None:
    """The user to store in a `created_by`-like foreign key (None for the system)."""
    return None if isinstance(actor, SystemActor) else actor
