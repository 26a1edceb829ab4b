"""Admin commands: `python -m app.cli setup | migrate | seed | plan set EMAIL PLAN |
admin add|remove EMAIL | admin list | outbox EMAIL | backup PATH | restore PATH`.

`setup` is what `make run` and the container run before serving: apply the
migrations, then seed demo data where the database is empty.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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


def cmd_plan_set(args: argparse.Namespace) -> int:
    from sqlmodel import select

    from services.accounts.models import User
    from services.accounts.users import normalize_email
    from services.billing import billing_status, set_plan_override
    from services.db import session_scope

    with session_scope() as db:
        user = db.exec(select(User).where(User.email == normalize_email(args.email))).first()
        if user is None:
            print(f"no account with email {args.email}", file=sys.stderr)
            return 1
        set_plan_override(db, user.id, args.plan)  # type: ignore[arg-type]
        user_id = user.id
    status = billing_status(user_id)  # type: ignore[arg-type]
    print(f"{args.email}: plan is now {status.plan} ({status.source})")
    return 0


def cmd_admin(args: argparse.Namespace) -> int:
    """Make an account an operator (or not), or list the operators."""
    from services import accounts

    if args.admin_command == "list":
        for user in accounts.operators():
            print(f"{user.email} (user {user.id})")
        return 0
    try:
        user = accounts.set_operator(args.email, args.admin_command == "add")
    except accounts.AccountError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    role = "an operator" if user.is_operator else "not an operator"
    print(f"{user.email} is now {role} (its open sessions rotate at the next page load)")
    return 0


def cmd_outbox(args: argparse.Namespace) -> int:
    """Print the newest emails to an address: offline (no `SMTP_HOST`) the operator's way
    to hand someone their confirmation or reset link."""
    from services.mail import outbox

    mails = outbox(None, limit=args.last, to=args.email)
    if not mails:
        print(f"no email to {args.email} in the outbox", file=sys.stderr)
        return 1
    for mail in mails:
        when = mail.created_at.strftime("%Y-%m-%d %H:%M UTC") if mail.created_at else ""
        print(f"--- {when} · {mail.subject} (via {mail.sent_via})\n{mail.text.strip()}\n")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from services.backup import BackupError, backup

    try:
        info = backup(Path(args.path))
    except BackupError as exc:
        print(f"backup failed: {exc}", file=sys.stderr)
        return 1
    print(f"backup: {info.database} database and {info.media_files} media files -> {info.path} ({info.size_bytes / 1024 / 1024:.1f} MB)")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from services.backup import BackupError, restore

    try:
        info = restore(Path(args.path))
    except BackupError as exc:
        print(f"restore failed: {exc}", file=sys.stderr)
        return 1
    print(f"restore: {info.database} database and {info.media_files} media files from {info.path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    from services.config_check import check_urls

    check_urls()
    parser = argparse.ArgumentParser(prog="python -m app.cli", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("setup", help="apply migrations and seed demo data").set_defaults(func=cmd_setup)
    sub.add_parser("migrate", help="apply migrations").set_defaults(func=cmd_migrate)
    sub.add_parser("seed", help="seed demo data (idempotent)").set_defaults(func=cmd_seed)
    plan = sub.add_parser("plan", help="operator plan changes (for demos)")
    plan_sub = plan.add_subparsers(dest="plan_command", required=True)
    plan_set = plan_sub.add_parser("set", help="set an account's plan: free, pro, or stripe (follow the subscription)")
    plan_set.add_argument("email")
    plan_set.add_argument("plan", choices=["free", "pro", "stripe"])
    plan_set.set_defaults(func=cmd_plan_set)
    admin = sub.add_parser("admin", help="operators: who may see the System panel and run jobs")
    admin_sub = admin.add_subparsers(dest="admin_command", required=True)
    for name, text in (("add", "make the account an operator"), ("remove", "take the operator role away")):
        one = admin_sub.add_parser(name, help=text)
        one.add_argument("email")
        one.set_defaults(func=cmd_admin)
    admin_sub.add_parser("list", help="list operators (ADMIN_EMAILS included)").set_defaults(func=cmd_admin)
    box = sub.add_parser("outbox", help="print the newest emails to EMAIL (e.g. a reset link, offline)")
    box.add_argument("email")
    box.add_argument("--last", type=int, default=3, help="how many messages (newest first)")
    box.set_defaults(func=cmd_outbox)
    backup = sub.add_parser("backup", help="write a consistent snapshot (database + media) to PATH (.tar.gz)")
    backup.add_argument("path")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help="replace the database and media with the backup at PATH (stop the app first)")
    restore.add_argument("path")
    restore.set_defaults(func=cmd_restore)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
