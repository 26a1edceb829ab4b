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
# Build the frontend once at image build time (the start re-checks it quickly).
RUN SECRET_KEY=build-only reflex export --frontend-only --no-zip --env prod >/dev/null 2>&1 || true

# Everything that must survive the container: SQLite database, media, secret key.
# Back it up with `docker exec <c> python -m app.cli backup /app/data/backups/now.tar.gz`.
VOLUME ["/app/data"]
EXPOSE 3000
# Ready = database reachable, migrations current, scheduler leader alive (/healthz is liveness only).
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s CMD curl -fsS http://localhost:${PORT}/readyz || exit 1
# SIGTERM (docker stop) reaches Reflex through `exec`: the lifespan stops the scheduler,
# records in-flight job runs as interrupted, and the next start re-runs them once.
STOPSIGNAL SIGTERM
# Migrations and demo seed at start, then serve.
CMD ["sh", "-c", "python -m app.cli setup && exec reflex run --env prod --frontend-port $PORT --backend-port $PORT"]
