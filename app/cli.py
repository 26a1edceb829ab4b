"""Admin commands: `python -m app.cli setup | migrate | seed`.

`setup` is what `make run` and the container run before serving: apply the
migrations, then seed demo data where the database is empty.
"""

from __future__ import annotations

import argparse
import sys

from services.migrations import upgrade_to_head
from services.seed import seed_all


def cmd_migrate(_args: argparse.Namespace) -> int:
    upgrade_to_head()
    print("database: migrations applied")
    return 0


def cmd_seed(_args: argparse.Namespace) -> int:
    for line in seed_all():
        print(f"seed: {line}")
    return 0


def cmd_setup(args: argparse.Namespace) -> int:
    return cmd_migrate(args) or cmd_seed(args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.cli", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("setup", help="apply migrations and seed demo data").set_defaults(func=cmd_setup)
    sub.add_parser("migrate", help="apply migrations").set_defaults(func=cmd_migrate)
    sub.add_parser("seed", help="seed demo data (idempotent)").set_defaults(func=cmd_seed)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
