#!/usr/bin/env node
// Every workspace's package.json lists what its source imports (issue #13): a package that
// imports another without listing it works only by npm's hoisting, and breaks when installed alone.
// Test files may also use the root's devDependencies (vitest, fast-check, ...).
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const rootManifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const builtins = new Set(builtinModules);
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s(?:[^'"]*?\sfrom\s)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(full);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function packageOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || builtins.has(specifier.split('/')[0]))
    return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const problems = [];
for (const workspace of rootManifest.workspaces) {
  const manifest = JSON.parse(readFileSync(path.join(root, workspace, 'package.json'), 'utf8'));
  const listed = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ]);
  const dev = new Set([
    ...Object.keys(manifest.devDependencies ?? {}),
    ...Object.keys(rootManifest.devDependencies ?? {}),
  ]);
  for (const file of sourceFiles(path.join(root, workspace))) {
    const isTest = /\.test\.ts$|\/(testing|test-support|test)\//.test(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const name = packageOf(match[1] ?? match[2]);
      if (!name || name === manifest.name || listed.has(name) || (isTest && dev.has(name))) continue;
      problems.push(
        `${path.relative(root, file)} imports ${name}, which ${workspace}/package.json does not list`,
      );
    }
  }
}
if (problems.length > 0) {
  console.error([...new Set(problems)].join('\n'));
  process.exit(1);
}
console.log(
  `manifests: every workspace lists what it imports (${rootManifest.workspaces.length} workspaces)`,
);
