# plan-bot image: built in one stage, run from a second with production dependencies only.
#   docker build -t plan-bot .
#   docker run -d --name plan-bot --env-file .env -v plan-bot-data:/data --restart unless-stopped plan-bot
# (docs/operating.md › Docker)

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# dependencies first, so that a code change does not reinstall them; the build itself runs below
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY adapters ./adapters
COPY knowledge ./knowledge
RUN npm run build
# the data files the code reads from the install at run time (src/language/lexicon.json, commands.json,
# traditional-chars.txt …): every file of src/ and adapters/ but the TypeScript, gathered with their paths
RUN mkdir -p /app/runtime && find src adapters -type f ! -name '*.ts' -exec cp --parents {} /app/runtime/ \;

FROM node:20-slim
ENV NODE_ENV=production \
    PLAN_BOT_DATA=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/adapters ./dist/adapters
COPY --from=build /app/runtime/src ./src
COPY knowledge ./knowledge
# the code belongs to root and is read-only to the bot; only /data is the bot's
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
# Lark webhook mode (LARK_MODE=webhook; the long connection needs no port) and the WeCom callback
EXPOSE 3000 3001
HEALTHCHECK --interval=60s --timeout=15s --start-period=30s --retries=3 \
  CMD ["node", "dist/src/cli/plan-bot.js", "status"]
ENTRYPOINT ["node", "dist/src/cli/plan-bot.js"]
CMD ["start"]
