# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type


class ModuleDocFragment(object):
    # Module attributes (check mode, diff, action group), for modules that write.
    DOCUMENTATION = r'''
attributes:
  check_mode:
    description: Reports what would change, including the request it would send, and sends no write.
    support: full
  diff_mode:
    description: Returns the resource before and after, with secrets masked.
    support: full
  action_group:
    description: Use C(group/hybridlink.expressroute.azure) in C(module_defaults) to set the Azure options once.
    support: full
    membership:
      - hybridlink.expressroute.azure
'''

    # For _info modules, which only read.
    INFO_MODULE = r'''
attributes:
  check_mode:
    description: The module only reads; it runs the same in check mode.
    support: full
  diff_mode:
    description: The module only reads; there is nothing to diff.
    support: none
  action_group:
    description: Use C(group/hybridlink.expressroute.azure) in C(module_defaults) to set the Azure options once.
    support: full
    membership:
      - hybridlink.expressroute.azure
'''
