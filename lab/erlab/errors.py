"""Azure-shaped errors.

ARM answers every failure as {"error": {"code", "message", "target", "details"}};
handlers raise ArmError and the pipeline renders it.
"""

from __future__ import annotations

from typing import Any


class ArmError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        target: str | None = None,
        headers: dict[str, str] | None = None,
        details: list[dict[str, Any]] | None = None,
    ):
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.target = target
        self.headers = headers or {}
        self.details = details or []

    def body(self) -> dict[str, Any]:
        return {"error": error_object(self.code, self.message, self.target, self.details)}


def error_object(code: str, message: str, target: str | None = None, details: list | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if target is not None:
        error["target"] = target
    error["details"] = details or []
    return error


def bad_request(code: str, message: str, target: str | None = None) -> ArmError:
    return ArmError(400, code, message, target)


def top_level_not_found(resource_type: str, name: str, resource_group: str) -> ArmError:
    # Exact wording from a 2026 recording of ARM's own 404.
    return ArmError(
        404,
        "ResourceNotFound",
        f"The Resource '{resource_type}/{name}' under resource group '{resource_group}' was not found. "
        "For more details please go to https://aka.ms/ARMResourceNotFoundFix",
    )


def child_not_found(resource_id: str) -> ArmError:
    # The resource provider's own 404 for a child under an existing parent.
    return ArmError(404, "NotFound", f"Resource {resource_id} not found.")
