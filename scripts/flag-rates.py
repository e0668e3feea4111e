#!/usr/bin/env python3
"""Flag rates per dimension and group from a verdicts file (what README quotes): the lowest and highest group of each
dimension, with counts. Usage: flag-rates.py VERDICTS [groups|derived_groups] [--min N]"""
import json
import sys
from collections import defaultdict

path, field = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "groups"
minimum = int(sys.argv[sys.argv.index("--min") + 1]) if "--min" in sys.argv else 20
counts = defaultdict(lambda: [0, 0])
with open(path) as f:
    for line in f:
        v = json.loads(line)
        flagged = v["decision"] != "ALLOW"
        for dimension, groups in v.get(field, {}).items():
            for group in groups if isinstance(groups, list) else [groups]:
                c = counts[(dimension, group)]
                c[0] += 1
                c[1] += flagged
by_dimension = defaultdict(list)
for (dimension, group), (n, k) in counts.items():
    if n >= minimum:
        by_dimension[dimension].append((k / n, k, n, group))
for dimension, rows in sorted(by_dimension.items()):
    rows.sort()
    lo, hi = rows[0], rows[-1]
    print(f"{dimension}: {len(rows)} groups with >= {minimum} verdicts; lowest {lo[3]} {lo[1]}/{lo[2]} ({100 * lo[0]:.1f} %), "
          f"highest {hi[3]} {hi[1]}/{hi[2]} ({100 * hi[0]:.1f} %)")
