"""The running lab: its database, its URL, and a fresh view of state per request."""

from __future__ import annotations

from dataclasses import dataclass

from .arm.context import Env
from .settings import load_settings
from .store import Store
from .world import World


@dataclass
class Lab:
    store: Store
    base_url: str

    def world(self) -> World:
        return World(self.store.get_kv("world"))

    def env(self, now: float) -> Env:
        return Env(store=self.store, world=self.world(), settings=load_settings(self.store), now=now, base_url=self.base_url)
