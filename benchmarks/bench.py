"""The project's benchmark: generated handbooks of growing size, timed through the real
pipeline in one run, reported with ratios (these machines are noisy; ratios from one run
are comparable, absolute seconds less so).

    .venv/bin/python benchmarks/bench.py [--sizes 50,300] [--formats check,docx,site,pdf]

Not part of CI: the large sizes take minutes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

from handbook.pipeline import build, check  # noqa: E402


def _time(fn) -> float:  # noqa: ANN001
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="50,300", help="role counts, comma separated")
    ap.add_argument("--formats", default="check,docx,site,pdf")
    ap.add_argument("--regions", type=int, default=8)
    a = ap.parse_args()
    sizes = [int(x) for x in a.sizes.split(",")]
    steps = a.formats.split(",")
    rows: dict[str, list[float]] = {s: [] for s in steps}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            src = Path(tmp) / f"hb{n}"
            generate(src, n, a.regions)
            for step in steps:
                if step == "check":
                    def run(src: Path = src) -> None:
                        _, diags = check(src)
                        assert not diags, diags.lines()[:5]
                else:
                    def run(step: str = step, src: Path = src, out: Path = Path(tmp) / f"o{n}"
                            ) -> None:
                        result, diags = build(src, out, ["base"], [step], jobs_n=1)
                        assert result is not None, diags.lines()[:5]
                rows[step].append(_time(run))
                print(f"  {step:<6} {n:>5} roles: {rows[step][-1]:7.2f} s", file=sys.stderr)
    head = " | ".join(f"{n} roles" for n in sizes)
    print(f"| step (base edition; check = all {a.regions + 1} editions) | {head} | "
          f"ratio {sizes[-1]}/{sizes[0]} (roles ×{sizes[-1] / sizes[0]:.0f}) |")
    print("|---|" + "---|" * len(sizes) + "---|")
    for step, times in rows.items():
        cells = " | ".join(f"{x:.2f} s" for x in times)
        print(f"| {step} | {cells} | {times[-1] / times[0]:.1f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
