#!/usr/bin/env python3
"""A constraint-programming peer for `checkmate benchmark`: the CP-SAT
interval model of rematerialization of Moccasin (Bartan et al., ICML 2023).

Each node v gets up to C computations. Computation k of v is present or not
(the first always is), starts at a time s (one computation per time step) and
keeps its output until an end time e >= s: the retention interval [s, e].
Every input u of v has a present retention interval of u that covers s, and
the outputs of all retention intervals live at a time, plus the running
node's workspace, fit the budget beside the constant memory (a cumulative
constraint). The objective is the cost of the present computations.

The schedule it finds is written as a checkmate-schedule file (compute at
each start in time order, free after each end), so `checkmate simulate`
replays it under the project's own rules: the peer's cost and peak are the
replay's, never the model's.

    pip install ortools
    checkmate export layered:100 --output g.json
    python3 scripts/peer-cpsat.py g.json --budget 80% --time-limit 60 --output s.json
    checkmate simulate g.json s.json

Exit status: 0 with a schedule, 3 when none was found in time, 2 on bad input.
"""

import argparse
import json
import sys
import time


def fail(message, code=2):
    print(f"peer-cpsat: {message}", file=sys.stderr)
    sys.exit(code)


def parse_budget(text, graph):
    """Bytes, a percentage of the checkpoint-all peak, or a multiple of the memory lower bound."""
    nodes = graph["nodes"]
    index = {node["id"]: i for i, node in enumerate(nodes)}
    constant = graph.get("constantMemory", 0)
    lower = max(constant + node.get("workspace", 0) + node["memory"]
                + sum(nodes[index[u]]["memory"] for u in node["inputs"]) for node in nodes)
    try:
        if text.endswith("%"):
            return int(float(text[:-1]) / 100 * checkpoint_all_peak(graph))
        if text.endswith("x"):
            return int(float(text[:-1]) * lower)
        return int(text)
    except ValueError:
        fail(f"--budget {text!r}: expected bytes, a percentage (80%) or a multiple of the memory lower bound (1.1x)")


def topological_order(nodes, index):
    """The file's order when it is topological (checkmate writes its own so), else Kahn's; and each node's users."""
    pending = [len(node["inputs"]) for node in nodes]
    users = [[] for _ in nodes]
    for v, node in enumerate(nodes):
        for u in node["inputs"]:
            users[index[u]].append(v)
    ready = sorted((v for v in range(len(nodes)) if pending[v] == 0), reverse=True)
    order = []
    while ready:
        v = ready.pop()
        order.append(v)
        for w in users[v]:
            pending[w] -= 1
            if pending[w] == 0:
                ready.append(w)
    if len(order) != len(nodes):
        fail("the graph has a cycle")
    if all(index[u] < v for v, node in enumerate(nodes) for u in node["inputs"]):
        order = list(range(len(nodes)))
    return order, users


def checkpoint_all_peak(graph):
    """The replay peak of computing every node once, in the file's order when it is
    topological, freeing each output after its last user."""
    nodes = graph["nodes"]
    index = {node["id"]: i for i, node in enumerate(nodes)}
    order, users = topological_order(nodes, index)
    position = {v: t for t, v in enumerate(order)}
    last = [max((position[w] for w in users[v]), default=position[v]) for v in range(len(nodes))]
    live, peak = 0, 0
    frees = {}
    for v in range(len(nodes)):
        frees.setdefault(last[v], []).append(v)
    for t, v in enumerate(order):
        peak = max(peak, graph.get("constantMemory", 0) + nodes[v].get("workspace", 0) + live + nodes[v]["memory"])
        live += nodes[v]["memory"]
        for u in frees.get(t, []):
            live -= nodes[u]["memory"]
    return peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("graph", help="a checkmate-graph file")
    parser.add_argument("--budget", required=True, help="bytes, N%% of the checkpoint-all peak, or Nx the memory lower bound")
    parser.add_argument("--time-limit", type=float, default=60, help="seconds (default 60)")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT search workers (default 2)")
    parser.add_argument("--computations", type=int, default=2, help="C: computations of a node at most (default 2)")
    parser.add_argument("--order", choices=["given", "free"], default="given",
                        help="first computations in the file's topological order (given, default) or in any order (free)")
    parser.add_argument("--output", required=True, help="where to write the checkmate-schedule file")
    args = parser.parse_args()
    try:
        from ortools.sat.python import cp_model
    except ImportError:
        fail("needs OR-Tools: pip install ortools")
    try:
        with open(args.graph) as file:
            graph = json.load(file)
        nodes = graph["nodes"]
        index = {node["id"]: i for i, node in enumerate(nodes)}
        for node in nodes:
            for u in node["inputs"]:
                if u not in index:
                    fail(f"{args.graph}: node {node['id']} reads unknown node {u}")
    except (OSError, ValueError, KeyError, TypeError) as error:
        fail(f"{args.graph}: {error}")
    if args.computations < 1:
        fail("--computations must be at least 1")
    budget = parse_budget(args.budget, graph)
    capacity = budget - graph.get("constantMemory", 0)
    n = len(nodes)
    order, users = topological_order(nodes, index)
    largest_cost = max((node["cost"] for node in nodes), default=0) or 1
    scale = 10**6 / largest_cost  # integer costs for CP-SAT; the replay reports the real ones
    horizon = args.computations * n

    model = cp_model.CpModel()
    present, start, end = [], [], []
    computes, retains, retain_demands, compute_demands = [], [], [], []
    for v in range(n):
        present.append([]), start.append([]), end.append([])
        for k in range(args.computations):
            p = model.new_constant(1) if k == 0 else model.new_bool_var(f"p{v}_{k}")
            s = model.new_int_var(0, horizon - 1, f"s{v}_{k}")
            e = model.new_int_var(0, horizon - 1, f"e{v}_{k}")
            model.add(e >= s).only_enforce_if(p)
            computes.append(model.new_optional_fixed_size_interval_var(s, 1, p, f"c{v}_{k}"))
            compute_demands.append(nodes[v].get("workspace", 0))
            length = model.new_int_var(1, horizon, f"l{v}_{k}")
            model.add(length == e - s + 1).only_enforce_if(p)
            end_exclusive = model.new_int_var(1, horizon, f"x{v}_{k}")
            model.add(end_exclusive == e + 1).only_enforce_if(p)
            retains.append(model.new_optional_interval_var(s, length, end_exclusive, p, f"r{v}_{k}"))
            retain_demands.append(nodes[v]["memory"])
            if k > 0:
                model.add_implication(p, present[v][k - 1])
                model.add(s > end[v][k - 1]).only_enforce_if(p)
            present[v].append(p), start[v].append(s), end[v].append(e)
    if args.order == "given":
        # Moccasin's setting: first computations in the graph's topological order.
        for u, v in zip(order, order[1:]):
            model.add(start[u][0] < start[v][0])
    model.add_no_overlap(computes)
    model.add_cumulative(retains + computes, retain_demands + compute_demands, capacity)
    for v, node in enumerate(nodes):
        for u in (index[i] for i in node["inputs"]):
            model.add(start[u][0] < start[v][0])
            for k in range(args.computations):
                covers = []
                for j in range(args.computations):
                    b = model.new_bool_var(f"b{u}_{j}_{v}_{k}")
                    model.add_implication(b, present[u][j])
                    model.add(start[u][j] < start[v][k]).only_enforce_if(b)
                    model.add(end[u][j] >= start[v][k]).only_enforce_if(b)
                    covers.append(b)
                model.add_bool_or(covers).only_enforce_if(present[v][k])
    model.minimize(sum(round(nodes[v]["cost"] * scale) * present[v][k]
                       for v in range(n) for k in range(1, args.computations)))

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = args.time_limit
    solver.parameters.num_workers = args.workers
    began = time.monotonic()
    status = solver.solve(model)
    seconds = time.monotonic() - began
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        verdict = "infeasible with at most C computations per node" if status == cp_model.INFEASIBLE else "no schedule in time"
        print(f"peer-cpsat: {verdict} ({seconds:.1f} s)", file=sys.stderr)
        sys.exit(3)

    events = sorted((solver.value(start[v][k]), v, solver.value(end[v][k]))
                    for v in range(n) for k in range(args.computations) if solver.value(present[v][k]))
    # At each time: the computation that starts, then the frees of the retentions that end.
    timeline = sorted([(s, 0, v) for s, v, _ in events] + [(e, 1, v) for _, v, e in events])
    steps = [{"op": "compute" if what == 0 else "free", "node": nodes[v]["id"]} for _, what, v in timeline]
    cost = sum(nodes[v]["cost"] for _, v, _ in events)
    schedule = {
        "format": "checkmate-schedule", "version": 1, "graph": graph.get("name", ""),
        "strategy": "cp-sat-intervals", "budget": budget, "cost": cost,
        "optimal": status == cp_model.OPTIMAL, "solveSeconds": round(seconds, 3), "steps": steps,
    }
    with open(args.output, "w") as file:
        json.dump(schedule, file)
    print(json.dumps({"status": solver.status_name(status), "cost": cost, "budget": budget,
                      "seconds": round(seconds, 1), "computations": len(events)}))


if __name__ == "__main__":
    main()
