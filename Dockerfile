# syntax=docker/dockerfile:1
# redactflow as a SageMaker Processing container (entrypoint: `redactflow sagemaker`, see examples/sagemaker/).
#   docker build -t redactflow .
# Stage `deps` installs exactly the lockfile's production dependencies (npm ci --omit=dev, no install scripts).
# The final stage is a clean node:20-slim with those node_modules and the files `npm pack` ships (package.json
# "files"), without npm/npx/corepack/yarn, running as the unprivileged `node` user. The CLI runs its TypeScript
# sources bundled by esbuild (bin/bundle.js; built below, into node_modules/.cache, while the image is built),
# falling back to tsx; both are production dependencies, no compiler in the image.
# test/sagemaker/dockerfile.test.ts keeps this file honest (paths exist and are packed, stages, user, entrypoint).
ARG NODE_IMAGE=node:20-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
# No package manager in the image that handles customer data; the Processing mount points exist for `node`.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
        /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-* \
    && mkdir -p /opt/ml/processing/input /opt/ml/processing/output /opt/ml/output \
    && chown -R node:node /opt/ml
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY src ./src
COPY transforms ./transforms
COPY flows ./flows
COPY data ./data
COPY schemas ./schemas
# Builds the CLI's and the detector workers' bundles now: at run time node_modules is read-only for `node`.
RUN node bin/bundle.js
USER node
ENTRYPOINT ["node", "/app/bin/redactflow.js", "sagemaker"]
