#!/usr/bin/env node
// The CLI entry for `npx grounded …`: runs the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
