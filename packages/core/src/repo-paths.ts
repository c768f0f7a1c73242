import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The repository root: the nearest folder above `from` whose package.json is the workspace root.
 * Tests, evals and benchmarks use it to find `../shared` (models and public data sets), which sits
 * beside the checkout on every machine this project runs on, CI included.
 */
export function repoRoot(from: string = import.meta.dirname): string {
  let dir = path.resolve(from);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown };
      if (Array.isArray(pkg.workspaces)) return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no workspace root above ${from}`);
    dir = parent;
  }
}

/**
 * A model file shipped with the product under `models/` (DESIGN.md: run-time models that npm does not
 * provide, each with licence and provenance). Unlike `../shared`, this folder is part of every checkout
 * and image, so defaults may point here.
 */
export function vendoredModelPath(...parts: string[]): string {
  return path.join(repoRoot(), 'models', ...parts);
}

/** A path inside the shared folder beside the checkout (`../shared/...`). */
export function sharedPath(...parts: string[]): string {
  return path.join(repoRoot(), '..', 'shared', ...parts);
}

/**
 * Whether `../shared/...` exists. Tests gate on it (`describe.skipIf(!hasShared(...))`) so that a
 * fresh clone without the shared folder still passes, skipping only what needs its data.
 */
export function hasShared(...parts: string[]): boolean {
  return existsSync(sharedPath(...parts));
}
