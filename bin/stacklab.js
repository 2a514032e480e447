#!/usr/bin/env node
// The Stacklab command line: `stacklab list`, `stacklab grade`. Sources are TypeScript, loaded through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
