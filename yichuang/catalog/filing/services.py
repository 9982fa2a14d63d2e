"""Writes of the 实施清单 workflow. Every action goes through `perform`: the transition table
decides whether the action is possible in the list's state and which side (township or
county) may take it; each step is one transaction and one ledger audit record."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from yichuang.common.errors import DomainError, NotAllowed, Problem
from yichuang.ledger import services as ledger
from yichuang.org.models import Site, StaffRole

from ..models import ImplementationList, Item, ListEntry, SiteItem
from ..models.choices import VersionStatus
from .workflow import COUNTY, OPEN_STATES, TOWNSHIP, Action, State, transition

LIST_ROLES = (StaffRole.Role.HEAD, StaffRole.Role.ADMIN)


def acts_for(user, site: Site) -> bool:
    return user.is_authenticated and user.staff_roles.filter(site=site, role__in=LIST_ROLES).exists()


def side_of(user, lst: ImplementationList) -> str | None:
    """TOWNSHIP for the list's own centre, COUNTY for the county centre above it, else None."""
    if acts_for(user, lst.site):
        return TOWNSHIP
    if lst.site.parent_id and acts_for(user, lst.site.parent):
        return COUNTY
    return None


def _audit(lst: ImplementationList, action: str, user, **data) -> None:
    ledger.record(
        f"implementation_list:{lst.site.code}",
        f"catalog.list_{action}",
        actor=user.username,
        object_type="catalog.ImplementationList",
        object_id=str(lst.pk),
        data={"site": lst.site.code, "state": lst.state, **data},
    )


@transaction.atomic
def open_list(site: Site, user) -> ImplementationList:
    """The site's list in the works, or a new draft that starts from what is published now."""
    if not acts_for(user, site) or site.level != Site.Level.TOWNSHIP:
        raise NotAllowed(Problem("not_list_owner", "只有本镇(街道)便民服务中心负责人或管理员可以编制实施清单。"))
    current = ImplementationList.objects.select_for_update().filter(site=site, state__in=OPEN_STATES).first()
    if current:
        return current
    lst = ImplementationList.objects.create(site=site)
    active = SiteItem.objects.filter(site=site, is_active=True).values_list("item_id", flat=True)
    ListEntry.objects.bulk_create([ListEntry(implementation_list=lst, item_id=i) for i in active])
    _audit(lst, "opened", user, items=len(active))
    return lst


def _published_version(item: Item):
    return item.versions.filter(status=VersionStatus.PUBLISHED).first()


def _add(lst, user, item: Item, **_):
    if item.department is None or item.department.site_id != lst.site_id or _published_version(item) is None:
        raise DomainError(Problem("not_a_candidate", "只能列入本中心进驻部门实施且已发布的事项。", "item"))
    ListEntry.objects.get_or_create(implementation_list=lst, item=item)
    return {"item": item.implementation_code}


def _remove(lst, user, item: Item, **_):
    ListEntry.objects.filter(implementation_list=lst, item=item).delete()
    return {"item": item.implementation_code, "removed": True}


def _submit(lst, user, **_):
    if not lst.entries.exists():
        raise DomainError(Problem("list_empty", "实施清单中没有事项,不能报送备案。"))
    lst.submitted_at, lst.return_reason = timezone.now(), ""
    return {"items": lst.entries.count()}


def _file(lst, user, **_):
    lst.reviewed_at = lst.filed_at = timezone.now()
    lst.reviewed_by = user.username
    return {}


def _return(lst, user, reason: str = "", **_):
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(Problem("reason_required", "退回实施清单须写明理由。", "reason"))
    lst.reviewed_at, lst.reviewed_by, lst.return_reason = timezone.now(), user.username, reason[:2000]
    return {"reason": lst.return_reason}


def _publish(lst, user, **_):
    """The filed list becomes the site's published list: its items on, every other item off."""
    now = timezone.now()
    wanted = {}
    for entry in lst.entries.select_related("item"):
        version = _published_version(entry.item)
        if version is not None:  # an item retired since filing drops out rather than blocking
            wanted[entry.item_id] = version
    for item_id, version in wanted.items():
        SiteItem.objects.update_or_create(
            site=lst.site, item_id=item_id, defaults={"version": version, "is_active": True, "filed_at": lst.filed_at}
        )
    off = (
        SiteItem.objects.filter(site=lst.site, is_active=True).exclude(item_id__in=list(wanted)).update(is_active=False)
    )
    lst.published_at = now
    return {"items": len(wanted), "withdrawn": off}


EFFECTS = {
    Action.EDIT: None,  # add/remove pick their effect by `remove`
    Action.SUBMIT: _submit,
    Action.FILE: _file,
    Action.RETURN: _return,
    Action.PUBLISH: _publish,
}


@transaction.atomic
def perform(lst: ImplementationList, action: str, user, **kwargs) -> ImplementationList:
    # of=self: PostgreSQL cannot lock the nullable side of the outer join to the parent site.
    lst = (
        ImplementationList.objects.select_for_update(of=("self",)).select_related("site", "site__parent").get(pk=lst.pk)
    )
    target, side = transition(lst.state, action)
    if side_of(user, lst) != side:
        message = (
            "只有县级政务服务中心负责人或管理员可以备案或退回实施清单。"
            if side == COUNTY
            else "只有本镇(街道)便民服务中心负责人或管理员可以编制、报送和公布本中心的实施清单。"
        )
        raise NotAllowed(Problem("not_allowed_for_list", message))
    if action == Action.EDIT:
        effect = _remove if kwargs.pop("remove", False) else _add
    else:
        effect = EFFECTS[Action(action)]
    data = effect(lst, user, **kwargs)
    lst.state = target
    lst.save()
    _audit(lst, str(action) if action != Action.EDIT else ("removed" if data.get("removed") else "added"), user, **data)
    return lst


__all__ = ["State", "open_list", "perform", "side_of", "acts_for"]
