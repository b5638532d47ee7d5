# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One flow for every module that connects two things with a key: read, plan, refuse, prepare, apply, wait, report.

AVS Global Reach and circuit-to-circuit Global Reach differ only in where
the connection lives and what must be checked before it is written. A module
describes that in a ``ConnectionSide``; ``converge_connection`` does the
rest the same way for each. Check mode is decided in two named places:
``AzureModule.apply_plan`` (nothing is written) and ``accepted_in_check_mode``
(what is missing may only have been simulated by an earlier task).
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, Callable, Dict, List, Optional, Sequence

from ansible_collections.hybridlink.expressroute.plugins.module_utils.connection_model import (
    CONNECTION_REQUEST_SECRETS, CONNECTION_SECRETS)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import ModuleFailure
from ansible_collections.hybridlink.expressroute.plugins.module_utils.global_reach import (
    REPLACE, STATUS_FIELD, conflict_message, connected, describe_connection, is_failed, plan_connection)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.planning import Plan, diff_for, masked
from ansible_collections.hybridlink.expressroute.plugins.module_utils.waiters import WaitTimeout, wait_until
from ansible_collections.hybridlink.expressroute.plugins.module_utils.wire import camel

# Between two reads of a connection that is still coming up. Azure takes tens
# of seconds to minutes; the lab is quicker, and wait_timeout bounds the total.
CONNECTED_POLL_SECONDS = 5.0
# The plan actions that send a PUT, and so need the side's checks and a request body first.
WRITES = ("create", "update", REPLACE)

Wire = Optional[Dict[str, Any]]
Flat = Optional[Dict[str, Any]]


class ConnectionSide(object):
    """One kind of connection, as the flow sees it: where it lives, what to check, how to read and write it.

    ``what`` names the connection in messages; ``result_name`` is the key of
    the module's result that carries it; ``plan_rules`` are the model's
    field sets for global_reach.plan_connection. Subclasses implement the calls.
    """

    result_name = "connection"
    # The field of the user schema that says Connected (gateway connections: connection_status).
    status_field = STATUS_FIELD
    plan_rules: Dict[str, Sequence[str]] = {}

    def __init__(self, module: Any, name: str, what: str) -> None:
        self.module = module
        self.name = name
        self.what = what

    def read(self) -> Wire:
        """The connection as Azure has it now (None when it does not exist)."""
        raise NotImplementedError

    def poll(self) -> Wire:
        """The connection read again while waiting for it to connect."""
        return self.read()

    def from_api(self, wire: Wire) -> Flat:
        """An answer in the user schema (the model's ``*_from_api``)."""
        raise NotImplementedError

    def refuse(self, desired: Flat, plan: Plan, conflicts: List[Any]) -> None:
        """Refusals that must come before the generic one for fixed fields; none by default."""

    def prepare(self, desired: Dict[str, Any], plan: Plan, current_wire: Wire, notes: List[str]) -> Wire:
        """Every check a write needs before it is sent; the request body."""
        raise NotImplementedError

    def put(self, body: Wire) -> Wire:
        raise NotImplementedError

    def delete(self) -> None:
        raise NotImplementedError

    def explain(self, failure: ModuleFailure) -> ModuleFailure:
        """The failure of a PUT, with advice for the codes the side knows."""
        return failure

    def planned(self, final: Flat, plan: Plan, desired: Dict[str, Any]) -> Flat:
        """In check mode: what the connection would be after the plan (the model's ``*_result``)."""
        raise NotImplementedError


def accepted_in_check_mode(module: Any, notes: List[str], message: str,
                           refusal: Optional[ModuleFailure] = None) -> None:
    """A real run refuses what is missing; check mode notes it, as an earlier task may only have simulated it.

    ``refusal`` is what a real run raises; by default ``message`` plus "Nothing was changed."
    """
    if not module.check_mode:
        raise refusal or ModuleFailure(message + ". Nothing was changed.")
    notes.append(message + " (accepted in check mode: an earlier task may only have simulated it)")


def if_permitted(call: Callable[[], Any], denied: Any = None) -> Any:
    """call(), or ``denied`` when Azure refuses the read (403): a peer in another tenant or subscription."""
    try:
        return call()
    except ModuleFailure as failure:
        if failure.details.get("status_code") == 403:
            return denied
        raise


def await_connected(read: Callable[[], Flat], what: str, timeout: float, sleep: Callable[[float], None],
                    clock: Callable[[], float], last_read: Flat = None,
                    status_field: str = STATUS_FIELD) -> Dict[str, Any]:
    """Read the connection (flat) until Connected; ModuleFailure on failure, disappearance or timeout.

    last_read: the connection as the caller has just read it (the operation's final GET), which the wait starts
    from instead of reading it again at once.
    """
    unread = [] if last_read is None else [last_read]

    def read_next() -> Flat:
        return unread.pop() if unread else read()

    try:
        flat = wait_until(read_next, lambda item: connected(item, status_field), timeout, CONNECTED_POLL_SECONDS,
                          sleep, clock, lambda item: describe_connection(item, status_field))
    except WaitTimeout as error:
        raise ModuleFailure(
            "%s is not Connected yet: %s (wait_timeout=%s). Azure may still bring it up; rerun to wait again, raise "
            "wait_timeout, or set wait=false to return without waiting." % (what, error, timeout),
            error_code="Timeout")
    if flat is None:
        raise ModuleFailure("%s disappeared while waiting for it to connect; someone deleted it. Rerun to create "
                            "it again." % what)
    if is_failed(flat):
        raise ModuleFailure("%s ended %s (%s %s). Rerun to replace it; check the key and the "
                            "peer circuit first." % (what, flat.get("provisioning_state"), camel(status_field),
                                                     flat.get(status_field)))
    return flat


def converge_connection(module: Any, side: ConnectionSide, desired: Flat) -> None:
    """Bring the connection to ``desired`` (None: absent) and exit the module with the plan and the result."""
    current_wire = side.read()
    current = side.from_api(current_wire)
    plan, conflicts = plan_connection(desired, current, **side.plan_rules)
    side.refuse(desired, plan, conflicts)
    if conflicts:
        raise ModuleFailure(conflict_message(side.what, conflicts))
    notes: List[str] = []
    body = side.prepare(desired, plan, current_wire, notes) if plan.action in WRITES else None

    def apply(plan: Plan) -> Wire:
        if plan.action in ("delete", REPLACE):
            side.delete()
        if plan.action == "delete":
            return None
        try:
            return side.put(body)
        except ModuleFailure as failure:
            raise side.explain(failure)

    written = module.apply_plan(plan, apply)
    final = None if desired is None else (side.from_api(written) or current)
    if desired is not None and (final is None or plan.action != "none" and module.check_mode):
        final = side.planned(final, plan, desired)
    elif final is not None and module.params["wait"] and not module.check_mode and not connected(final, side.status_field):
        final = await_connected(lambda: side.from_api(side.poll()), side.what, module.params["wait_timeout"],
                                module.sleep, module.clock, last_read=final, status_field=side.status_field)
    result = {"action": plan.action, side.result_name: final, "changed_fields": plan.changed_fields, "notes": notes}
    if body is not None:
        result["request"] = masked(body, CONNECTION_REQUEST_SECRETS)
    module.exit(changed=plan.changed, diff=diff_for(plan, CONNECTION_SECRETS), **result)
