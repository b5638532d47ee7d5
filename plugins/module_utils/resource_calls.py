# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The calls on one kind of Azure resource, one small method per verb, through the module wrapper.

circuit_api.py and avs_api.py declare their kinds (a circuit's
authorizations, a private cloud's Global Reach connections...) with the URL
and the words messages use; the policy comes from the wrapper method each
verb goes through: ``module.read`` (404 is None), ``module.call``,
``module.write`` (conflicts retried, LRO deadline) and ``module.delete``
(already gone is False). Every answer's keys are registered as secrets
there.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, Callable, Dict, List, Optional


class ResourceKind(object):
    """One kind of resource under a parent: ``path_of(parent, *names)`` is its URL (no names: the collection)."""

    def __init__(self, path_of: Callable[..., str], api_version: str, singular: str, plural: str, parent_label: str,
                 list_options: Optional[Dict[str, Any]] = None) -> None:
        self.path_of = path_of
        self.api_version = api_version
        self.singular = singular
        self.plural = plural
        self.parent_label = parent_label
        self.list_options = list_options or {}

    def _named(self, parent: Any, names: Any, preposition: str = "of") -> str:
        return "%s %s %s %s %s" % (self.singular, names[-1], preposition, self.parent_label, parent.name)

    def get(self, module: Any, parent: Any, *names: str) -> Optional[Dict[str, Any]]:
        arm = module.client()
        return module.read("Reading " + self._named(parent, names),
                           lambda: arm.get(self.path_of(parent, *names), self.api_version))

    def list(self, module: Any, parent: Any) -> List[Dict[str, Any]]:
        arm = module.client()
        return module.call("Listing %s of %s %s" % (self.plural, self.parent_label, parent.name),
                           lambda: arm.list(self.path_of(parent), self.api_version, **self.list_options))

    def put(self, module: Any, parent: Any, *names: str, body: Dict[str, Any], creating: bool = False,
            headers: Optional[Dict[str, str]] = None) -> Optional[Dict[str, Any]]:
        """PUT the whole resource; ``creating`` words the message as a create ("Creating x on y")."""
        arm = module.client()
        action = "Creating " + self._named(parent, names, "on") if creating else "Writing " + self._named(parent, names)
        return module.write(action, lambda: arm.begin_put(self.path_of(parent, *names), self.api_version, body,
                                                          headers=headers or {}))

    def delete(self, module: Any, parent: Any, *names: str) -> bool:
        arm = module.client()
        return module.delete("Deleting " + self._named(parent, names),
                             lambda: arm.begin_delete(self.path_of(parent, *names), self.api_version))
