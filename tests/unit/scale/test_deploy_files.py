"""The deployment files describe the same topology as `make scale`, and the image build
cannot swallow a failure (issue 28, item 1)."""

from __future__ import annotations

from pathlib import Path

import yaml

from deploy.local import Topology, Worker

ROOT = Path(__file__).resolve().parents[3]


def _docs(path: str) -> list[dict]:
    return [d for d in yaml.safe_load_all((ROOT / path).read_text()) if d]


def test_the_dockerfile_fails_when_its_frontend_build_fails() -> None:
    text = (ROOT / "Dockerfile").read_text()
    build = next(line for line in text.splitlines() if "reflex export" in line)
    assert "|| true" not in build and ">/dev/null" not in build


def test_compose_runs_postgres_redis_workers_and_a_websocket_proxy_over_one_media_volume() -> None:
    compose = _docs("deploy/compose.yaml")[0]["services"]
    assert {"postgres", "redis", "app", "proxy"} <= set(compose)
    app = compose["app"]
    assert app["deploy"]["replicas"] >= 2
    assert "/readyz" in " ".join(app["healthcheck"]["test"])
    assert "media:/app/media" in app["volumes"] and "media:/app/media" in compose["setup"]["volumes"]
    proxy_conf = (ROOT / "deploy" / "nginx.compose.conf").read_text()
    assert "proxy_set_header Upgrade $http_upgrade" in proxy_conf


def test_k8s_workers_are_ready_on_readyz_and_roll_without_losing_capacity() -> None:
    deployment = next(d for d in _docs("deploy/k8s/app.yaml") if d["kind"] == "Deployment")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    assert deployment["spec"]["replicas"] >= 2
    claims = [v["persistentVolumeClaim"]["claimName"] for v in deployment["spec"]["template"]["spec"]["volumes"]]
    media = next(d for d in _docs("deploy/k8s/data.yaml") if d["kind"] == "PersistentVolumeClaim")
    assert claims == [media["metadata"]["name"]] and media["spec"]["accessModes"] == ["ReadWriteMany"]


def test_the_local_proxy_lists_every_worker_and_carries_websockets(tmp_path: Path) -> None:
    topo = Topology(workers=2, port=18080, run_dir=tmp_path)
    topo.nodes = [Worker(1, 18101), Worker(2, 18102)]
    conf = topo.write_proxy_config().read_text()
    assert "server 127.0.0.1:18101" in conf and "server 127.0.0.1:18102" in conf
    assert "listen 127.0.0.1:18080" in conf and "$connection_upgrade" in conf
    assert "${" not in conf
