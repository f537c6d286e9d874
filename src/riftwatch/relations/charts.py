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
        width = max(1.0, float(periods.diff().dt.days.median() or 1) * 0.8) if len(periods) > 1 else 5.0
        cooperation = series["goldstein_sum"].clip(lower=0)
        conflict = series["goldstein_sum"].clip(upper=0)
        axis.bar(periods, cooperation, width=width, color=COOPERATION_COLOUR, label="cooperation (Goldstein sum)")
        axis.bar(periods, conflict, width=width, color=CONFLICT_COLOUR, label="conflict (Goldstein sum)")
        axis.axhline(0, color="#555555", linewidth=0.8)
    for alert in alerts:
        colour = CONFLICT_COLOUR if alert.direction is Direction.RIFT else COOPERATION_COLOUR
        label = alert.direction.value + (f" ({alert.third})" if alert.third else "")
        axis.axvline(pd.Timestamp(alert.date), color=colour, linestyle="--", linewidth=1.6)
        axis.axvline(pd.Timestamp(alert.detected_on), color=colour, linestyle=":", linewidth=1.2)
        axis.annotate(f"{label}\nfrom {alert.date}\nseen {alert.detected_on}", (pd.Timestamp(alert.date), 1.0),
                      xycoords=("data", "axes fraction"), xytext=(4, -4), textcoords="offset points",
                      va="top", fontsize=8, color=colour)  # fmt: skip
    axis.set_title(title or "dyad timeline", fontsize=12)
    axis.set_ylabel("weighted Goldstein sum per period")
    axis.legend(loc="lower left", fontsize=8, frameon=False)
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
        positive = nx.Graph([(u, v, {"weight": d["weight"]}) for u, v, d in graph.edges(data=True) if d["sign"] > 0])
        positive.add_nodes_from(graph)
        layout = nx.spring_layout(positive, seed=3, k=1.2 / max(1, len(graph)) ** 0.5)
        blocs = dict(zip(edges["source"], edges["source_bloc"], strict=False)) | dict(
            zip(edges["target"], edges["target_bloc"], strict=False)
        )
        colours = [plt.cm.tab10(int(blocs.get(node, 0)) % 10) for node in graph]
        for sign, colour, style in ((1, COOPERATION_COLOUR, "solid"), (-1, CONFLICT_COLOUR, "dashed")):
            chosen = [(u, v) for u, v, d in graph.edges(data=True) if d["sign"] == sign]
            widths = [0.8 + min(4.0, graph[u][v]["weight"]) for u, v in chosen]
            nx.draw_networkx_edges(graph, layout, edgelist=chosen, edge_color=colour, style=style,
                                   width=widths, ax=axis, alpha=0.75)  # fmt: skip
        nx.draw_networkx_nodes(graph, layout, node_color=colours, node_size=650, ax=axis, alpha=0.9)
        nx.draw_networkx_labels(graph, layout, font_size=9, ax=axis)
    triangles = edges.attrs.get("triangles", {})
    subtitle = f"balanced triangles {triangles.get('balanced', 0)}, unbalanced {triangles.get('unbalanced', 0)}"
    axis.set_title(f"{title or 'signed network'}\n{subtitle} · green: cooperation, red dashed: conflict", fontsize=11)
    axis.axis("off")
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return path
