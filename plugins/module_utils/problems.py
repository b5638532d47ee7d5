# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What is wrong with a requested setting, told so a person can fix it.

Validators return lists of ``Problem`` instead of raising, so a module can
report every mistake of a task in one ``fail_json`` message.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from dataclasses import dataclass
from typing import Any, Dict, Iterable

# Shown instead of a secret (shared keys, authorization keys).
HIDDEN = "<hidden>"


class _NotGiven:
    """Marks a problem about an option that was not set at all."""

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    # One instance only, so ``value is NOT_GIVEN`` survives copies and pickling.
    def __copy__(self) -> "_NotGiven":
        return self

    def __deepcopy__(self, memo: Dict[int, Any]) -> "_NotGiven":
        return self

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = _NotGiven()


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the requested state.

    ``option`` is the option path (``microsoft_peering_config.advertised_public_prefixes[2]``),
    ``rule`` says what was expected as a sentence fragment, ``value`` is what
    was given. Callers pass secrets as ``HIDDEN``; ``NOT_GIVEN`` means the
    option was missing, and the text then leaves out the "(got ...)" part.
    """

    option: str
    rule: str
    value: Any = NOT_GIVEN

    def __str__(self) -> str:
        if self.value is NOT_GIVEN:
            return "%s: %s" % (self.option, self.rule)
        if self.value == HIDDEN:
            return "%s: %s (got %s)" % (self.option, self.rule, HIDDEN)
        return "%s: %s (got %r)" % (self.option, self.rule, self.value)

    def to_dict(self) -> Dict[str, Any]:
        """A plain dict for module results (``problems:``)."""
        result = {"option": self.option, "rule": self.rule}
        if self.value is not NOT_GIVEN:
            result["value"] = self.value
        return result


def format_problems(problems: Iterable[Problem]) -> str:
    """One message listing every problem, for a single ``fail_json(msg=...)``."""
    problems = list(problems)
    if not problems:
        return "no problems"
    if len(problems) == 1:
        return "1 problem with the requested settings: %s" % problems[0]
    numbered = "; ".join("(%d) %s" % (number, problem) for number, problem in enumerate(problems, 1))
    return "%d problems with the requested settings: %s" % (len(problems), numbered)
