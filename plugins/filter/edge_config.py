# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Filters that give the customer-edge model to templates and tasks.

A filter, not a module: the model is a pure function of variables the
controller already holds, so nothing needs to travel to a host, and the
vendor resource modules (``state: rendered``) and the FRR template read its
result directly. Errors list every problem at once, MD5 keys hidden.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.hybridlink.expressroute.plugins.module_utils.edge_config import config_diff, edge_model, mask_secrets
from ansible_collections.hybridlink.expressroute.plugins.module_utils.edge_resources import cli_text, resource_configs
from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import format_problems


def edge_config(site, premium=False, interfaces=None, hide_secrets=False):
    """The site's customer-edge model as plain data (see the filter's documentation)."""
    model, problems = edge_model(site, premium=premium, interfaces=interfaces)
    if problems:
        raise AnsibleFilterError("Cannot render the customer edge of site %s: %s"
                                 % (site.get("name", "?") if hasattr(site, "get") else "?",
                                    format_problems(problems)))
    return (model.without_secrets() if hide_secrets else model).to_dict()


def edge_config_mask(text, secrets=()):
    """``text`` with the MD5 keys replaced by ``<hidden>``."""
    if not isinstance(text, str):
        raise AnsibleFilterError("edge_config_mask needs the rendered configuration as a string, got %s"
                                 % type(text).__name__)
    return mask_secrets(text, [str(secret) for secret in secrets or ()])


def edge_config_diff(before, after, secrets=()):
    """Unified diff of two configurations, MD5 keys masked."""
    return config_diff(str(before or ""), str(after or ""), [str(secret) for secret in secrets or ()])


def edge_config_resources(model, platform):
    """Each vendor resource module's ``config`` for ``platform``, from an ``edge_config`` result."""
    try:
        return resource_configs(model, platform)
    except (KeyError, TypeError, ValueError) as error:
        raise AnsibleFilterError("edge_config_resources needs an edge_config result and a platform: %s" % error)


def edge_config_cli(blocks):
    """CLI blocks (``parents``, ``lines``) of ``edge_config_resources`` as configuration text."""
    try:
        return cli_text(blocks)
    except (KeyError, TypeError) as error:
        raise AnsibleFilterError("edge_config_cli needs a list of {parents, lines}: %s" % error)


class FilterModule(object):
    """hybridlink.expressroute customer-edge filters."""

    def filters(self):
        return {
            "edge_config": edge_config,
            "edge_config_mask": edge_config_mask,
            "edge_config_resources": edge_config_resources,
            "edge_config_cli": edge_config_cli,
            "edge_config_diff": edge_config_diff,
        }
