// Issue #16, point 6: generation tokens/s and embeddings/s on the GPU (CUDA) against the CPU, in
// one run, for node-llama-cpp (a GGUF) and transformers.js (ONNX models through onnxruntime-node).
// Run through bench/gpu-check.sh, which installs the CUDA parts and sets the variables below.
//
//   node bench/gpu-check.mjs                      every case, each in a child process; prints the table
//   node bench/gpu-check.mjs --case llama:cuda    one case; prints its figures as one JSON line
//
// GPU_CHECK_GGUF            the GGUF file (default: the stories260K fixture)
// GPU_CHECK_MODELS_DIR      folder of transformers.js models (default: the fixtures' local/ folder)
// GPU_CHECK_EMBED_MODEL     feature-extraction model under it (default tiny-random-bert)
// GPU_CHECK_GEN_MODEL       text-generation model under it (default stories260K)
// GPU_CHECK_TRANSFORMERS    a node_modules folder to load @huggingface/transformers from (the
//                           CUDA-enabled onnxruntime-node the script installed); default: the repo's
// GPU_CHECK_CPU_ONLY=1      only the CPU cases (for a machine without a GPU)
// GPU_CHECK_THREADS         CPU threads for llama.cpp (default: half the cores, at least 1)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURES = path.resolve(ROOT, '..', 'shared', 'models', 'fixtures');
const GGUF = process.env.GPU_CHECK_GGUF || path.join(FIXTURES, 'gguf', 'stories260K.gguf');
const MODELS_DIR = process.env.GPU_CHECK_MODELS_DIR || path.join(FIXTURES, 'local');
const EMBED_MODEL = process.env.GPU_CHECK_EMBED_MODEL || 'tiny-random-bert';
const GEN_MODEL = process.env.GPU_CHECK_GEN_MODEL || 'stories260K';
const CPU_ONLY = process.env.GPU_CHECK_CPU_ONLY === '1';
const THREADS = Number(process.env.GPU_CHECK_THREADS) || Math.max(1, Math.floor(availableParallelism() / 2));

const PROMPT = 'Once upon a time, there was a little girl named';
const GEN_TOKENS = 128;
const EMBED_TEXTS = Array.from(
  { length: 256 },
  (_, i) =>
    `Passage ${i}: the warehouse ships late parcels within ${i % 7} days after a manager approves it.`,
);
const EMBED_BATCH = 32;

/** Runs `fn` once to warm up, then times `runs` runs; returns the best rate (units per second). */
async function bestRate(runs, fn) {
  await fn();
  let best = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const units = await fn();
    best = Math.max(best, units / ((performance.now() - started) / 1000));
  }
  return best;
}

async function llamaCase(backend) {
  const { getLlama, LlamaCompletion, LlamaLogLevel } = await import('node-llama-cpp');
  // build: 'never': the prebuilt binaries (@node-llama-cpp/linux-x64-cuda for CUDA) or nothing.
  const llama = await getLlama({
    gpu: backend === 'cuda' ? 'cuda' : false,
    build: 'never',
    logLevel: LlamaLogLevel.error,
  });
  if (backend === 'cuda' && llama.gpu !== 'cuda')
    throw new Error(`node-llama-cpp loaded '${llama.gpu}', not CUDA`);
  const model = await llama.loadModel({ modelPath: GGUF, gpuLayers: backend === 'cuda' ? 'max' : 0 });
  const context = await model.createContext({ contextSize: 512, threads: THREADS });
  const completion = new LlamaCompletion({ contextSequence: context.getSequence() });
  const tokensPerSecond = await bestRate(3, async () => {
    let tokens = 0;
    await completion.generateCompletion(PROMPT, {
      maxTokens: GEN_TOKENS,
      temperature: 0,
      onToken: (chunk) => {
        tokens += chunk.length;
      },
    });
    return tokens;
  });
  const embedding = await model.createEmbeddingContext({ contextSize: 512, threads: THREADS });
  const texts = EMBED_TEXTS.slice(0, 64);
  const embeddingsPerSecond = await bestRate(2, async () => {
    for (const text of texts) await embedding.getEmbeddingFor(text);
    return texts.length;
  });
  const device =
    backend === 'cuda'
      ? (await llama.getGpuDeviceNames()).join(', ')
      : `CPU, ${THREADS} thread${THREADS === 1 ? '' : 's'}`;
  await llama.dispose();
  return { tokensPerSecond, embeddingsPerSecond, device, model: path.basename(GGUF) };
}

async function transformersCase(backend) {
  const from = process.env.GPU_CHECK_TRANSFORMERS
    ? createRequire(path.join(process.env.GPU_CHECK_TRANSFORMERS, 'x.js'))
    : createRequire(path.join(ROOT, 'packages', 'retrieval', 'x.js'));
  const transformers = await import(pathToFileURL(from.resolve('@huggingface/transformers')).href);
  // The onnxruntime-node that this transformers.js loads: does it offer the CUDA provider?
  const ortFrom = createRequire(from.resolve('@huggingface/transformers'));
  const ort = await import(pathToFileURL(ortFrom.resolve('onnxruntime-node')).href);
  const backends = (ort.listSupportedBackends?.() ?? ort.default?.listSupportedBackends?.() ?? []).map(
    (b) => b.name,
  );
  if (backend === 'cuda' && !backends.includes('cuda')) {
    throw new Error(`this onnxruntime-node offers ${backends.join(', ') || 'nothing'}, not cuda`);
  }
  // Absolute folders and local_files_only, as packages/core's resolveModelSource does: no hub.
  const load = { device: backend, dtype: 'fp32', local_files_only: true };
  const extractor = await transformers.pipeline(
    'feature-extraction',
    path.join(MODELS_DIR, EMBED_MODEL),
    load,
  );
  const embeddingsPerSecond = await bestRate(2, async () => {
    for (let i = 0; i < EMBED_TEXTS.length; i += EMBED_BATCH) {
      await extractor(EMBED_TEXTS.slice(i, i + EMBED_BATCH), { pooling: 'mean', normalize: true });
    }
    return EMBED_TEXTS.length;
  });
  const generator = await transformers.pipeline('text-generation', path.join(MODELS_DIR, GEN_MODEL), load);
  const tokenizer = generator.tokenizer;
  const promptTokens = tokenizer.encode(PROMPT).length;
  const tokensPerSecond = await bestRate(3, async () => {
    const [out] = await generator(PROMPT, {
      max_new_tokens: GEN_TOKENS,
      do_sample: false,
      return_full_text: true,
    });
    return Math.max(0, tokenizer.encode(out.generated_text).length - promptTokens);
  });
  return {
    tokensPerSecond,
    embeddingsPerSecond,
    device: `${backend} (onnxruntime-node offers ${backends.join(', ')})`,
    model: `${GEN_MODEL} / ${EMBED_MODEL}`,
  };
}

function runChild(name) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [import.meta.filename, '--case', name], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (data) => {
      out += data;
    });
    child.on('close', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve({ name, ...JSON.parse(line) });
      } catch {
        resolve({ name, error: `exited ${code}: ${out.slice(-400)}` });
      }
    });
  });
}

const fmt = (n) => (typeof n === 'number' && Number.isFinite(n) ? n.toFixed(1) : '–');

const caseIndex = process.argv.indexOf('--case');
if (caseIndex >= 0) {
  const [engine, backend] = (process.argv[caseIndex + 1] ?? '').split(':');
  try {
    const figures = engine === 'llama' ? await llamaCase(backend) : await transformersCase(backend);
    console.log(JSON.stringify(figures));
    process.exit(0);
  } catch (error) {
    console.log(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
    process.exit(1);
  }
}

for (const [what, file] of [
  ['GGUF', GGUF],
  ['embedding model', path.join(MODELS_DIR, EMBED_MODEL, 'config.json')],
  ['generation model', path.join(MODELS_DIR, GEN_MODEL, 'config.json')],
]) {
  if (!existsSync(file)) {
    console.error(`gpu-check: no ${what} at ${file} (pass a GGUF path, or set GPU_CHECK_MODELS_DIR)`);
    process.exit(2);
  }
}
const names = ['llama:cpu', 'transformers:cpu', ...(CPU_ONLY ? [] : ['llama:cuda', 'transformers:cuda'])];
const results = [];
// One process per case: two llama.cpp backends, or two onnxruntime providers, in one process
// would share native state; and a crash in one case must not hide the others' figures.
for (const name of names) results.push(await runChild(name));

const byName = Object.fromEntries(results.map((r) => [r.name, r]));
console.log(
  `\n# GPU check (${CPU_ONLY ? 'CPU only: GPU_CHECK_CPU_ONLY=1' : 'CUDA against CPU'}, ${new Date().toISOString()})\n`,
);
console.log('| engine | backend | generation tokens/s | embeddings/s | device | model | error |');
console.log('|---|---|---|---|---|---|---|');
for (const r of results) {
  const [engine, backend] = r.name.split(':');
  console.log(
    `| ${engine} | ${backend} | ${fmt(r.tokensPerSecond)} | ${fmt(r.embeddingsPerSecond)} | ${r.device ?? '–'} | ${r.model ?? '–'} | ${r.error ?? ''} |`,
  );
}
if (!CPU_ONLY) {
  console.log('\n| engine | GPU ÷ CPU, generation | GPU ÷ CPU, embeddings |\n|---|---|---|');
  for (const engine of ['llama', 'transformers']) {
    const cpu = byName[`${engine}:cpu`];
    const gpu = byName[`${engine}:cuda`];
    console.log(
      `| ${engine} | ${fmt(gpu?.tokensPerSecond / cpu?.tokensPerSecond)}× | ${fmt(gpu?.embeddingsPerSecond / cpu?.embeddingsPerSecond)}× |`,
    );
  }
}
const failed = results.filter((r) => r.error);
if (failed.length > 0) {
  console.error(`\ngpu-check FAILED: ${failed.map((r) => `${r.name}: ${r.error}`).join('; ')}`);
  process.exit(1);
}
