# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Retry with jittered exponential backoff; sleep, clock and randomness are injected."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, Callable, Optional, Tuple


def backoff_delay(attempt: int, base: float, cap: float, rng: Callable[[], float]) -> float:
    """Equal-jitter delay for the given attempt (0-based): half fixed, half random, capped."""
    ceiling = min(cap, base * (2 ** attempt))
    return ceiling / 2.0 + rng() * ceiling / 2.0


def retry(operation: Callable[[], Any], retry_on: Tuple[type, ...], should_retry: Callable[[BaseException], bool],
          timeout: float, sleep: Callable[[float], None], clock: Callable[[], float], rng: Callable[[], float],
          base: float = 2.0, cap: float = 30.0, max_attempts: Optional[int] = None) -> Tuple[Any, int]:
    """Call operation() until it succeeds, an error is not retryable, or timeout seconds pass.

    retry_on: exception classes that may be retried; should_retry(error) decides
    for each one. The last error is re-raised when the time is up (or after
    max_attempts calls, when given), so callers report what Azure actually
    said. Returns (result, attempts).
    """
    deadline = clock() + timeout
    attempt = 0
    while True:
        try:
            return operation(), attempt + 1
        except retry_on as error:
            if not should_retry(error):
                raise
            if max_attempts is not None and attempt + 1 >= max_attempts:
                raise
            delay = backoff_delay(attempt, base, cap, rng)
            if clock() + delay > deadline:
                raise
            sleep(delay)
            attempt += 1
