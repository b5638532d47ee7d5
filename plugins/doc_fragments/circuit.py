# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type


class ModuleDocFragment(object):
    # How a module names the ExpressRoute circuit it works on.
    DOCUMENTATION = r'''
options:
  resource_group:
    description:
      - Resource group of the circuit. Use with O(circuit_name), or use O(circuit_id) instead.
    type: str
  circuit_name:
    description:
      - Name of the ExpressRoute circuit.
    type: str
  circuit_id:
    description:
      - Full resource ID of the circuit, as an alternative to O(resource_group) and O(circuit_name).
      - Its subscription takes precedence over O(subscription_id).
    type: str
'''

    PRIVATE_CLOUD = r'''
options:
  resource_group:
    description:
      - Resource group of the AVS private cloud. Use with O(private_cloud_name), or use O(private_cloud_id) instead.
    type: str
  private_cloud_name:
    description:
      - Name of the Azure VMware Solution private cloud.
    type: str
  private_cloud_id:
    description:
      - Full resource ID of the private cloud, as an alternative to O(resource_group) and O(private_cloud_name).
      - Its subscription takes precedence over O(subscription_id).
    type: str
'''
