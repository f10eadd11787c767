# One image for the service mode: `ziping serve` (API) and `ziping worker`; see
# docker-compose.yml. The compiled program (`pnpm build`, dist/), run by plain node.
FROM node:20-bookworm-slim
WORKDIR /app
RUN npm install -g pnpm@10
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build
ENV NODE_ENV=production ZIPING_FILES_DIR=/data/files
# node itself is the process that receives SIGTERM (compose runs it under `init: true`).
ENTRYPOINT ["node", "dist/ziping.mjs"]
CMD ["serve"]
