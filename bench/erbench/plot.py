"""The plot in docs/: no-op tasks against the floor and azure, converge overhead, fleet scaling."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import targets

COLOURS = {"floor": "#7f7f7f", "ours": "#1f77b4", "azure": "#d62728"}


def draw(results: dict[str, dict[str, Any]], path: Path) -> Path | None:
    try:
        import matplotlib
    except ImportError:
        return None
    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "hybridlink-bench"   # stable ids: the SVG diffs only when numbers change
    import matplotlib.pyplot as plt

    panels = [name for name in ("noop", "converge", "fleet") if name in results]
    if not panels:
        return None
    figure, axes = plt.subplots(1, len(panels), figsize=(6.2 * len(panels), 5.2), squeeze=False)
    for axis, name in zip(axes[0], panels):
        {"noop": _noop, "converge": _converge, "fleet": _fleet}[name](axis, results[name])
    figure.tight_layout()
    figure.savefig(path, format=path.suffix.lstrip("."), metadata={"Date": None} if path.suffix == ".svg" else None)
    plt.close(figure)
    return path


def _noop(axis, noop: dict[str, Any]) -> None:
    cases = [case for case in noop["cases"] if case["median_s"]]
    labels = [case["id"] for case in cases]
    values = [case["median_s"] for case in cases]
    axis.barh(range(len(cases)), values, color=[COLOURS[case["side"]] for case in cases])
    axis.set_yticks(range(len(cases)), labels, fontsize=8)
    axis.invert_yaxis()
    floor, _, _ = targets.noop_cases(noop)
    if floor and floor["median_s"]:
        axis.axvline(floor["median_s"], color=COLOURS["floor"], linestyle=":", label="floor (uri, one GET)")
        axis.axvline(floor["median_s"] * targets.FLOOR_RATIO_MAX, color="black", linestyle="--",
                     label=f"target: {targets.FLOOR_RATIO_MAX:g}x floor")
    axis.set_xlabel("median wall time per no-op task (s)")
    axis.set_title("No-op tasks (grey floor, red azure.azcollection)", fontsize=10)
    axis.legend(fontsize=8, loc="lower right")


def _converge(axis, converge: dict[str, Any]) -> None:
    runs = converge["runs"]
    labels = [f"{run['label']}\nops {run['operation_seconds']:g} s" for run in runs]
    critical = [run["critical_path_s"] for run in runs]
    overhead = [max(0.0, run["wall_s"] - run["critical_path_s"]) for run in runs]
    positions = range(len(runs))
    axis.bar(positions, critical, color="#2ca02c", label="operations' critical path")
    axis.bar(positions, overhead, bottom=critical, color="#ff7f0e", label="everything else")
    axis.set_xticks(list(positions), labels, fontsize=8)
    axis.set_ylabel("wall time (s)")
    axis.set_title("onprem_to_avs.yml, 2 sites", fontsize=10)
    axis.legend(fontsize=8)


def _fleet(axis, fleet: dict[str, Any]) -> None:
    runs = [run for run in fleet["runs"] if "wall_s" in run]
    if not runs:
        return
    sites = [run["sites"] for run in runs]
    axis.plot(sites, [run["wall_s"] for run in runs], marker="o", label="wall time (s)")
    base = next((run for run in runs if run["sites"] == 10), runs[-1])
    axis.plot(sites, [base["wall_s"] / base["sites"] * n for n in sites], linestyle=":", color="grey",
              label=f"linear from {base['sites']} sites")
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("sites")
    axis.set_ylabel("wall time (s)")
    twin = axis.twinx()
    twin.plot(sites, [run["arm_requests"] / run["sites"] for run in runs], marker="s", color="#9467bd",
              label="ARM requests per site")
    twin.plot(sites, [run["minimum"]["arm_total"] / run["sites"] for run in runs], linestyle="--", color="#9467bd",
              label="minimum per site")
    twin.set_ylabel("ARM requests per site")
    twin.set_ylim(bottom=0)
    handles = axis.get_legend_handles_labels()
    twin_handles = twin.get_legend_handles_labels()
    axis.legend(handles[0] + twin_handles[0], handles[1] + twin_handles[1], fontsize=8, loc="upper left")
    axis.set_title(f"Fleets, {fleet['forks']} forks", fontsize=10)
