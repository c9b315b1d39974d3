# oura-mcp-server: build with the dev dependencies; run the bundle (dist/ needs no node_modules) as a non-root user.
#   docker build -t oura-mcp-server .
#   docker run --rm -it -v oura-data:/data oura-mcp-server setup     (writes /data/oura-mcp-server/config.env)
#   docker run -d -p 127.0.0.1:3001:3001 -v oura-data:/data oura-mcp-server

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: prepack would build before the sources are copied; the build runs below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY views ./views
COPY scripts ./scripts
RUN npm run build

FROM node:24-slim
# MALLOC_TRIM_THRESHOLD_: glibc gives freed memory back to the system instead of keeping it in its arenas once
# its dynamic threshold has risen: RSS after 20,000 calls about 130 MB instead of about 146 (npm run bench,
# "Memory"), at no measurable CPU cost. Only the C library reads it; a process cannot set it for itself.
ENV NODE_ENV=production \
    MALLOC_TRIM_THRESHOLD_=131072 \
    HOST=0.0.0.0 \
    PORT=3001 \
    XDG_CONFIG_HOME=/data \
    TOKENS_FILE=/data/tokens.json
WORKDIR /app
# The server and every package it uses are bundled into dist/ (scripts/build.ts): no node_modules here.
COPY --from=build /app/dist ./dist
COPY package.json README.md LICENSE .env.example ./
# The volume holds the config (setup writes it) and the encrypted tokens; only the node user may read it.
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
USER node
VOLUME ["/data"]
EXPOSE 3001
# Unauthenticated /health answers {"status":"ok"} without calling Oura.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3001)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "dist/index.js"]
CMD ["start"]
