"""The peer: validate + rollup as an analytics engineer would write it in
Python with networkx, on the same document `okr check` + `okr rollup` read.

It implements the structural errors (duplicate ids, unknown references,
cycles, invalid metrics, missing contributions, children without direct
links), the common warnings (W101-W105, W107, W108, W109, W114, W118) and the
rollup (current values from check-ins, KR and objective progress through
direct links in topological order, theme and unit means, pace status). It is
a fair, idiomatic script, not a tuned one.

Usage: python peer.py FILE  (prints a one-line summary)
"""

import json
import re
import sys
from collections import defaultdict
from datetime import date

import networkx as nx

ACTIVITY = {"ship", "launch", "run", "deliver", "hold", "complete", "build", "implement",
            "release", "publish", "create", "host", "write", "migrate"}


def d(s):
    return date.fromisoformat(s)


def tokens(s):
    return set(t for t in re.split(r"[^a-z0-9]+", s.lower()) if t)


def main(path):
    with open(path) as f:
        doc = json.load(f)
    diags = []
    emit = lambda code, subject: diags.append((code, subject))

    items = {}
    for kind in ["units", "themes", "objectives", "key_results", "contributions", "mandates",
                 "initiatives", "sprint_goals"]:
        for it in doc.get(kind, []):
            if it["id"] in items:
                emit("E001", it["id"])
            items[it["id"]] = (kind, it)
    kind_of = lambda i: items.get(i, (None, None))[0]

    units = {u["id"]: u for u in doc.get("units", [])}
    objectives = {o["id"]: o for o in doc.get("objectives", [])}
    krs = {k["id"]: k for k in doc.get("key_results", [])}

    # The cascade graph: objective -> link target, KR -> its objective.
    g = nx.DiGraph()
    g.add_nodes_from(objectives)
    g.add_nodes_from(krs)
    for o in objectives.values():
        if kind_of(o["unit"]) != "units":
            emit("E002", o["id"])
        for l in o.get("links", []):
            k = kind_of(l["to"])
            if k is None:
                emit("E002", o["id"])
                continue
            if l["kind"] == "direct" and k != "key_results":
                emit("E006", o["id"])
            if l["kind"] == "direct" and l.get("weight", 1) <= 0:
                emit("E004", o["id"])
            if l["kind"] == "responding" and not (l.get("contribution") or "").strip():
                emit("E005", o["id"])
            g.add_edge(o["id"], l["to"], kind=l["kind"], weight=l.get("weight", 1.0))
    for k in krs.values():
        if k["objective"] not in objectives:
            emit("E002", k["id"])
        else:
            g.add_edge(k["id"], k["objective"])
    for comp in nx.strongly_connected_components(g):
        if len(comp) > 1:
            emit("E003", min(comp))

    # Units tree.
    tree = nx.DiGraph()
    for u in units.values():
        tree.add_node(u["id"])
        if u.get("parent"):
            tree.add_edge(u["parent"], u["id"])
    companies = [u for u in units.values() if u["kind"] == "company"]
    if len(companies) != 1:
        emit("E007", "")

    # Metrics.
    for k in krs.values():
        m = k["metric"]
        if m["kind"] == "increase" and m["target"] <= m["start"]:
            emit("E004", k["id"])
        if m["kind"] == "decrease" and m["target"] >= m["start"]:
            emit("E004", k["id"])
        if not 0 <= k.get("confidence", 0.5) <= 1:
            emit("E004", k["id"])
        if k.get("source") == "children" and not any(
                g.edges[p, k["id"]].get("kind") == "direct" for p in g.predecessors(k["id"])):
            emit("E008", k["id"])

    cycle = doc["cycle"]
    start, end = d(cycle["start"]), d(cycle["end"])
    as_of = d(cycle["as_of"]) if cycle.get("as_of") else None
    check_ins = defaultdict(list)
    for c in doc.get("check_ins", []):
        cd = d(c["date"])
        if not start <= cd <= end:
            emit("E009", c["key_result"])
        check_ins[c["key_result"]].append((cd, c["value"]))

    # Warnings.
    priorities = {o["id"] for o in objectives.values()
                  if units.get(o["unit"], {}).get("kind") == "company" and not o.get("links")}
    per_unit_obj = defaultdict(list)
    for o in objectives.values():
        per_unit_obj[o["unit"]].append(o["id"])
    per_obj_kr = defaultdict(list)
    for k in krs.values():
        per_obj_kr[k["objective"]].append(k["id"])
    for u, os_ in per_unit_obj.items():
        limit = 5 if units.get(u, {}).get("kind") == "company" else 4
        if len(os_) > limit:
            emit("W101", u)
        if sum(len(per_obj_kr[o]) for o in os_) > 12:
            emit("W114", u)
    for o in objectives.values():
        n = len(per_obj_kr[o["id"]])
        if n == 0 or n > 5:
            emit("W102", o["id"])
        for l in o.get("links", []):
            t = items.get(l["to"], (None, {}))[1] or {}
            a, b = tokens(o["title"]), tokens(t.get("title", ""))
            if a and b and len(a & b) / len(a | b) >= 0.8:
                emit("W104", o["id"])
            if l["kind"] == "direct" and l["to"] in krs:
                target_obj = objectives.get(krs[l["to"]]["objective"], {})
                if not target_obj.get("governance"):
                    emit("W105", o["id"])
    for k in krs.values():
        first = (k["title"].split() or [""])[0].lower()
        if k["metric"]["kind"] == "milestone" or first in ACTIVITY:
            emit("W103", k["id"])
    # Lineage: everything that reaches a priority.
    reach = set()
    for p in priorities:
        reach |= nx.ancestors(g, p) | {p}
    for o in objectives:
        if o not in priorities and o not in reach:
            emit("W108", o)
    targeted = set()
    for o in objectives.values():
        targeted |= {l["to"] for l in o.get("links", [])}
    for p in priorities:
        if p not in targeted and not any(k in targeted for k in per_obj_kr[p]):
            emit("W109", p)
    # Direct depth (W107).
    depth = {}
    for n in reversed(list(nx.topological_sort(g))):
        if n in objectives:
            ds = [depth.get(krs[l["to"]]["objective"], 0)
                  for l in objectives[n].get("links", []) if l["kind"] == "direct" and l["to"] in krs]
            depth[n] = 1 + max(ds) if ds else 0
            if depth[n] > 2:
                emit("W107", n)
    # Stale check-ins (W118).
    if as_of and (as_of - start).days >= 14:
        for k in krs.values():
            if k["metric"]["kind"] in ("increase", "decrease") and k.get("source", "metric") == "metric":
                if not any(0 <= (as_of - cd).days <= 14 for cd, _ in check_ins[k["id"]]):
                    emit("W118", k["id"])

    # Rollup.
    elapsed = min(max((as_of - start).days / max((end - start).days, 1), 0), 1) if as_of else None
    progress = {}
    def pace(p):
        if elapsed is None:
            return None
        if p >= 1 - 1e-9:
            return "done"
        if p >= elapsed - 0.10 - 1e-9:
            return "on_track"
        if p >= elapsed - 0.25 - 1e-9:
            return "at_risk"
        return "off_track"
    status = {}
    for n in nx.topological_sort(g):
        if n in krs:
            k = krs[n]
            m = k["metric"]
            if k.get("source") == "children":
                vals = [(progress.get(p), g.edges[p, n]["weight"]) for p in g.predecessors(n)
                        if g.edges[p, n].get("kind") == "direct"]
                vals = [(v, w) for v, w in vals if v is not None]
                p = sum(v * w for v, w in vals) / sum(w for _, w in vals) if vals else 0.0
            else:
                cis = sorted((c for c in check_ins[n] if as_of is None or c[0] <= as_of),
                             key=lambda c: c[0])
                cur = cis[-1][1] if cis else m.get("current")
                if m["kind"] in ("increase", "decrease"):
                    p = 0.0 if cur is None else (cur - m["start"]) / (m["target"] - m["start"])
                elif m["kind"] == "stay_above":
                    p = float(cur is not None and cur >= m["threshold"])
                elif m["kind"] == "stay_below":
                    p = float(cur is not None and cur <= m["threshold"])
                else:
                    p = float(m.get("done", False))
            progress[n] = min(max(p, 0.0), 1.0)
            status[n] = pace(progress[n])
        elif n in objectives:
            ks = per_obj_kr[n]
            if ks:
                w = [krs[k].get("weight", 1.0) for k in ks]
                progress[n] = sum(progress[k] * x for k, x in zip(ks, w)) / sum(w)
                status[n] = pace(progress[n])
            else:
                progress[n] = None
    themes = {}
    for t in doc.get("themes", []):
        vals = [progress[o["id"]] for o in objectives.values()
                if t["id"] in o.get("themes", []) and progress.get(o["id"]) is not None]
        themes[t["id"]] = sum(vals) / len(vals) if vals else None
    unit_progress = {}
    for u in units:
        vals = [progress[o] for o in per_unit_obj[u] if progress.get(o) is not None]
        unit_progress[u] = sum(vals) / len(vals) if vals else None
    # W115: a metric KR trailing its direct children.
    for k in krs.values():
        if k.get("source", "metric") == "metric":
            vals = [(progress.get(p), g.edges[p, k["id"]]["weight"]) for p in g.predecessors(k["id"])
                    if g.edges[p, k["id"]].get("kind") == "direct" and progress.get(p) is not None]
            if vals:
                child = sum(v * w for v, w in vals) / sum(w for _, w in vals)
                if progress[k["id"]] < child - 0.30 - 1e-9:
                    emit("W115", k["id"])
    errors = sum(1 for c, _ in diags if c.startswith("E"))
    print(json.dumps({"errors": errors, "diagnostics": len(diags),
                      "objectives": sum(1 for o in objectives if progress.get(o) is not None),
                      "themes": themes}))


if __name__ == "__main__":
    main(sys.argv[1])
