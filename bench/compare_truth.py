#!/usr/bin/env python3
"""Compare `wikilint check --format json` output with gen_vault.py's truth file; print the summary line.

    compare_truth.py N OUT.json TRUTH.json "WALL RSS_KB" ...    (one "WALL RSS_KB" pair per timed run)

Exit status 1 on any correctness mismatch (time and memory targets only warn).
"""
import json
import statistics
import sys
from collections import Counter

TARGET_NOTES, TARGET_SECONDS, TARGET_MB = 100_000, 1.5, 600


def show_diff(label, got, want, detail=None):
    """got, want: Counters. Print up to 10 examples each way (with detail[key] if known); return True if equal."""
    missing, extra = want - got, got - want
    for what, diff in (("in truth, not reported by wikilint", missing), ("reported by wikilint, not in truth", extra)):
        if diff:
            print(f"  {label}: {sum(diff.values())} {what}, e.g.:")
            for k in sorted(diff)[:10]:
                times = f" x{diff[k]}" if diff[k] > 1 else ""
                info = (detail or {}).get(k)
                print(f"    {k}{times}" + (f"  {info}" if info is not None else ""))
    return not missing and not extra


def main():
    n, out_path, truth_path, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    with open(out_path, encoding="utf-8") as f:
        out = json.load(f)
    with open(truth_path, encoding="utf-8") as f:
        truth = json.load(f)

    detail = {}  # (path, line, col) -> truth row tail / wikilint message, to make examples readable

    def diags(name):
        ds = [d for d in out["diagnostics"] if d["name"] == name]
        detail.update(((d["path"], d["line"], d["column"]), d.get("message")) for d in ds)
        return Counter((d["path"], d["line"], d["column"]) for d in ds)

    def rows(lst):
        detail.update(((r[0], r[1], r[2]), r[3:]) for r in lst)
        return Counter((r[0], r[1], r[2]) for r in lst)

    got_targets = Counter()
    for m in out["missing_notes"]:
        c = sum(1 for r in m["referrers"] if not r["hidden"])
        if c:
            got_targets[m["target"]] += c
    want_targets = Counter()
    for k, c in truth["missing_targets"].items():
        want_targets[k.lower()] += c

    checks = [("broken links", diags("broken-link"), rows(truth["broken_occurrences"])),
              ("missing targets", got_targets, want_targets),
              ("broken headings", diags("broken-heading"), rows(truth["subpaths"]["broken_headings"])),
              ("broken blocks", diags("broken-block"), rows(truth["subpaths"]["broken_blocks"]))]
    ok, parts = True, []
    for label, got, want in checks:
        if label == "missing targets":   # compare as key -> count; show count differences as (key, count)
            ok &= show_diff(label, Counter(got.items()), Counter(want.items()))
            parts.append(f"{label} {len(got)}/{len(want)}")
        else:
            ok &= show_diff(label, got, want, detail)
            parts.append(f"{label} {sum(got.values())}/{sum(want.values())}")

    walls = [float(r.split()[0]) for r in runs]
    rss_mb = max(int(r.split()[1]) for r in runs) / 1024
    wall = statistics.median(walls)
    print(f"{int(n)} notes: wall {wall:.2f} s (median of {len(walls)}), peak RSS {rss_mb:.0f} MB, "
          + ", ".join(parts) + (": OK" if ok else ": MISMATCH"))
    if int(n) == TARGET_NOTES:
        t_ok, m_ok = wall < TARGET_SECONDS, rss_mb < TARGET_MB
        print(f"  targets for {TARGET_NOTES} notes: time < {TARGET_SECONDS} s {'met' if t_ok else 'NOT met'}, "
              f"peak RSS < {TARGET_MB} MB {'met' if m_ok else 'NOT met'}")
        if not (t_ok and m_ok):
            print("  warning: performance target not met (does not fail the benchmark)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
