"""Run the benchmarks: `python -m bench [NAME ...] [--sizes 1000,10000]`."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from application.demo import CITY_LISTED
from bench import commands, demo_load, imports, pages, rebuild, replay, rounds, what_if
from bench.backends import Shape
from bench.machine import describe_machine
from bench.provincial import add_city_standard

BENCHMARKS = {
    "commands": commands.run,
    "demo_load": demo_load.run,
    "imports": imports.run,
    "pages": pages.run,
    "rebuild": rebuild.run,
    "replay": replay.run,
    "rounds": rounds.run,
    "what_if": what_if.run,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", default=sorted(BENCHMARKS))
    parser.add_argument("--sizes", default="500,2000", help="household counts, comma separated")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep the demo histories in this folder (and schemas) and use them again",
    )
    parser.add_argument(
        "--listed",
        type=float,
        default=1.0,
        help=f"share of households the reviews follow, the rest registered only "
        f"(the city's: {CITY_LISTED})",
    )
    parser.add_argument(
        "--provincial",
        action="store_true",
        help="the city has a standard of its own from 2022 (lines 2,000,000 / 2,600,000), which "
        "judges every recognition a second time",
    )
    args = parser.parse_args()
    Shape.listed, Shape.provincial = args.listed, args.provincial
    if args.provincial:
        add_city_standard("HP-2022", date(2022, 1, 1), 2_000_000, 2_600_000)
        print("The city has a standard of its own: HP-2022")
    print(describe_machine())
    print(f"Households followed by the reviews: {args.listed:.1%}")
    sizes = [int(s) for s in args.sizes.split(",")]
    for name in args.names:
        BENCHMARKS[name](sizes, args.backends.split(","), args.keep)


if __name__ == "__main__":
    main()
