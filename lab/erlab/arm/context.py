"""What a handler gets: the lab's state plus the parsed ARM request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from ..identity.tokens import Caller
from ..settings import Settings
from ..store import Store
from ..world import World


@dataclass
class Env:
    """The lab's state at one instant (what completing an operation needs)."""

    store: Store
    world: World
    settings: Settings
    now: float
    base_url: str


@dataclass
class LroFault:
    """A fault rule that makes the operation started by this request end badly."""

    outcome: str  # Failed | Canceled
    code: str
    message: str


@dataclass
class ArmContext:
    env: Env
    method: str
    path: str
    params: dict[str, str]
    query: Mapping[str, str]
    headers: Mapping[str, str]
    body: Any
    api_version: str
    caller: Caller
    request_id: str
    lro_fault: LroFault | None = None
    family: str = "network"

    @property
    def store(self) -> Store:
        return self.env.store

    @property
    def world(self) -> World:
        return self.env.world

    @property
    def settings(self) -> Settings:
        return self.env.settings

    @property
    def now(self) -> float:
        return self.env.now

    @property
    def subscription(self) -> str:
        return self.params["sub"]


@dataclass
class ArmResponse:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
