# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The module wrapper: AnsibleModule plus Azure clients, safe calls, check mode and results.

It wraps AnsibleModule rather than subclassing it. Check mode is decided in
exactly one place (apply_plan), diffs are returned only when asked for, and
every message leaving the module is scrubbed of secrets.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import random
import sys
import time

from typing import Any, Callable, Dict, FrozenSet, List, Optional, Set, Tuple, TypeVar

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.hybridlink.expressroute.plugins.module_utils.authorization_model import is_masked_key
from ansible_collections.hybridlink.expressroute.plugins.module_utils.azure_args import (
    AZURE_ARGUMENT_SPEC, shared_option_problems)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.clients import (
    CORE, MissingSdkError, build_client, require, require_identity)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.clouds import (
    CloudResolutionError, fetch_json_with_requests, resolve_cloud)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.credentials import (
    CredentialConfigError, auth_settings, build_credential, resolve_method)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import (
    ModuleFailure, describe_azure_error, describe_transport_error, is_conflict, require_no_problems, scrub)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.planning import Plan
from ansible_collections.hybridlink.expressroute.plugins.module_utils.retries import retry
from ansible_collections.hybridlink.expressroute.plugins.module_utils.waiters import WaitTimeout, wait_for_poller
from ansible_collections.hybridlink.expressroute.plugins.module_utils.wire import secret_values


# Read-only actions are retried on these answers (gateway and availability trouble), a few times:
# a lasting outage should fail within a minute, not wait out operation_timeout.
TRANSIENT_STATUSES = frozenset([502, 503, 504])
READ_ACTION_ATTEMPTS = 5

T = TypeVar('T')


class AzureModule(object):
    """One module run: options, the Resource Manager client, and the calls made through it."""

    def __init__(self, argument_spec: Dict[str, Any], sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic, rng: Callable[[], float] = random.random,
                 **ansible_options: Any) -> None:
        spec = dict(AZURE_ARGUMENT_SPEC)
        spec.update(argument_spec)
        self.ansible = AnsibleModule(argument_spec=spec, supports_check_mode=True, **ansible_options)
        self.params = self.ansible.params
        self.sleep = sleep
        self.clock = clock
        self.rng = rng
        self._clients: Dict[str, Any] = {}
        self._endpoints: Any = None
        self._credential: Any = None
        self._secrets: Set[str] = set(value for value in self.ansible.no_log_values if value)
        self._revealed: Set[str] = set()

    @property
    def check_mode(self) -> bool:
        return self.ansible.check_mode

    @property
    def diff_mode(self) -> bool:
        return self.ansible._diff

    def add_secret(self, value: Optional[str]) -> None:
        """A secret learned at run time (a key read from Azure): never print it."""
        if value and value not in self._revealed:
            self._secrets.add(value)

    def reveal(self, value: Optional[str]) -> None:
        """A key the user asked to be returned (return_key): the one secret the result may carry."""
        self._revealed.add(value)
        self._secrets.discard(value)

    @property
    def secrets(self) -> FrozenSet[str]:
        return frozenset(self._secrets)

    # --- clients ----------------------------------------------------------

    def subscription_id(self) -> str:
        subscription = self.params.get('subscription_id')
        if not subscription:
            raise ModuleFailure('subscription_id: required; set the option or AZURE_SUBSCRIPTION_ID')
        return subscription

    def client(self) -> Any:
        """The Resource Manager client (arm.ArmClient), built once per module run for every subscription."""
        if 'arm' not in self._clients:
            # A throttled request waits at most as long as the module may wait for anything.
            self._clients['arm'] = build_client(self._get_credential(), self._get_endpoints(), self.params['ca_bundle'],
                                                throttle_seconds=self.params['operation_timeout'])
        return self._clients['arm']

    def _get_endpoints(self) -> Any:
        if self._endpoints is None:
            # A metadata URL is read with requests, which comes with azure-core: name the package if it is missing.
            require(CORE)
            fetch = fetch_json_with_requests(self.params['ca_bundle'])
            self._endpoints = resolve_cloud(self.params.get('cloud_environment'), fetch)
        return self._endpoints

    def _get_credential(self) -> Any:
        if self._credential is None:
            settings = auth_settings(self.params)
            require_identity(resolve_method(settings))
            self._credential = build_credential(settings, self._get_endpoints())
        return self._credential

    # --- calls ------------------------------------------------------------

    def read(self, action: str, call: Callable[[], T]) -> Optional[T]:
        """call() or None when Azure answers 404: 'not found' is a state, not an error."""
        from azure.core.exceptions import ResourceNotFoundError
        try:
            return self._guarded(action, call)
        except ResourceNotFoundError:
            return None

    def call(self, action: str, call: Callable[[], T]) -> T:
        """A synchronous call with errors translated."""
        return self._guarded(action, call)

    def read_action(self, action: str, call: Callable[[], T]) -> Optional[T]:
        """A POST action that only reads (listKeys, route/ARP tables): call(), or None when Azure answers 404.

        azure-core retries a POST only on 500/503/504 and never after the
        connection dropped mid-answer, since a POST may change something.
        These change nothing, so a 502/503/504 or a lost connection is retried
        here with jittered backoff, at most READ_ACTION_ATTEMPTS calls within
        operation_timeout; then the last error is translated as call() does.
        """
        from azure.core.exceptions import (
            HttpResponseError, ResourceNotFoundError, ServiceRequestError, ServiceResponseError)
        transient = (HttpResponseError, ServiceRequestError, ServiceResponseError)

        def is_transient(error: BaseException) -> bool:
            return not isinstance(error, HttpResponseError) or error.status_code in TRANSIENT_STATUSES

        try:
            return self._guarded(action, lambda: retry(
                call, transient, is_transient, self.params['operation_timeout'], self.sleep, self.clock, self.rng,
                max_attempts=READ_ACTION_ATTEMPTS))[0]
        except ResourceNotFoundError:
            return None

    def write(self, action: str, begin: Callable[[], Any], timeout: Optional[float] = None,
              timeout_option: str = 'operation_timeout') -> Any:
        """Start a long-running operation with begin() and wait for its result.

        Conflicts with another operation on the same circuit are retried with
        jittered backoff; the whole write is bounded by operation_timeout, or
        by timeout (named timeout_option in messages) for a write known to
        take longer, such as creating a virtual network gateway.
        """
        from azure.core.exceptions import HttpResponseError
        timeout = timeout or self.params['operation_timeout']
        started = self.clock()

        def attempt() -> Any:
            remaining = max(1.0, timeout - (self.clock() - started))
            return wait_for_poller(begin(), remaining, self.clock)

        try:
            result, attempts = self._guarded(action, lambda: retry(
                attempt, (HttpResponseError,), is_conflict, timeout, self.sleep, self.clock, self.rng))
        except WaitTimeout as error:
            raise ModuleFailure(
                '%s: %s (%s=%s). The operation may still complete in Azure; rerun to pick '
                'up its result, or raise %s.' % (action, error, timeout_option, timeout, timeout_option),
                error_code='Timeout')
        return result

    def delete(self, action: str, begin: Callable[[], Any], **write_options: Any) -> bool:
        """A delete; False when the resource was already gone. write_options: as for write()."""
        from azure.core.exceptions import ResourceNotFoundError
        try:
            self.write(action, begin, **write_options)
        except ResourceNotFoundError:
            return False
        return True

    def _guarded(self, action: str, call: Callable[[], T]) -> T:
        from azure.core.exceptions import (
            HttpResponseError, ResourceNotFoundError, ServiceRequestError, ServiceResponseError)
        try:
            answer = call()
        except ResourceNotFoundError:
            raise
        except HttpResponseError as error:
            raise describe_azure_error(error, action, self._secrets)
        except (ServiceRequestError, ServiceResponseError) as error:
            raise describe_transport_error(error, action, self._secrets)
        # Every key an answer carries is a secret from here on, whichever module asked: none can forget one.
        for value in secret_values(answer):
            if not is_masked_key(value):
                self.add_secret(value)
        return answer

    def found_or_exit(self, wire: Optional[Dict[str, Any]], **missing: Any) -> Dict[str, Any]:
        """wire; when it is None (not found), exit unchanged with the result ``missing``: an info module's answer."""
        if wire is None:
            self.exit(changed=False, **missing)
        return wire

    def one_or_all(self, name: Optional[str], get_one: Callable[[str], Optional[T]],
                   list_all: Callable[[], List[T]]) -> List[T]:
        """[the resource named] (empty when it does not exist), or every one when no name is given: info modules."""
        if name:
            found = get_one(name)
            return [found] if found is not None else []
        return list_all()

    # --- plans and results ------------------------------------------------

    def apply_plan(self, plan: Plan, apply: Callable[[Plan], T]) -> Optional[T]:
        """Run apply(plan) unless nothing changes or this is check mode. The only check-mode branch."""
        if plan.action == 'none' or self.check_mode:
            return None
        return apply(plan)

    def exit(self, changed: bool, diff: Optional[Dict[str, Any]] = None, **result: Any) -> None:
        if diff is not None and self.diff_mode:
            result['diff'] = diff
        self.ansible.exit_json(changed=changed, **self._scrubbed(result))

    def warn(self, message: str) -> None:
        """A warning shown with the task's result (scrubbed like every message)."""
        self.ansible.warn(scrub(message, self._secrets))

    def fail(self, message: str, **details: Any) -> None:
        self.ansible.fail_json(msg=scrub(message, self._secrets), **self._scrubbed(details))

    def _scrubbed(self, value: Any) -> Any:
        if isinstance(value, dict):
            return dict((key, self._scrubbed(item)) for key, item in value.items())
        if isinstance(value, list):
            return [self._scrubbed(item) for item in value]
        if isinstance(value, str):
            return scrub(value, self._secrets)
        return value

    def check_shared_options(self) -> None:
        """Refuse bad shared options (timeouts, files, tenant) before any call, naming each option."""
        require_no_problems(shared_option_problems(self.params))

    def run(self, body: Callable[['AzureModule'], Any]) -> None:
        """Check the shared options, run body(self), and turn every expected failure into a clear fail_json."""
        try:
            self.check_shared_options()
            body(self)
        except ModuleFailure as failure:
            self.fail(failure.message, **failure.details)
        except MissingSdkError as error:
            self.ansible.fail_json(msg='%s. The module ran with the Python at %s; install the package there or set '
                                   'ansible_python_interpreter.' % (error, sys.executable))
        except (CloudResolutionError, CredentialConfigError) as error:
            self.fail(str(error))
        except ImportError as error:
            self.ansible.fail_json(msg=missing_required_lib('azure-core'), exception=str(error))
        except _azure_errors() as error:
            self.fail(str(describe_azure_error(error, 'Azure request', self._secrets)))


def _azure_errors() -> Tuple[type, ...]:
    """azure-core's base error (credential failures raise it outside our calls), if installed."""
    try:
        from azure.core.exceptions import AzureError
        return (AzureError,)
    except ImportError:
        return ()
