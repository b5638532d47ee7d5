# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Defects of the collection this suite shows, one constant each: where, what happens, what should.

Each is the reason of an xfail(strict=True, raises=Finding) marker (harness.known),
so the test turns red the day the defect is fixed and the marker must go.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

NO_ADVICE_FOR_SERVER_ERRORS = (
    'plugins/module_utils/errors.py:102 describe_azure_error adds a hint only for codes listed in HINTS; after the '
    'SDK retries run out on ServiceUnavailable/InternalServerError/BadGateway (or an operation ends Failed/Canceled '
    'with such a code) the message says what happened but not what to do. It should fall back to advice by status '
    '(5xx, 429, LRO Failed/Canceled): e.g. "Azure could not complete the request; rerun later, the module picks up '
    'where it stopped".')

NAMES_NOT_VALIDATED = (
    'plugins/module_utils/targets.py:47 circuit_target() and the name option of circuit_authorization put names into '
    'request URLs unchecked (the AVS modules, circuit_connection and route_table_info check theirs since 5218ceb; the '
    'circuit modules circuit_authorization, circuit_peering, circuit_info, circuit_authorization_info and '
    'circuit_peering_info do not). requests normalises dot segments, so ".." addresses the parent: '
    'circuit_authorization name=".." state=absent DELETEs the whole ExpressRoute circuit (test_data_loss.py shows it); '
    'circuit_name="a/b" or ".." reaches other paths ("Azure request failed (HTTP 404, InvalidResourceType)", without '
    'naming the option), name="" reads the list of authorizations as if it were one, and names Azure refuses '
    '(spaces, 81 characters, a leading hyphen) are sent. Check circuit_name, resource_group and name before any call '
    'with the same rule the AVS modules use, naming the option.')
TIMEOUTS_NOT_VALIDATED = (
    'plugins/module_utils/azure_args.py:24 operation_timeout accepts 0 and negative values (wait_timeout is checked '
    'since 5218ceb): a write module then starts the write and abandons it at once ("did not finish within 1.0 '
    'seconds (operation_timeout=-1)", modules.py:119 uses max(1.0, ...)), and the read modules ignore the value. '
    'It should be refused up front, in AzureModule for every module: "operation_timeout: must be a positive number '
    'of seconds (got -1)".')
SUBSCRIPTION_NOT_VALIDATED = (
    'subscription_id is not checked by the circuit modules (the AVS modules and circuit_connection check it since '
    '5218ceb): "not-a-guid" is sent to Azure; the read answers 404 SubscriptionNotFound, which modules.py:98 read() '
    'turns into "not found", so circuit_authorization goes on to a create (a PUT to the bad subscription) and fails '
    'with "Azure request failed (HTTP 404, SubscriptionNotFound)" without naming the option or the action '
    '(modules.py:142 _guarded re-raises 404 from writes, run() reports it as "Azure request"); circuit_info answers '
    'exists=false. subscription_id should be validated as a GUID before any call, in AzureModule.')
MISSING_FILE_TRACEBACK = (
    'ca_bundle or certificate_path naming a file that does not exist ends in a Python traceback: '
    'module_utils/clouds.py:90 fetch_json catches only RequestException/ValueError (requests raises OSError '
    '"Could not find a suitable TLS CA certificate bundle"), and credentials.py:59 CertificateCredential raises '
    'FileNotFoundError; AzureModule.run (modules.py:179) catches neither. Both options should be checked for an '
    'existing readable file up front, naming the option.')

ANSIBLE_CORE_DICT_SUBOPTIONS = (
    'Upstream (ansible-core 2.21, not this collection): a dict option with suboptions given a string answers '
    '"dictionary requested, could not parse JSON or key=value" without naming the option, and given a list of '
    'numbers crashes in ansible/module_utils/common/parameters.py:837 set_fallbacks (TypeError traceback, '
    '"argument of type \'int\' is not iterable"). Affects circuit_peering microsoft_peering_config, '
    'ipv6_peering_config and ipv6_peering_config.microsoft_peering_config. Report upstream; nothing to fix here.')

READ_ACTIONS_NOT_RETRIED = (
    'plugins/module_utils/route_api.py:33 (_start, via module.read) and circuit_api.py:61 list_authorization_key '
    '(via module.call): the route/ARP/summary tables and listKeys are POST actions, which azure-core retries only on '
    '500/503/504 or a Retry-After; one 502 Bad Gateway or one dropped connection fails the whole run ("could not '
    'reach Azure" / "HTTP 502"). These actions change nothing, so the wrapper should retry them on 502 and on '
    'ServiceRequestError/ServiceResponseError with backoff, bounded by operation_timeout.')
