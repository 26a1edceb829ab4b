"""The analytics stage: per project and per account, as plain series for charts.

- stages completed over time (cumulative count by day),
- release packs made (by day),
- content scheduled (posts by day and platform),
- AI usage (live calls and estimated cost by day; the account's, as calls are not tied to a project),
- the loudness of each master (integrated LUFS, true peak, LRA against its target).

Every series is a list of flat dicts (what `rx.recharts` wants); `to_csv` writes them all
as one long table (series, x, key, value).
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from services.ai.models import AIUsage
from services.db import as_utc, session_scope
from services.label.content_models import ScheduledPost
from services.label.mastering import TARGETS
from services.label.models import Asset, LabelProject, StageState
from services.label.projects import STAGES, LabelError
from services.label.schedule import PLATFORMS

Row = dict[str, Any]


@dataclass
class Analytics:
    """Everything the analytics stage charts; `scope` is "project" or "account"."""

    scope: str
    title: str
    stages_over_time: list[Row] = field(default_factory=list)  # {date, completed, stage}
    releases: list[Row] = field(default_factory=list)  # {date, packs}
    content: list[Row] = field(default_factory=list)  # {date, tiktok, shorts, reels, total}
    ai_usage: list[Row] = field(default_factory=list)  # {date, calls, cost_usd}
    loudness: list[Row] = field(default_factory=list)  # {name, lufs, target_lufs, true_peak, lra}
    totals: dict[str, float] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.stages_over_time or self.releases or self.content or self.ai_usage or self.loudness)


def _day(value: datetime | None) -> str:
    return (as_utc(value) or datetime.min).date().isoformat()


def _cumulative(days: list[tuple[str, str]]) -> list[Row]:
    out, n = [], 0
    for day, stage in sorted(days):
        n += 1
        if out and out[-1]["date"] == day:
            out[-1]["completed"], out[-1]["stage"] = n, out[-1]["stage"] + f", {stage}"
        else:
            out.append({"date": day, "completed": n, "stage": stage})
    return out


def collect(user_id: int, project_id: int | None = None) -> Analytics:
    """The series for one project (when `project_id` is given) or the whole account."""
    with session_scope() as db:
        if project_id is not None:
            project = db.get(LabelProject, project_id)
            if project is None or project.user_id != user_id:
                raise LabelError("That project does not exist.")
            ids = [project_id]
            title, scope = project.name, "project"
        else:
            ids = [i for i in db.exec(select(LabelProject.id).where(LabelProject.user_id == user_id)).all() if i is not None]
            title, scope = "All projects", "account"
        names = {p.id: p.name for p in db.exec(select(LabelProject).where(col(LabelProject.id).in_(ids or [-1]))).all()}
        stages = db.exec(select(StageState).where(col(StageState.project_id).in_(ids or [-1]), StageState.status == "done")).all()
        assets = db.exec(select(Asset).where(Asset.user_id == user_id, col(Asset.project_id).in_(ids or [-1]),
                                             col(Asset.kind).in_(["release_pack", "master"]))
                         .order_by(col(Asset.created_at), col(Asset.id))).all()
        posts = db.exec(select(ScheduledPost).where(ScheduledPost.user_id == user_id, col(ScheduledPost.project_id).in_(ids or [-1]),
                                                    ScheduledPost.status != "cancelled")).all()
        usage = db.exec(select(func.date(AIUsage.at), func.count(), func.sum(AIUsage.cost_usd))
                        .where(AIUsage.user_id == user_id).group_by(func.date(AIUsage.at)).order_by(func.date(AIUsage.at))).all()
        a = Analytics(scope, title)
        label = (lambda s, pid: s) if scope == "project" else (lambda s, pid: f"{names.get(pid, '?')}: {s}")
        a.stages_over_time = _cumulative([(_day(s.completed_at), label(s.stage, s.project_id)) for s in stages])
        packs = Counter(_day(x.created_at) for x in assets if x.kind == "release_pack")
        a.releases = [{"date": d, "packs": n} for d, n in sorted(packs.items())]
        by_day: dict[str, Counter[str]] = defaultdict(Counter)
        for p in posts:
            by_day[_day(p.scheduled_at)][p.platform] += 1
        a.content = [{"date": d, **{k: c.get(k, 0) for k in PLATFORMS}, "total": sum(c.values())} for d, c in sorted(by_day.items())]
        a.ai_usage = [{"date": str(d), "calls": int(n), "cost_usd": round(float(cost or 0), 6)} for d, n, cost in usage]
        for i, m in enumerate((x for x in assets if x.kind == "master"), start=1):
            loud = dict((m.meta or {}).get("loudness") or {})
            target = TARGETS.get(str((m.meta or {}).get("target", "")))
            prefix = "" if scope == "project" else f"{names.get(m.project_id, '?')} "
            a.loudness.append({"name": f"{prefix}#{i} {_day(m.created_at)}", "lufs": _num(loud.get("integrated")),
                               "target_lufs": target.lufs if target else None, "true_peak": _num(loud.get("true_peak")),
                               "lra": _num(loud.get("lra"))})
        a.totals = {
            "projects": len(ids),
            "stages_completed": len(stages),
            "stages_possible": len(ids) * len(STAGES),
            "release_packs": sum(packs.values()),
            "posts_scheduled": len(posts),
            "ai_calls": sum(r["calls"] for r in a.ai_usage),
            "ai_cost_usd": round(sum(r["cost_usd"] for r in a.ai_usage), 6),
            "masters": len(a.loudness),
        }
    return a


def _num(value: Any) -> float | None:
    try:
        return round(float(value), 2)
    except (TypeError, ValueError):
        return None


def to_csv(a: Analytics) -> str:
    """One long table: series, x (date or master), key, value — opens in any spreadsheet."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["scope", "series", "x", "key", "value"])
    for series, rows, x_key in (("stages_completed", a.stages_over_time, "date"), ("release_packs", a.releases, "date"),
                                ("content_scheduled", a.content, "date"), ("ai_usage", a.ai_usage, "date"),
                                ("master_loudness", a.loudness, "name")):
        for row in rows:
            for key, value in row.items():
                if key != x_key:
                    w.writerow([a.title, series, row[x_key], key, "" if value is None else value])
    for key, value in a.totals.items():
        w.writerow([a.title, "totals", date.today().isoformat(), key, value])
    return buf.getvalue()
