import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_REQUIREMENTS, openingHours } from '@madoguchi/domain';
import { ConfigError } from '@madoguchi/platform';
import { loadOffices, parseOfficeFile } from './office-config.loader';

const ATSUGI_DIR = join(__dirname, '..', '..', 'config', 'offices');
const atsugi = (): Record<string, unknown> =>
  JSON.parse(readFileSync(join(ATSUGI_DIR, 'atsugi.json'), 'utf8')) as Record<string, unknown>;
const errorsOf = (file: unknown): string[] => {
  const result = parseOfficeFile(JSON.stringify(file));
  return result.ok ? [] : result.errors;
};

describe('office configuration files', () => {
  it('loads the default Atsugi 市民課 file with the domain defaults', () => {
    const [office, ...others] = loadOffices(ATSUGI_DIR);
    expect(others).toEqual([]);
    expect(office?.id).toBe('atsugi');
    expect(office?.services.map((service) => service.prefix)).toEqual(['R', 'C', 'G']);
    expect(office?.counters.map((counter) => counter.id)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(office?.requirements).toEqual(DEFAULT_REQUIREMENTS);
    expect(office?.cases.letterDeadlineDays).toBe(30);
    expect(openingHours('2026-12-05', office?.calendar)).toEqual({
      open: true,
      opens: '08:30',
      closes: '12:00',
    });
  });

  it('names every bad field (and unknown key) at once, never a value', () => {
    const file = atsugi();
    file.noShowAfterCalls = 0;
    file.colour = 'blue';
    (file.calendar as { ticketCutoffMinutes: number }).ticketCutoffMinutes = -5;
    const errors = errorsOf(file);
    expect(errors).toEqual([
      expect.stringMatching(/^noShowAfterCalls: /),
      '(root): Unrecognized key: "colour"',
      expect.stringMatching(/^calendar: ticketCutoffMinutes must be a whole number/),
    ]);
    expect(errors.join()).not.toContain('blue');
  });

  it('checks services, counters and requirements against each other and the domain rules', () => {
    const shared = atsugi();
    (shared.services as { prefix: string }[])[1]!.prefix = 'R';
    expect(errorsOf(shared)).toEqual([expect.stringMatching(/^services\.prefix: /)]);

    const counter = atsugi();
    (counter.counters as { services: string[] }[])[0]!.services = ['pin-reset', 'passport'];
    expect(errorsOf(counter)).toEqual(['counters.0.services.1: is not a service code']);

    const both = atsugi();
    both.requirements = { options: {}, table: {} };
    expect(errorsOf(both)).toEqual([expect.stringMatching(/^requirements: must hold either options/)]);

    const rule = atsugi();
    rule.requirements = { options: { proxyRule: 'ANY_PAPER' } };
    expect(errorsOf(rule)).toEqual([
      expect.stringMatching(/^requirements\.options: .*proxyRule must be one of/),
    ]);

    const table = atsugi();
    table.requirements = { table: DEFAULT_REQUIREMENTS };
    expect(parseOfficeFile(JSON.stringify(table)).ok).toBe(true);
  });

  it('refuses a file that is not JSON, and a folder without offices', () => {
    expect(parseOfficeFile('{ "id": ')).toEqual({ ok: false, errors: ['is not valid JSON'] });
    expect(() => loadOffices(join(ATSUGI_DIR, 'missing'))).toThrow(ConfigError);
    expect(() => loadOffices(__dirname)).toThrow(/no \*\.json office file/);
  });
});
