# syntax=docker/dockerfile:1
# Build stage: production dependencies only. The Node 24 binary package (an optional dependency
# used on Node 20 machines) is left out: the image brings its own Node 24.
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund

FROM node:24-slim
ENV NODE_ENV=production \
    YIN_STORE_URL=sqlite:///data/yin.sqlite
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
COPY commands ./commands
COPY data ./data
# The SQLite file lives on a volume so sessions, notes and schedules survive upgrades.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
# Run with `docker run --init` (or compose's `init: true`) so SIGTERM reaches the bot, which
# saves its sessions and resumes them on the next start.
CMD ["node", "src/main.ts"]
