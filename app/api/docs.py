"""`/api/v1/docs`: the API's documentation as one plain HTML page, written on the server from
the OpenAPI schema. No script and nothing from a CDN: it works offline and under the app's
content security policy (Swagger UI would need both). Tools read `/api/v1/openapi.json`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from html import escape
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

_STYLE = ("body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#222}"
          "h2{margin-top:2.2rem;border-bottom:1px solid #ddd}code,pre{background:#f4f4f4;padding:.1rem .3rem}"
          "pre{padding:.6rem;overflow:auto}.op{margin:1rem 0;padding:.6rem .9rem;border-left:4px solid #5b6ee1}"
          ".m{font-weight:700;text-transform:uppercase;margin-right:.5rem}small{color:#666}")


def _ref_name(schema: dict[str, Any]) -> str:
    ref = schema.get("$ref") or (schema.get("items") or {}).get("$ref") or ""
    name = ref.rsplit("/", 1)[-1]
    return f"{name}[]" if name and "items" in schema else name or str(schema.get("type", ""))


def _operation(path: str, method: str, op: dict[str, Any]) -> str:
    params = "".join(
        f"<li><code>{escape(p['name'])}</code> ({escape(p['in'])}{', required' if p.get('required') else ''})"
        f" <small>{escape(p.get('description', '') or p.get('schema', {}).get('description', ''))}</small></li>"
        for p in op.get("parameters", []))
    body = op.get("requestBody", {}).get("content", {})
    body_text = "".join(f"<p>Body ({escape(kind)}): <code>{escape(_ref_name(v.get('schema', {})))}</code></p>"
                        for kind, v in body.items())
    answers = ", ".join(f"{escape(code)} {escape(v.get('description', ''))}" for code, v in op.get("responses", {}).items())
    scope = next((d for d in op.get("x-scopes", [])), "")
    return (f'<div class="op"><span class="m">{method}</span><code>/api/v1{escape(path)}</code>'
            f"<p>{escape(op.get('summary', ''))}{' · scope <code>' + escape(scope) + '</code>' if scope else ''}</p>"
            f"{'<ul>' + params + '</ul>' if params else ''}{body_text}<small>Answers: {answers}</small></div>")


def render(schema: dict[str, Any]) -> str:
    """The HTML page for an OpenAPI schema."""
    by_tag: dict[str, list[str]] = {}
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            by_tag.setdefault((op.get("tags") or ["other"])[0], []).append(_operation(path, method, op))
    info = schema.get("info", {})
    sections = "".join(f"<h2 id='{escape(tag)}'>{escape(tag)}</h2>{''.join(ops)}" for tag, ops in by_tag.items())
    models = "".join(f"<h3 id='m-{escape(name)}'>{escape(name)}</h3><pre>{escape(json.dumps(s.get('properties', s), indent=1)[:3000])}</pre>"
                     for name, s in sorted(schema.get("components", {}).get("schemas", {}).items()))
    intro = "".join(f"<p>{escape(par)}</p>" for par in info.get("description", "").split("\n\n"))
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(info.get('title', 'API'))}</title>"
            f"<style>{_STYLE}</style></head><body><h1>{escape(info.get('title', ''))} "
            f"<small>{escape(info.get('version', ''))}</small></h1>{intro}"
            f"<p>Machine-readable: <a href='/api/v1/openapi.json'>/api/v1/openapi.json</a></p>"
            f"{sections}<h2>Models</h2>{models}</body></html>")


def install(api: FastAPI) -> None:
    """Serve the page at `/docs` of the API app."""

    @lru_cache(maxsize=1)
    def page() -> str:
        return render(api.openapi())

    @api.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(page())
