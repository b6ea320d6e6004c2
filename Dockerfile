# callqa: one image for the API (`callqa serve`) and the workers (`callqa worker`).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY core ./core
COPY api ./api
COPY workers ./workers
COPY cli ./cli
# --ignore-scripts skips the installers' chmod; the runtime user is not root, so make the
# packaged ffmpeg/ffprobe executable for everyone.
RUN npx tsc -p tsconfig.build.json && npm prune --omit=dev --ignore-scripts \
 && chmod a+rx node_modules/@ffmpeg-installer/linux-x64/ffmpeg node_modules/@ffprobe-installer/linux-x64/ffprobe

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    CALLQA_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY core/db/migrations ./core/db/migrations
COPY lexicons ./lexicons
COPY policies ./policies
COPY models ./models
RUN mkdir -p /data && chown node:node /data && ln -s /app/dist/cli/main.js /usr/local/bin/callqa && chmod +x /app/dist/cli/main.js
USER node
VOLUME ["/data"]
EXPOSE 3000
ENTRYPOINT ["node", "/app/dist/cli/main.js"]
CMD ["serve"]
