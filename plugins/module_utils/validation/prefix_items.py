# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Items of advertised_public_prefixes: a prefix string, or a dict with the prefix and its ownership proof.

The dict form, ``{prefix, signature, validation_id}``, gives the service
what per-prefix validation (advertisedPublicPrefixInfo, api-version
2024-10-01 and later) takes: the validationId and that string signed with
the prefix owner's private key.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, Dict, List, Mapping, Optional, Tuple

from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.addresses import normalise_prefix

PROOF_KEYS = ("signature", "validation_id")
ITEM_KEYS = ("prefix",) + PROOF_KEYS

Proofs = Dict[str, Dict[str, Optional[str]]]


def prefix_of(item: Any) -> Any:
    """The prefix of an advertised_public_prefixes item (a string, or a dict's ``prefix``)."""
    return item.get("prefix") if isinstance(item, Mapping) else item


def split_prefix_items(option: str, items: Any) -> Tuple[Any, Optional[Proofs], List[Problem]]:
    """(prefixes, proofs, problems) from an advertised_public_prefixes option.

    ``prefixes`` keeps each item's place (index i of the option is index i of
    the list), so prefix problems name the user's index; ``proofs`` maps each
    prefix (ipaddress spelling) to its given signature and validation_id, None
    when no item gives any. A value that is not a list is returned as it is.
    ``items`` is not modified.
    """
    if not isinstance(items, (list, tuple)):
        return items, None, []
    prefixes: List[Any] = []
    proofs: Proofs = {}
    problems: List[Problem] = []
    for index, item in enumerate(items):
        prefixes.append(prefix_of(item))
        if not isinstance(item, Mapping):
            continue
        where = "%s[%d]" % (option, index)
        unknown = sorted(str(key) for key in item if key not in ITEM_KEYS)
        if unknown:
            problems.append(Problem(where, "may only have the keys %s" % ", ".join(ITEM_KEYS), unknown))
        if item.get("prefix") is None:
            problems.append(Problem(where + ".prefix", "must be given when the item is a dictionary"))
        given = {}
        for key in PROOF_KEYS:
            value = item.get(key)
            if value is not None and (not isinstance(value, str) or not value.strip()):
                problems.append(Problem("%s.%s" % (where, key), "must be a non-empty string", value))
            given[key] = value
        if any(value is not None for value in given.values()) and isinstance(item.get("prefix"), str):
            key = normalise_prefix(item["prefix"])
            if key in proofs and proofs[key] != given:
                problems.append(Problem(where, "gives a second, different signature or validation_id for %s"
                                        % item["prefix"]))
            proofs[key] = given
    return prefixes, (proofs or None), problems
