import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertOfficeDaySettings,
  buildRequirementsTable,
  DomainInputError,
  type OfficeCalendar,
  type Procedure,
  type RequirementsTable,
  type ServiceDefinition,
  validateOfficeCalendar,
  validateRequirementOptions,
  validateRequirementsTable,
} from '@madoguchi/domain';
import { ConfigError } from '@madoguchi/platform';
import type { Office } from './office';
import { type OfficeFile, officeFileSchema } from './office-file.schema';

/**
 * Reads every `*.json` in the office configuration folder, once, at boot. Any problem in any file stops
 * the boot with a message naming the file and the field (never a value), so a bad edit is caught before
 * a resident sees it.
 */
export function loadOffices(directory: string): Office[] {
  let names: string[];
  try {
    names = readdirSync(directory)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch {
    throw new ConfigError([`OFFICE_CONFIG_DIR: cannot read the folder ${directory}`]);
  }
  if (names.length === 0) throw new ConfigError([`OFFICE_CONFIG_DIR: no *.json office file in ${directory}`]);

  const problems: string[] = [];
  const offices: Office[] = [];
  for (const name of names) {
    const result = parseOfficeFile(readFileSync(join(directory, name), 'utf8'));
    if (!result.ok) {
      problems.push(...result.errors.map((error) => `${name}: ${error}`));
    } else if (offices.some((office) => office.id === result.office.id)) {
      problems.push(`${name}: id repeats the id of another office file`);
    } else {
      offices.push(result.office);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return offices;
}

export function parseOfficeFile(
  text: string,
): { ok: true; office: Office } | { ok: false; errors: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, errors: ['is not valid JSON'] };
  }
  const errors: string[] = [];
  const parsed = officeFileSchema.safeParse(json);
  if (!parsed.success) {
    errors.push(
      ...parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  // Checked even when the rest of the file is wrong, so that one pass shows every mistake.
  const calendar = validateOfficeCalendar((json as { calendar?: unknown } | null)?.calendar);
  if (!calendar.ok) errors.push(...calendar.errors.map((error) => `calendar: ${error}`));
  if (!parsed.success || !calendar.ok) return { ok: false, errors };
  return buildOffice(parsed.data, calendar.calendar);
}

function buildOffice(
  file: OfficeFile,
  calendar: OfficeCalendar,
): { ok: true; office: Office } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const requirements = requirementsOf(file.requirements, errors);

  const services: ServiceDefinition[] = file.services.map((service) => ({
    code: service.code,
    prefix: service.prefix,
    name: service.name,
    ...(service.procedure !== undefined && { procedure: service.procedure as Procedure }),
  }));
  const codes = new Set(services.map((service) => service.code));
  const counterIds = new Set<string>();
  file.counters.forEach((counter, index) => {
    if (counterIds.has(counter.id)) errors.push(`counters.${index}.id: repeats another counter's id`);
    counterIds.add(counter.id);
    counter.services.forEach((code, serviceIndex) => {
      if (!codes.has(code)) errors.push(`counters.${index}.services.${serviceIndex}: is not a service code`);
    });
  });
  if (!requirements || errors.length > 0) return { ok: false, errors };

  const officeDay = {
    calendar,
    services,
    priorityCallsPerRegular: file.priorityCallsPerRegular,
    noShowAfterCalls: file.noShowAfterCalls,
  };
  try {
    assertOfficeDaySettings(officeDay);
  } catch (error) {
    if (error instanceof DomainInputError) return { ok: false, errors: [`${error.field}: ${error.message}`] };
    throw error;
  }
  return {
    ok: true,
    office: {
      id: file.id,
      name: file.name,
      services,
      counters: file.counters,
      calendar,
      defaultServiceMinutes: file.defaultServiceMinutes,
      requirements,
      officeDay,
      cases: {
        calendar,
        requirements,
        letterDeadlineDays: file.letterDeadlineDays,
        letterDeadlineMovesToOpenDay: file.letterDeadlineMovesToOpenDay,
      },
    },
  };
}

function requirementsOf(
  requirements: OfficeFile['requirements'],
  errors: string[],
): RequirementsTable | undefined {
  if (requirements.table !== undefined) {
    const table = validateRequirementsTable(requirements.table);
    if (table.ok) return table.table;
    errors.push(...table.errors.map((error) => `requirements.table: ${error}`));
    return undefined;
  }
  const options = validateRequirementOptions(requirements.options);
  if (options.ok) return buildRequirementsTable(options.options);
  errors.push(...options.errors.map((error) => `requirements.options: ${error}`));
  return undefined;
}
