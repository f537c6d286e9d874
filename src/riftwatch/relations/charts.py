"""Charts (matplotlib, Agg backend, offline): a dyad's timeline with its alerts, a signed network."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import pandas as pd  # noqa: E402

from ..errors import ConfigError  # noqa: E402
from .detect import Alert, Direction  # noqa: E402
from .network import signed_graph  # noqa: E402

COOPERATION_COLOUR, CONFLICT_COLOUR = "#2b8a3e", "#c92a2a"
FORMATS = (".png", ".svg")


def _check(path: str | Path) -> Path:
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise ConfigError(f"a chart is a .png or .svg file, not {path.name}")
    return path


def dyad_chart(series: pd.DataFrame, alerts: Sequence[Alert], path: str | Path, *, title: str = "") -> Path:
    """Bars of the weighted Goldstein sum per period (cooperation up, conflict down) split by quad
    class, with each alert's change date (dashed) and detection day (dotted) marked."""
    path = _check(path)
    figure, axis = plt.subplots(figsize=(11, 4.8), dpi=110)
    if not series.empty:
        periods = pd.to_datetime(series["period"])
        step = periods.diff().dt.days.min() if len(periods) > 1 else 7
        width = max(1.0, float(step or 7) * 0.8)
        cooperation = series["goldstein_sum"].clip(lower=0)
        conflict = series["goldstein_sum"].clip(upper=0)
        axis.bar(
            periods, cooperation, width=width, color=COOPERATION_COLOUR, label="cooperation (Goldstein sum)"
        )
        axis.bar(periods, conflict, width=width, color=CONFLICT_COLOUR, label="conflict (Goldstein sum)")
        axis.axhline(0, color="#555555", linewidth=0.8)
    for index, alert in enumerate(alerts):
        colour = CONFLICT_COLOUR if alert.direction is Direction.RIFT else COOPERATION_COLOUR
        label = alert.direction.value + (f" ({alert.third})" if alert.third else "")
        axis.axvline(pd.Timestamp(alert.date), color=colour, linestyle="--", linewidth=1.6)
        axis.axvline(pd.Timestamp(alert.detected_on), color=colour, linestyle=":", linewidth=1.2)
        axis.annotate(
            f"{label}\nfrom {alert.date}\nseen {alert.detected_on}",
            (pd.Timestamp(alert.date), 0.98 - 0.2 * (index % 4)),
            xycoords=("data", "axes fraction"),
            xytext=(4, -4),
            textcoords="offset points",
            va="top",
            fontsize=8,
            color=colour,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": colour, "alpha": 0.85},
        )
    axis.set_title(title or "dyad timeline", fontsize=12)
    axis.set_ylabel("weighted Goldstein sum per period")
    axis.legend(loc="lower right", fontsize=8, frameon=False)
    axis.grid(axis="y", alpha=0.3)
    figure.autofmt_xdate()
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return path


def network_chart(edges: pd.DataFrame, path: str | Path, *, title: str = "") -> Path:
    """Actors placed by a seeded spring layout, cooperation edges green, conflict edges red and dashed,
    width by weight, nodes coloured by bloc."""
    path = _check(path)
    figure, axis = plt.subplots(figsize=(9, 8), dpi=110)
    graph = signed_graph(edges)
    if len(graph):
        # Allies pull together strongly, adversaries only weakly: blocs sit apart, every actor stays in view.
        pull = nx.Graph()
        pull.add_nodes_from(graph)
        pull.add_edges_from(
            (u, v, {"pull": 1.0 if d["sign"] > 0 else 0.15}) for u, v, d in graph.edges(data=True)
        )
        layout = nx.spring_layout(
            pull, weight="pull", seed=3, k=2.0 / max(1, len(graph)) ** 0.5, iterations=200
        )
        blocs = dict(zip(edges["source"], edges["source_bloc"], strict=False)) | dict(
            zip(edges["target"], edges["target_bloc"], strict=False)
        )
        colours = [plt.cm.tab10(int(blocs.get(node, 0)) % 10) for node in graph]
        for sign, colour, style in ((1, COOPERATION_COLOUR, "solid"), (-1, CONFLICT_COLOUR, "dashed")):
            chosen = [(u, v) for u, v, d in graph.edges(data=True) if d["sign"] == sign]
            widths = [0.8 + min(4.0, graph[u][v]["weight"]) for u, v in chosen]
            nx.draw_networkx_edges(
                graph,
                layout,
                edgelist=chosen,
                edge_color=colour,
                style=style,
                width=widths,
                ax=axis,
                alpha=0.75,
            )
        nx.draw_networkx_nodes(graph, layout, node_color=colours, node_size=650, ax=axis, alpha=0.9)
        nx.draw_networkx_labels(graph, layout, font_size=9, ax=axis)
    triangles = edges.attrs.get("triangles", {})
    subtitle = (
        f"balanced triangles {triangles.get('balanced', 0)}, unbalanced {triangles.get('unbalanced', 0)}"
    )
    axis.set_title(
        f"{title or 'signed network'}\n{subtitle} · green: cooperation, red dashed: conflict", fontsize=11
    )
    axis.axis("off")
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return path
