# Simple Balance Music as one container: the hosted demo.
#   docker build -t sbm .
#   docker run -p 3000:3000 -v sbm-data:/app/data -e SECRET_KEY=... sbm
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    REFLEX_USE_SYSTEM_BUN=1 \
    APP_ENV=production \
    PORT=3000 \
    DATA_DIR=/app/data

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ffmpeg espeak-ng nodejs npm unzip curl \
 && npm install -g bun \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# Build the frontend once at image build time; a failed build fails the image (no `|| true`).
# APP_URL is baked into the pages (where their websocket connects): set it to the public address.
ARG APP_URL=http://localhost:3000
RUN SECRET_KEY=build-only APP_URL=${APP_URL} reflex export --frontend-only --no-zip --env prod

# Everything that must survive the container: SQLite database, media, secret key.
# Back it up with `docker exec <c> python -m app.cli backup /app/data/backups/now.tar.gz`.
VOLUME ["/app/data"]
EXPOSE 3000
# Ready = database reachable, migrations current, scheduler leader alive (/healthz is liveness only).
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s CMD curl -fsS http://localhost:${PORT}/readyz || exit 1
# SIGTERM (docker stop) reaches Reflex through `exec`: the lifespan stops the scheduler,
# records in-flight job runs as interrupted, and the next start re-runs them once.
STOPSIGNAL SIGTERM
# Migrations and demo seed at start, then serve. The scale topology (deploy/compose.yaml,
# deploy/k8s/) runs the same image as one Granian worker per container instead:
#   granian --interface asgi --factory --host 0.0.0.0 --port 8000 --workers 1 app.app:app
# with __REFLEX_MOUNT_FRONTEND_COMPILED_APP=true so each worker serves the built pages.
CMD ["sh", "-c", "python -m app.cli setup && exec reflex run --env prod --frontend-port $PORT --backend-port $PORT"]
