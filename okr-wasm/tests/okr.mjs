// Loads the Node build (okr-wasm/pkg-node, made by build.sh) for the tests.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
export const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '..', '..');
export const okr = require('../pkg-node/okr_cascade.js');
