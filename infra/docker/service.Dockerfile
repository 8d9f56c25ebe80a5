# A service's web process (registration, grievance or mailer), behind the reverse proxy.
#   docker build -f infra/docker/service.Dockerfile --build-arg SERVICE=registration .
# Configuration and secrets come from the environment or mounted files (<NAME>_FILE);
# the image holds none. Database migrations run as their own job (infra/k8s, compose).
FROM python:3.11-slim-bookworm AS build
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PROJECT_ENVIRONMENT=/opt/venv
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /src
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

FROM python:3.11-slim-bookworm
ARG SERVICE=registration
ENV SERVICE=${SERVICE} PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 CONVENE_ENV=production
RUN useradd --system --uid 10001 --no-create-home convene
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY services/ services/
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=3)"]
# Workers: 2 x 4 threads fits the 1 CPU / 512 MiB the benchmarks size a replica at.
CMD ["sh", "-c", "exec gunicorn --bind 0.0.0.0:8000 --workers 2 --threads 4 --graceful-timeout 20 --forwarded-allow-ips '*' services.${SERVICE}.wsgi:app"]
