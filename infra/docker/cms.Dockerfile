# The Wagtail CMS (the public website and the secretariat's admin), behind the proxy.
#   docker build -f infra/docker/cms.Dockerfile .
# Static files are collected into the image and served by WhiteNoise; documents and
# images go to S3 (CONVENE_S3_BUCKET). Migrations run as their own job.
FROM python:3.11-slim-bookworm AS build
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PROJECT_ENVIRONMENT=/opt/venv
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /src
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY cms/ cms/
WORKDIR /src/cms
# Throwaway values only so that the settings load for collectstatic; never kept.
RUN CONVENE_DATA_DIR=/src/var DJANGO_SETTINGS_MODULE=demo.settings.production \
    CONVENE_ALLOWED_HOSTS=build.invalid \
    CONVENE_DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_hex(32))')" \
    CONVENE_SIGNING_KEY="$(python -c 'import secrets; print(secrets.token_hex(32))')" \
    CONVENE_FIELD_KEY="$(python -c 'import secrets; print(secrets.token_hex(32))')" \
    /opt/venv/bin/python demo/manage.py collectstatic --noinput

FROM python:3.11-slim-bookworm
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=demo.settings.production CONVENE_DATA_DIR=/app/var \
    CONVENE_ENV=production
RUN useradd --system --uid 10001 --no-create-home convene
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY cms/ cms/
COPY --from=build /src/var/static /app/var/static
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s \
    CMD ["python", "-c", "import os, urllib.request as u; host = os.environ['CONVENE_ALLOWED_HOSTS'].split(',')[0]; u.urlopen(u.Request('http://127.0.0.1:8000/admin/login/', headers={'Host': host}), timeout=3)"]
CMD ["gunicorn", "--chdir", "/app/cms", "--bind", "0.0.0.0:8000", "--workers", "2", "--threads", "4", "--graceful-timeout", "20", "demo.wsgi"]
