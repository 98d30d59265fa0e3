# The KB's image: `kb up` with NEO4J_URI set skips the local server, prepares the graph and
# serves the API. docker-compose.yml runs it twice next to neo4j:5.26-community: a one-shot
# `kb seed seeds/`, then `kb serve`.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY kb ./kb
COPY api ./api
COPY cypher ./cypher
COPY seeds ./seeds
RUN pip install . && useradd --system --uid 10001 kb
USER kb

EXPOSE 8000
CMD ["kb", "up"]
