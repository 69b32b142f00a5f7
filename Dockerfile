# syntax=docker/dockerfile:1
# One image for the four services, the feed inspector and the homefeed CLI (the chart's jobs).
# The Helm chart (deploy/helm/homefeed) relies on this layout: the built workspace in /app,
# uid/gid 1000, and
#   node [flags] /app/services/<service>/dist/main.js   (each service; ports and settings from
#                                                       env; the chart's nodeFlags, then the
#                                                       service's own, as flags)
#   node [flags] /app/services/inspector/dist/main.js   (the feed inspector; its page in dist/web)
#   node /app/packages/cli/bin/homefeed.js ...      (jobs: hbase init, train, cf build)
# and the base image's /bin/sh, date and sleep (the train job's window, the pre-stop pause).
# `docker run IMAGE hbase init` runs the CLI (ENTRYPOINT below); the chart sets the command.

ARG NODE_IMAGE=node:20-bookworm-slim

# The npm manifests alone, so that `npm ci` below re-runs only when one of them changes.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && find . -name node_modules -prune -o \( -name package.json -o -name package-lock.json \) -print \
    | tar -cf - -T - | tar -xf - -C /manifests

# Compiles the services, the inspector and the CLI (and the packages they reference; not
# bench/), and bundles the inspector's page with vite (a dev dependency) into
# services/inspector/dist/web, which its server serves at run time.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc -b packages/cli services/feed-builder services/candidate-gen services/feature-server services/ranker services/inspector \
 && npm run --silent build:web -w @homefeed/inspector \
 && mkdir /out \
 && tar -cf - --exclude='*.d.ts' --exclude='*.map' \
      package.json models packages/*/package.json packages/*/dist packages/cli/bin \
      services/*/package.json services/*/dist \
    | tar -xf - -C /out

# Runtime dependencies only. The native ones (lmdb, msgpackr-extract, usearch) ship prebuilt
# binaries for glibc, so no compiler is needed. usearch also ships its C++ sources and the
# binaries of every platform (~20 MB); only this platform's binary is ever loaded.
FROM ${NODE_IMAGE} AS runtime-deps
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force \
 && cd node_modules/usearch \
 && rm -rf c cpp cmake include numkong \
 && find prebuilds -mindepth 1 -maxdepth 1 ! -name "linux-$(node -p process.arch)" -exec rm -rf {} +

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /out/ ./
RUN ln -s /app/packages/cli/bin/homefeed.js /usr/local/bin/homefeed
# The base image's `node` user, by number: Kubernetes' runAsNonRoot can only verify a numeric user.
# The files stay root's, so the process cannot change its own code.
USER 1000:1000
# gRPC: feed-builder 50051 (admin 50061), candidate-gen 50052, feature-server 50053, ranker 50054;
# metrics (HTTP /metrics): 9091-9094 in the same order; the inspector's page and API (HTTP): 8090.
EXPOSE 50051 50052 50053 50054 50061 9091 9092 9093 9094 8090
# The services handle SIGTERM themselves (drain, then exit), so node can be PID 1.
ENTRYPOINT ["homefeed"]
CMD ["--help"]
