#!/usr/bin/env bash
# Issue #16, point 6: on a machine with an NVIDIA GPU, measure node-llama-cpp (CUDA) and
# transformers.js (`device: 'cuda'`, onnxruntime-node's CUDA provider) against the CPU, in one run:
# generation tokens/s and embeddings/s for each, and the GPU ÷ CPU ratios.
#
#   bench/gpu-check.sh [model.gguf]            needs a GPU; exits non-zero without one
#   GPU_CHECK_CPU_ONLY=1 bench/gpu-check.sh    the CPU half only (a machine without a GPU)
#
# Run from a checkout after `npm ci`. The GGUF defaults to ../shared/models/fixtures/gguf/
# stories260K.gguf, the transformers.js models to the fixtures' local/ folder (tiny-random-bert for
# embeddings, stories260K for generation; GPU_CHECK_MODELS_DIR, GPU_CHECK_EMBED_MODEL and
# GPU_CHECK_GEN_MODEL choose others). The fixtures are tiny, so their GPU ÷ CPU ratios measure
# overheads more than arithmetic; pass a real GGUF and models for throughput that means something.
#
# What it installs:
# - node-llama-cpp's CUDA build ships in the @node-llama-cpp/linux-x64-cuda(-ext) packages that
#   `npm ci` already installs (they are optional dependencies); if they are missing, it adds them
#   with `npm i --no-save`.
# - The project's onnxruntime-node is CPU-only (its install script, which downloads the CUDA
#   provider, is disabled in package.json's allowScripts). The script installs the same
#   @huggingface/transformers into a temporary folder and runs onnxruntime-node's install script
#   there with ONNXRUNTIME_NODE_INSTALL=cuda12, which fetches the CUDA provider libraries (from the
#   NuGet feed: onnxruntime publishes them only there). Needs the NVIDIA driver and CUDA 12 / cuDNN 9
#   runtime libraries on the library path for that provider.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ $# -gt 0 ]]; then
  if [[ ! -f "$1" ]]; then
    echo "gpu-check: no GGUF file at $1" >&2
    exit 2
  fi
  export GPU_CHECK_GGUF="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
fi

if [[ ! -d node_modules/node-llama-cpp || ! -d node_modules/@huggingface/transformers ]]; then
  echo "gpu-check: run 'npm ci' in $ROOT first" >&2
  exit 2
fi

if [[ "${GPU_CHECK_CPU_ONLY:-}" != "1" ]]; then
  # Fail loudly, never pass silently, on a machine without a usable NVIDIA GPU.
  if ! command -v nvidia-smi >/dev/null 2>&1; then
    echo "gpu-check FAILED: nvidia-smi not found: this machine has no NVIDIA driver (set GPU_CHECK_CPU_ONLY=1 to measure the CPU half only)" >&2
    exit 1
  fi
  if ! gpus="$(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>&1)" || [[ -z "$gpus" ]]; then
    echo "gpu-check FAILED: nvidia-smi finds no GPU: $gpus" >&2
    exit 1
  fi
  echo "GPU: $gpus"

  version() { node -p "require('./node_modules/$1/package.json').version"; }
  llama_version="$(version node-llama-cpp)"
  if [[ ! -d node_modules/@node-llama-cpp/linux-x64-cuda ]]; then
    echo "installing @node-llama-cpp/linux-x64-cuda@$llama_version (npm i --no-save)…"
    npm i --no-save --no-audit --no-fund "@node-llama-cpp/linux-x64-cuda@$llama_version" "@node-llama-cpp/linux-x64-cuda-ext@$llama_version"
  fi

  transformers_version="$(version @huggingface/transformers)"
  GPU_CHECK_TMP="$(mktemp -d "${TMPDIR:-/tmp}/grounded-gpu-check-XXXXXX")"
  trap 'rm -rf "$GPU_CHECK_TMP"' EXIT
  echo "installing @huggingface/transformers@$transformers_version with onnxruntime-node's CUDA provider in $GPU_CHECK_TMP…"
  # Scripts off for the install (sharp and others need none here); onnxruntime-node's own script
  # then runs once, explicitly, for CUDA 12.
  if ! (
    cd "$GPU_CHECK_TMP" &&
      echo '{"name":"grounded-gpu-check","private":true,"type":"module"}' >package.json &&
      npm i --no-audit --no-fund --ignore-scripts "@huggingface/transformers@$transformers_version" &&
      cd node_modules/onnxruntime-node &&
      ONNXRUNTIME_NODE_INSTALL=cuda12 node script/install.js
  ); then
    echo "gpu-check FAILED: installing transformers.js with onnxruntime-node's CUDA provider failed (see above; the provider comes from api.nuget.org)" >&2
    exit 1
  fi
  if ! ls "$GPU_CHECK_TMP"/node_modules/onnxruntime-node/bin/napi-v*/linux/x64/libonnxruntime_providers_cuda.so >/dev/null 2>&1; then
    echo "gpu-check FAILED: onnxruntime-node's CUDA provider was not installed (see the messages above)" >&2
    exit 1
  fi
  export GPU_CHECK_TRANSFORMERS="$GPU_CHECK_TMP/node_modules"
fi

node bench/gpu-check.mjs
