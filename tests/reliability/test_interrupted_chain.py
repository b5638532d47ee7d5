# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Interrupted runs of chain.yml, which uses every write module (see test_interrupted.py for the method)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from interruptions import CHAIN_POINTS, interrupt_then_finish
from world import CHAIN_PLAYBOOK, chain_problems


def test_a_chain_of_every_write_module_killed_at_four_points_converges_on_rerun(world, playbooks, workdir, ledger):
    interrupt_then_finish('chain.yml', CHAIN_PLAYBOOK, CHAIN_POINTS, chain_problems, world, playbooks, workdir, ledger)
