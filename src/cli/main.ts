// The `grpo` executable (bundled to dist/cli.js, with a shebang, by scripts/build.mjs).
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
