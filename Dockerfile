FROM node:20-bookworm-slim
# python3/make/g++ build hnswlib-node's native addon during npm ci.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY apps/api/package.json apps/api/package.json
COPY packages packages
# The image's npm (10.x) ignores package.json's allowScripts: tell onnxruntime-node's install
# script itself to skip its CUDA download (it reads this variable; see .npmrc).
RUN ONNXRUNTIME_NODE_INSTALL=skip npm ci
COPY . .
ENV NODE_ENV=production
EXPOSE 3000
CMD ["npm", "start"]
