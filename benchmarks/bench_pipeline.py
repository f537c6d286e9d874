"""Benchmark (run by hand, never in CI): the whole pipeline against plain spaCy on the same articles.

One run measures, each configuration in a fresh process so that memory and start-up are its own:
- riftwatch: read -> clean -> phase one -> phase two -> events -> DuckDB (`ingest_paths` into a new store),
  articles/s and tokens/s, peak memory of the largest process (the parent or one worker);
- plain spaCy: `nlp.pipe` with every component of the model and the same number of processes, same texts;
- start-up (loading spaCy and the dictionaries, spawning workers) is timed on a one-article run and reported
  apart; throughput figures exclude it;
- time both by the clock and in CPU seconds (user + system, workers included): on a shared machine the CPU
  ratio is the one to trust; the 1 -> 2 worker speed-up can only be read from the clock, on an idle machine;
- with --levers, the pipeline once more with each lever turned off, so each lever's share shows.

Input: the generated mixed corpus (benchmarks/corpus.py, fixed seed) unless paths are given.
With --dask, only the Dask engine instead: the same corpus in 8 files, on a LocalCluster of 1 then 2 workers.
Usage: python benchmarks/bench_pipeline.py [--articles 400] [--n-process 1] [--levers] [--scaling] [--dask] [PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Each lever, and the setting that turns it off (the pipeline's defaults have every lever on).
LEVERS = {
    "selection": {"parse_all_sentences": True},
    "trigger_gate": {"parse_without_trigger": True},
    "ner_on_demand": {"ner_everywhere": True},
}


def _cpu() -> float:
    """CPU seconds (user + system) of this process and its finished children: on a shared machine this,
    unlike the clock, does not count the time other people's processes hold the cores."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _peak_mb() -> int:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, workers) / 1024)


def _texts(path: str) -> list[str]:
    from riftwatch.clean import prepare_article
    from riftwatch.models import RawDocument
    from riftwatch.readers import read_inputs

    return [prepare_article(d).text for d in read_inputs([path]) if isinstance(d, RawDocument)]


def run_pipeline(path: str, n_process: int, overrides: dict[str, object]) -> dict[str, object]:
    from riftwatch.pipeline import ingest_paths
    from riftwatch.settings import Settings
    from riftwatch.store import Store

    settings = Settings(n_process=n_process, **overrides)  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as folder, Store(os.path.join(folder, "bench.duckdb")) as store:
        start, cpu = time.perf_counter(), _cpu()
        summary = ingest_paths([path], store, settings)
        seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    return {
        "seconds": seconds,
        "cpu": cpu,
        "read": summary.read,
        "coded": summary.coded,
        "events": summary.events,
        "peak_mb": _peak_mb(),
    }


def run_dask(path: str, n_workers: int) -> dict[str, object]:
    """The Dask engine on a LocalCluster of `n_workers` processes, the corpus cut into 8 files (shards)."""
    from riftwatch.scaleout import ingest_with_dask
    from riftwatch.settings import Settings
    from riftwatch.store import Store

    with tempfile.TemporaryDirectory() as folder:
        inputs = os.path.join(folder, "in")  # the store must not sit among the inputs
        os.mkdir(inputs)
        with open(path, encoding="utf-8") as handle:
            lines = handle.readlines()
        shards = 8 if len(lines) >= 8 else 1
        for number in range(shards):
            with open(os.path.join(inputs, f"part-{number}.jsonl"), "w", encoding="utf-8") as out:
                out.writelines(lines[number::shards])
        with Store(os.path.join(folder, "bench.duckdb")) as store:
            start, cpu = time.perf_counter(), _cpu()
            summary = ingest_with_dask([inputs], store, Settings(), n_workers=n_workers)
            seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    return {
        "seconds": seconds,
        "cpu": cpu,
        "read": summary.read,
        "coded": summary.coded,
        "events": summary.events,
        "peak_mb": _peak_mb(),
    }


def run_plain(path: str, n_process: int) -> dict[str, object]:
    from riftwatch import nlp

    texts = _texts(path)
    start, cpu = time.perf_counter(), _cpu()
    model = nlp.get_nlp()
    # every component the model ships enabled: senter stays off because the parser splits sentences
    with model.select_pipes(disable=[name for name in ("senter",) if name in model.pipe_names]):
        tokens = sum(len(doc) for doc in model.pipe(texts, batch_size=64, n_process=n_process))
    return {
        "seconds": time.perf_counter() - start,
        "cpu": _cpu() - cpu,
        "read": len(texts),
        "tokens": tokens,
        "peak_mb": _peak_mb(),
    }


def _child(kind: str, path: str, n_process: int, overrides: dict[str, object]) -> dict[str, object]:
    """Run one configuration in a fresh interpreter and return what it printed."""
    command = [
        sys.executable,
        __file__,
        "--child",
        kind,
        "--n-process",
        str(n_process),
        "--overrides",
        json.dumps(overrides),
        path,
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def _first_article(path: str, folder: str) -> str:
    one = os.path.join(folder, "one.jsonl")
    with open(path, encoding="utf-8") as handle, open(one, "w", encoding="utf-8") as out:
        out.write(handle.readline())
    return one


def _rates(
    result: dict[str, object], startup: dict[str, object], articles: int, tokens: int
) -> dict[str, object]:
    """Rates without start-up: by the clock, and by CPU time (the figure that holds on a loaded machine)."""
    wall = max(float(result["seconds"]) - float(startup["seconds"]), 1e-9)
    cpu = max(float(result["cpu"]) - float(startup["cpu"]), 1e-9)
    return {
        "articles_per_s": round(articles / wall, 2),
        "tokens_per_s": round(tokens / wall),
        "articles_per_cpu_s": round(articles / cpu, 2),
        "tokens_per_cpu_s": round(tokens / cpu),
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "peak_mb": result["peak_mb"],
    }


def measure_dask(path: str) -> dict[str, object]:
    """1 and 2 Dask workers on the same shards; start-up (cluster, spaCy in each worker) included, as a
    cluster pays it once per run."""
    one, two = _child("dask", path, 1, {}), _child("dask", path, 2, {})
    return {
        "one worker": {k: one[k] for k in ("seconds", "cpu", "read", "events", "peak_mb")},
        "two workers": {k: two[k] for k in ("seconds", "cpu", "read", "events", "peak_mb")},
        "speedup_1_to_2_wall": round(float(one["seconds"]) / float(two["seconds"]), 2),
    }


def measure(path: str, n_process: int, levers: bool, scaling: bool) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        one = _first_article(path, folder)
        report: dict[str, object] = {"n_process": n_process}
        start_plain = _child("plain", one, n_process, {})
        start_ours = _child("pipeline", one, n_process, {})
        report["startup"] = {
            name: {"wall_s": round(float(r["seconds"]), 2), "cpu_s": round(float(r["cpu"]), 2)}
            for name, r in (("plain", start_plain), ("riftwatch", start_ours))
        }
        plain = _child("plain", path, n_process, {})
        articles, tokens = int(plain["read"]), int(plain["tokens"])
        report["articles"], report["tokens"] = articles, tokens
        report["plain_spacy"] = base = _rates(plain, start_plain, articles, tokens)
        configurations: dict[str, dict[str, object]] = {"all levers": {}}
        if levers:
            configurations.update({f"without {name}": off for name, off in LEVERS.items()})
            configurations["without any lever"] = {k: v for off in LEVERS.values() for k, v in off.items()}
        for label, overrides in configurations.items():
            result = _child("pipeline", path, n_process, overrides)
            rates = _rates(result, start_ours, articles, tokens)
            rates["events"] = result["events"]
            rates["ratio_vs_plain_cpu"] = round(float(base["cpu_s"]) / float(rates["cpu_s"]), 2)
            rates["ratio_vs_plain_wall"] = round(float(base["wall_s"]) / float(rates["wall_s"]), 2)
            report[label] = rates
        if scaling and n_process == 1:
            start_two = _child("pipeline", one, 2, {})
            two = _rates(_child("pipeline", path, 2, {}), start_two, articles, tokens)
            two["speedup_1_to_2_wall"] = round(
                float(report["all levers"]["wall_s"]) / float(two["wall_s"]), 2
            )  # type: ignore[index]
            report["two workers"] = two
    return report


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--levers", action="store_true", help="also run with each lever turned off")
    parser.add_argument(
        "--scaling", action="store_true", help="also run on 2 worker processes (1 -> 2 speed-up)"
    )
    parser.add_argument("--dask", action="store_true", help="only the Dask engine on 1 and 2 local workers")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--overrides", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        if args.child == "plain":
            run = run_plain(args.paths[0], args.n_process)
        elif args.child == "dask":
            run = run_dask(args.paths[0], args.n_process)
        else:
            run = run_pipeline(args.paths[0], args.n_process, json.loads(args.overrides))
        print(json.dumps(run))
        return
    with tempfile.TemporaryDirectory() as folder:
        if args.paths:
            path = args.paths[0] if len(args.paths) == 1 else sys.exit("give one JSONL file or none")
        else:
            sys.path.insert(0, str(HERE))
            from corpus import generate

            path = os.path.join(folder, "corpus.jsonl")
            with open(path, "w", encoding="utf-8") as out:
                for record in generate(args.articles, args.seed):
                    out.write(json.dumps(record) + "\n")
        report = measure_dask(path) if args.dask else measure(path, args.n_process, args.levers, args.scaling)
        print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
