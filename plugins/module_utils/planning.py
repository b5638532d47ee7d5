# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Pure planning: from desired and current state to before, after and what changes.

Both states are dicts in the module's user schema (see ``peering_model``
for turning API answers into it). Option paths name fields: dict keys joined
with dots (``microsoft_peering_config.customer_asn``); list items do not add
to the path, so ``connections.provisioning_state`` is that key in every item
of the ``connections`` list.

Semantics, in one place:

* ``desired is None`` means state=absent: delete if something exists.
* A None value in ``desired`` is an option the user did not set: it is
  unmanaged and the current value is carried through to ``after``.
* Nested dicts merge key by key with the same rule.
* Lists replace the current list, unless ``purge_lists[path]`` is False:
  then the desired items are added to the current ones (current items first,
  in their order, then new desired items in theirs; nothing is removed).
* Lists named in ``set_lists`` compare without regard to order or repeats.
* Strings named in ``case_insensitive`` (or items of such lists) compare
  without regard to case, for fields the API normalises.
* A missing list equals an empty one, a missing dict an empty one.
* Where desired and current compare equal, ``after`` keeps the current value
  (the server's spelling and order), so planning again against ``after``
  finds nothing to do.
* Fields in ``read_only`` are never compared and appear in neither
  ``before`` nor ``after``.
* A resource whose last operation ended Failed or Canceled is broken even
  when its fields match: ``plan_repair`` turns "no change" into a write.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
from dataclasses import dataclass, field
from typing import Any, Dict, FrozenSet, Iterable, List, Mapping, Optional

MASK = "********"

CREATE = "create"
UPDATE = "update"
DELETE = "delete"
NONE = "none"

# provisioningState after an operation that did not complete ("Cancelled" is the AVS spelling).
BROKEN_STATES = frozenset(("Failed", "Canceled", "Cancelled"))


@dataclass
class Plan:
    """What applying the desired state would do.

    ``before`` and ``after`` are user-schema dicts without read-only fields
    (None when the resource does not exist); ``changed_fields`` lists the
    option paths that differ, sorted; ``action`` is create, update, delete or
    none.
    """

    action: str
    before: Optional[Dict[str, Any]]
    after: Optional[Dict[str, Any]]
    changed_fields: List[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.action != NONE


@dataclass(frozen=True)
class _Rules:
    purge_lists: Mapping[str, bool]
    read_only: FrozenSet[str]
    set_lists: FrozenSet[str]
    case_insensitive: FrozenSet[str]


def _join(path: str, key: str) -> str:
    return "%s.%s" % (path, key) if path else key


def _without_read_only(data: Any, path: str, rules: _Rules) -> Any:
    if isinstance(data, Mapping):
        return {key: _without_read_only(value, _join(path, key), rules)
                for key, value in data.items() if _join(path, key) not in rules.read_only}
    if isinstance(data, list):
        return [_without_read_only(item, path, rules) for item in data]
    return copy.deepcopy(data)


def _normalised_item(item: Any, path: str, rules: _Rules) -> Any:
    if isinstance(item, str) and path in rules.case_insensitive:
        return item.casefold()
    return item


def _equal(first: Any, second: Any, path: str, rules: _Rules) -> bool:
    """Equality under the rules for ``path``; read-only keys are ignored."""
    if isinstance(first, Mapping) or isinstance(second, Mapping):
        if not isinstance(first, (Mapping, type(None))) or not isinstance(second, (Mapping, type(None))):
            return False
        first, second = first or {}, second or {}
        keys = [key for key in set(first) | set(second) if _join(path, key) not in rules.read_only]
        return all(_equal(first.get(key), second.get(key), _join(path, key), rules) for key in keys)
    if isinstance(first, list) or isinstance(second, list):
        if not isinstance(first, (list, type(None))) or not isinstance(second, (list, type(None))):
            return False
        first, second = first or [], second or []
        if path in rules.set_lists:
            return (all(any(_equal(item, other, path, rules) for other in second) for item in first)
                    and all(any(_equal(item, other, path, rules) for other in first) for item in second))
        return len(first) == len(second) and all(
            _equal(item, other, path, rules) for item, other in zip(first, second))
    return _normalised_item(first, path, rules) == _normalised_item(second, path, rules)


def _merge(current: Any, desired: Any, path: str, rules: _Rules) -> Any:
    """The predicted value at ``path`` after applying ``desired`` over ``current``."""
    if desired is None:
        return _without_read_only(current, path, rules)
    if isinstance(desired, Mapping):
        base = current if isinstance(current, Mapping) else {}
        result = _without_read_only(base, path, rules)
        for key, value in desired.items():
            key_path = _join(path, key)
            if value is None or key_path in rules.read_only:
                continue
            result[key] = _merge(base.get(key), value, key_path, rules)
        return result
    if isinstance(desired, list):
        current_items = current if isinstance(current, list) else []
        if rules.purge_lists.get(path, True):
            proposed = list(desired)
        else:
            proposed = list(current_items)
            for item in desired:
                if not any(_equal(item, kept, path, rules) for kept in proposed):
                    proposed.append(item)
        if current is not None and _equal(current_items, proposed, path, rules):
            return _without_read_only(current, path, rules)
        return _without_read_only(proposed, path, rules)
    if _equal(current, desired, path, rules):
        return copy.deepcopy(current)
    return copy.deepcopy(desired)


def _changed_paths(before: Any, after: Any, path: str, rules: _Rules, found: List[str]) -> None:
    if isinstance(before, Mapping) or isinstance(after, Mapping):
        if isinstance(before, (Mapping, type(None))) and isinstance(after, (Mapping, type(None))):
            before, after = before or {}, after or {}
            for key in sorted(set(before) | set(after)):
                key_path = _join(path, key)
                if key_path not in rules.read_only:
                    _changed_paths(before.get(key), after.get(key), key_path, rules, found)
            return
    if not _equal(before, after, path, rules):
        found.append(path)


def plan_resource(desired: Optional[Mapping[str, Any]], current: Optional[Mapping[str, Any]], *,
                  purge_lists: Optional[Mapping[str, bool]] = None, read_only: Iterable[str] = (),
                  set_lists: Iterable[str] = (), case_insensitive: Iterable[str] = ()) -> Plan:
    """Plan the change from ``current`` to ``desired`` (see the module docstring for the rules).

    ``desired`` holds only what the user manages (None values are unset);
    None for ``desired`` itself means the resource should be absent.
    ``current`` is None when the resource does not exist. ``purge_lists``
    maps list paths to their purge flag (default True: replace).
    Neither input is modified.
    """
    rules = _Rules(dict(purge_lists or {}), frozenset(read_only), frozenset(set_lists), frozenset(case_insensitive))
    before = None if current is None else _without_read_only(current, "", rules)
    if desired is None:
        if current is None:
            return Plan(NONE, None, None, [])
        found = []
        _changed_paths(before, None, "", rules, found)
        return Plan(DELETE, before, None, sorted(found))
    after = _merge(current, desired, "", rules)
    found = []
    _changed_paths(before, after, "", rules, found)
    if current is None:
        return Plan(CREATE, None, after, sorted(found))
    return Plan(UPDATE if found else NONE, before, after, sorted(found))


def is_broken(provisioning_state: Optional[str]) -> bool:
    """True when the last operation on a resource ended Failed or Canceled, so it needs a repair."""
    return provisioning_state in BROKEN_STATES


def plan_repair(plan: Plan, provisioning_state: Optional[str], action: str = UPDATE) -> Plan:
    """``plan``, or a write of the same desired state when it changes nothing but the resource is broken.

    A failed or canceled operation can leave a resource whose fields match
    the desired state in provisioningState Failed or Canceled; planning on
    fields alone would report it as done. ``action`` is how to repair it:
    ``update`` (re-send the whole desired state), or the caller's own
    action (``replace``) where the API refuses a write on an existing
    resource. ``plan`` is not modified.
    """
    if plan.action != NONE or plan.before is None or not is_broken(provisioning_state):
        return plan
    return Plan(action, copy.deepcopy(plan.before), copy.deepcopy(plan.after), list(plan.changed_fields))


def masked(data: Any, secret_paths: Iterable[str], path: str = "") -> Any:
    """A deep copy of ``data`` with every set value at ``secret_paths`` replaced by MASK."""
    secret_paths = frozenset(secret_paths)
    if isinstance(data, Mapping):
        result = {}
        for key, value in data.items():
            key_path = _join(path, key)
            if key_path in secret_paths and value is not None:
                result[key] = MASK
            else:
                result[key] = masked(value, secret_paths, key_path)
        return result
    if isinstance(data, list):
        return [masked(item, secret_paths, path) for item in data]
    return copy.deepcopy(data)


def diff_for(plan: Plan, secret_paths: Iterable[str]) -> Dict[str, Any]:
    """The module result's ``diff`` (``{"before": ..., "after": ...}``), secrets masked."""
    secret_paths = frozenset(secret_paths)
    return {
        "before": masked(plan.before, secret_paths) if plan.before is not None else {},
        "after": masked(plan.after, secret_paths) if plan.after is not None else {},
    }
