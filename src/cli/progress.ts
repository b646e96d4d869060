// Training progress on stderr: a bar redrawn in place on a terminal, plain lines otherwise (logs,
// CI, pipes), one per tenth of the budget (and the last iteration) so a long run's log stays short.
import type { IterationReport } from '../index.js';
import type { Output } from './io.js';

/** Fraction of the budget done: whichever of the step and episode budgets runs out first ends the run. */
export function fractionDone(r: IterationReport): number {
  const bySteps = r.totalSteps > 0 ? r.globalStep / r.totalSteps : 0;
  const byEpisodes = r.totalEpisodes > 0 ? r.episodes / r.totalEpisodes : 0;
  return Math.min(1, Math.max(bySteps, byEpisodes));
}

/** `12.3 s` or `4:05`. */
export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
}

/** What a progress line says besides the bar. */
function status(r: IterationReport, elapsedMs: number): string {
  const steps = r.totalSteps > 0 ? `${r.globalStep}/${r.totalSteps}` : `${r.globalStep}`;
  const episodes = r.totalEpisodes > 0 ? `${r.episodes}/${r.totalEpisodes}` : `${r.episodes}`;
  const ret = Number.isNaN(r.meanReturn) ? '-' : r.meanReturn.toFixed(1);
  return `iteration ${r.iteration}  steps ${steps}  episodes ${episodes}  return ${ret}  ${formatDuration(elapsedMs)}`;
}

/** A progress display fed by the trainer's onIteration reports. */
export interface Progress {
  update(report: IterationReport): void;
  /** Ends the bar's line (call before printing anything else). */
  done(): void;
}

/** A bar on a TTY, plain lines otherwise. */
export function createProgress(out: Output, now: () => number): Progress {
  const started = now();
  if (out.isTTY) {
    let drawn = false;
    return {
      update(r) {
        const width = 24;
        const filled = Math.round(fractionDone(r) * width);
        const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
        // \r returns to the line start and \x1b[K clears what a longer previous line left behind.
        out.write(`\r\x1b[K[${bar}] ${String(Math.floor(fractionDone(r) * 100)).padStart(3)}%  ${status(r, now() - started)}`);
        drawn = true;
      },
      done() {
        if (drawn) out.write('\n');
        drawn = false;
      },
    };
  }
  let lastTenth = -1;
  let unprinted: { report: IterationReport; at: number } | null = null;
  const line = (r: IterationReport, at: number) => `progress ${String(Math.floor(fractionDone(r) * 100)).padStart(3)}%  ${status(r, at - started)}\n`;
  return {
    update(r) {
      const tenth = Math.floor(fractionDone(r) * 10);
      unprinted = { report: r, at: now() };
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      out.write(line(r, unprinted.at));
      unprinted = null;
    },
    done() {
      // The last iteration, if its tenth was already printed: the log ends with the final state.
      if (unprinted !== null) out.write(line(unprinted.report, unprinted.at));
      unprinted = null;
    },
  };
}
