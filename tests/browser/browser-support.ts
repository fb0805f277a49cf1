/**
 * Browser tests: the built screens, served by the real queue app, in headless Debian Chromium driven by
 * playwright-core (`.ci/run` installs the `chromium` package; `npx playwright install` is not used).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

const ROOT = join(__dirname, '..', '..');
export const SCREENSHOTS = '/tmp/madoguchi-screens';

/** Builds the screens as `npm run build` does, so the tests never look at an old bundle. */
export function buildScreens(): void {
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      join(ROOT, 'apps/queue/web/vite.config.ts'),
      '--logLevel',
      'error',
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    env: withoutFakeTime(process.env),
  });
}

/**
 * The browser plays a resident's or clerk's own device, whose clock is its own: under CI's wall-clock guard
 * (scripts/with-wall-clock.sh) Chromium is not handed libfaketime, which it does not survive (its renderers
 * spin and pages stall). The pages take the office's day and hours from the queue, not from this clock.
 */
function withoutFakeTime(env: NodeJS.ProcessEnv): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || name.startsWith('FAKETIME')) continue;
    if (name === 'LD_PRELOAD') {
      const others = value.split(':').filter((library) => !library.includes('libfaketime'));
      if (others.length > 0) kept[name] = others.join(':');
      continue;
    }
    kept[name] = value;
  }
  return kept;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** A port nobody listens on now, for an app that must come back at the same address. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Replaces the browser's speech engine with one that records each utterance, takes `speakingMs` to say
 * it, and notes any utterance started while another was still being spoken (an announcement cut off).
 */
export const RECORDING_SPEECH = (speakingMs: number) => `
  (() => {
    const spoken = [];
    let busy = false;
    window.__speech = { spoken, overlaps: 0 };
    const engine = {
      speak(utterance) {
        if (busy) window.__speech.overlaps += 1;
        busy = true;
        spoken.push({ text: utterance.text, lang: utterance.lang });
        setTimeout(() => {
          busy = false;
          utterance.dispatchEvent(new Event('end'));
        }, ${speakingMs});
      },
      cancel() {},
      pause() {},
      resume() {},
      getVoices() { return []; },
      speaking: false,
      pending: false,
      paused: false,
      addEventListener() {},
      removeEventListener() {},
    };
    Object.defineProperty(window, 'speechSynthesis', { value: engine, configurable: true });
  })();
`;

export interface Spoken {
  text: string;
  lang: string;
}

export async function spokenIn(page: Page): Promise<{ spoken: Spoken[]; overlaps: number }> {
  return page.evaluate(
    () => (window as unknown as { __speech: { spoken: Spoken[]; overlaps: number } }).__speech,
  );
}

/** axe-core in the page: the serious and critical violations, if any. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: () => Promise<{
            violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run();
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      targets: violation.nodes.map((node) => JSON.stringify(node.target)),
    }));
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.targets.join(', ')}`);
}
