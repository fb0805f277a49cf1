import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where `npm run build` (Vite) puts the screens, relative to the repository root. */
const BUILT_SCREENS = join('dist', 'web', 'queue');

/**
 * The built screens, found from this file upwards: from the sources (tests, apps/queue/src/screens) and
 * from the bundle (dist/apps/queue) alike; the working directory as a last resort.
 */
export function screensDirectory(from: string = __dirname): string {
  for (let directory = from; ; directory = dirname(directory)) {
    const candidate = join(directory, BUILT_SCREENS);
    if (existsSync(join(candidate, 'display.html'))) return candidate;
    if (dirname(directory) === directory) return join(process.cwd(), BUILT_SCREENS);
  }
}
