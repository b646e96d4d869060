// The one way tests start a browser: Debian's chromium (installed by .ci/run), driven by
// playwright-core, with the flags this machine's closed network needs. No tool downloads a browser.
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium, headless, with background networking off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
