"""Turns the peer comparison's JSON lines into the README's table (see run.sh)."""

import json
import sys

ENGINES = ["apigw-vtl", "velocity-1.7", "velocityjs (serverless-offline)", "airspeed-ext (LocalStack)"]


def main():
    path, day, machine = sys.argv[1], sys.argv[2], sys.argv[3]
    rows = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                result = json.loads(line)
                rows.setdefault(result["workload"], {})[result["engine"]] = result
    print(f"Measured {day} on {machine}; µs per render (template parsed once where the engine allows;")
    print("payload parsed per render); `×` = how many times faster apigw-vtl is; `=` output equal to ours.")
    print()
    print("| workload | " + " | ".join(ENGINES) + " |")
    print("|---|" + "---|" * len(ENGINES))
    for workload in sorted(rows):
        results = rows[workload]
        ours = results.get("apigw-vtl")
        cells = []
        for engine in ENGINES:
            result = results.get(engine)
            if result is None or result.get("error"):
                cells.append("failed")
                continue
            micros = result["us_per_render"]
            cell = f"{micros:,.1f}"
            if engine != "apigw-vtl" and ours:
                cell += f" ({micros / ours['us_per_render']:.1f}×, "
                cell += "=" if result["output"] == ours["output"] else "differs"
                cell += ")"
            cells.append(cell)
        print(f"| {workload} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
