# A service's background worker (outbox relay, mail delivery, imports, selection runs,
# housekeeping). Any number may run: they share work through the database.
#   docker build -f infra/docker/worker.Dockerfile --build-arg SERVICE=mailer .
FROM python:3.11-slim-bookworm AS build
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PROJECT_ENVIRONMENT=/opt/venv
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /src
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

FROM python:3.11-slim-bookworm
ARG SERVICE=mailer
ENV SERVICE=${SERVICE} PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 CONVENE_ENV=production
RUN useradd --system --uid 10001 --no-create-home convene
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY services/ services/
USER 10001
# SIGTERM finishes the current step; a killed worker's leases expire and another resumes.
STOPSIGNAL SIGTERM
CMD ["sh", "-c", "exec python -m services.${SERVICE}.worker"]
