import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configReference } from '../scripts/config-reference';

describe('the README configuration reference', () => {
  it('is exactly what the apps’ configuration schemas say (regenerate with npm run config:reference)', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const block = /<!-- config-reference:start -->\n([\s\S]*?)\n<!-- config-reference:end -->/.exec(
      readme,
    )?.[1];
    expect(block).toBe(configReference());
  });
});
