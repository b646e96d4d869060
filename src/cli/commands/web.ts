// grpo web: serve the teaching page (GRPO training live in the browser) on localhost.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatFlags, HELP_FLAG, parseFlags, type FlagTable } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError, type Io } from '../io.js';
import { startWebServer, webRoot } from '../web_server.js';

const WHO = 'grpo web';

const WEB_FLAGS = {
  port: { default: 8080, doc: 'the localhost port (0 = any free port)', min: 0, max: 65535, integer: true, value: 'P' },
  help: HELP_FLAG,
} satisfies FlagTable;

/** `grpo web`. */
export const webCommand: Command = {
  name: 'web',
  summary: 'serve the teaching page: GRPO learns CartPole live in your browser',
  help() {
    return [
      'Usage: grpo web [--port P]',
      '',
      'Serves the teaching page (built into dist/web by npm ci or npm run web) on 127.0.0.1 and prints',
      'its URL. The page trains GRPO on CartPole in a Web Worker with the same code as grpo train, and',
      'shows the cart, one group of episodes, the learning curve, per-parameter gradient norms and, in',
      'step mode, the tape of each update. Ctrl-C stops the server.',
      '',
      'Flags:',
      formatFlags(WEB_FLAGS),
    ].join('\n');
  },
  async run(argv, io: Io) {
    const { values } = parseFlags(WEB_FLAGS, argv, WHO);
    if (values.help) {
      io.stdout.write(`${this.help()}\n`);
      return EXIT.ok;
    }
    const root = webRoot();
    if (!existsSync(join(root, 'index.html'))) throw new UsageError(`${WHO}: the page is not built (no ${join(root, 'index.html')}); run npm run web`);
    let started;
    try {
      started = await startWebServer(root, values.port);
    } catch (error) {
      throw new UsageError(`${WHO}: --port ${values.port}: cannot listen (${error instanceof Error ? error.message : String(error)})`);
    }
    io.stdout.write(`${started.url}\n`);
    io.stderr.write(`${WHO}: serving ${root}; Ctrl-C to stop\n`);
    await new Promise<void>((resolve) => io.signals.on('SIGINT', () => resolve()));
    started.server.close();
    return EXIT.ok;
  },
};
