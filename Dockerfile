# The KB's image: `kb up` with NEO4J_URI set skips the local server, prepares the graph and
# serves the API and the web explorer. docker-compose.yml runs it twice next to
# neo4j:5.26-community: a one-shot `kb seed seeds/`, then `kb serve`.

# The web explorer, built against the committed schema (its trusted-documents manifest too).
FROM node:20-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY schema.graphql /src/
COPY web ./
RUN npm run build

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 KB_WEB_DIST=/app/web/dist
WORKDIR /app

COPY pyproject.toml README.md ./
COPY kb ./kb
COPY api ./api
COPY cypher ./cypher
COPY seeds ./seeds
COPY --from=web /src/web/dist ./web/dist
RUN pip install . && useradd --system --uid 10001 kb
USER kb

EXPOSE 8000
CMD ["kb", "up"]
