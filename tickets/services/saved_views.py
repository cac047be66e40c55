"""Saved queue views: a named query string of the queue page, personal or shared."""

from .. import permissions
from ..agenttools.models import SavedView
from ..errors import ActionNotAllowedError, InvalidInputError
from ..models import User
from ..permissions import UserRole
from . import use_case


@use_case
def saved_view_save(*, actor: User, name: str, query: str, is_shared: bool = False) -> SavedView:
    """Save the queue's filters and sort under a name (agents only). Saving again under a
    name the agent already uses replaces that view's filters. Raises InvalidInputError
    (field `name`) for an empty name."""
    permissions.require_agent(actor)
    name = (name or "").strip()
    if not name:
        raise InvalidInputError("name", "Give the view a name.")
    view, _ = SavedView.objects.select_for_update().update_or_create(
        owner=actor, name=name, defaults={"query": query, "is_shared": bool(is_shared)}
    )
    return view


@use_case
def saved_view_delete(*, actor: User, view: SavedView) -> None:
    """Delete a saved view: its owner, or an admin for a shared one."""
    permissions.require_agent(actor)
    if view.owner_id != actor.pk and permissions.role_of(actor) != UserRole.ADMIN:
        raise ActionNotAllowedError("Only its owner or an admin may delete this view.")
    SavedView.objects.filter(pk=view.pk).delete()
