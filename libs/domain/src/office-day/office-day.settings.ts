import type { OfficeCalendar } from '../calendar/office-calendar.types';
import { ATSUGI_CALENDAR } from '../calendar';
import type { LocalizedText } from '../shared/decision';
import { DomainInputError } from '../shared/domain-input-error';
import type { Procedure } from '../shared/procedures';

/** One kind of business a resident can take a ticket for, with its own daily numbering. */
export interface ServiceDefinition {
  code: string;
  /** Letters printed before the number (R001); distinct per service so no two tickets share a number. */
  prefix: string;
  name: LocalizedText;
  /** Set for PIN procedures: the kiosk then asks who is applying. */
  procedure?: Procedure;
}

export interface OfficeDaySettings {
  calendar: OfficeCalendar;
  services: readonly ServiceDefinition[];
  /** Priority tickets called in a row before a waiting regular ticket gets its turn; 0 ignores priority. */
  priorityCallsPerRegular: number;
  /** Calls a resident must miss before the clerk may mark the ticket as a no-show. */
  noShowAfterCalls: number;
}

export const ATSUGI_SERVICES: readonly ServiceDefinition[] = Object.freeze([
  {
    code: 'pin-reset',
    prefix: 'R',
    name: { ja: '暗証番号の再設定（初期化）', en: 'PIN reset' },
    procedure: 'pin-reset',
  },
  {
    code: 'pin-change',
    prefix: 'C',
    name: { ja: '暗証番号の変更', en: 'PIN change' },
    procedure: 'pin-change',
  },
  {
    code: 'general-enquiry',
    prefix: 'G',
    name: { ja: 'その他のご相談', en: 'General enquiry' },
  },
]);

export const DEFAULT_OFFICE_DAY_SETTINGS: OfficeDaySettings = Object.freeze({
  calendar: ATSUGI_CALENDAR,
  services: ATSUGI_SERVICES,
  priorityCallsPerRegular: 2,
  noShowAfterCalls: 3,
});

const PREFIX_PATTERN = /^[A-Z]{1,3}$/;

/**
 * Checks settings once, when configuration is loaded, so that `decideOfficeDay` can trust them on every
 * command: a shared code or prefix would let two tickets carry the same number.
 */
export function assertOfficeDaySettings(settings: OfficeDaySettings): void {
  const codes = new Set<string>();
  const prefixes = new Set<string>();
  for (const service of settings.services) {
    if (service.code === '' || codes.has(service.code)) {
      invalid('services.code', 'service codes must be non-empty and distinct');
    }
    if (!PREFIX_PATTERN.test(service.prefix) || prefixes.has(service.prefix)) {
      invalid('services.prefix', 'ticket prefixes must be 1–3 upper-case letters, distinct per service');
    }
    codes.add(service.code);
    prefixes.add(service.prefix);
  }
  if (!Number.isInteger(settings.priorityCallsPerRegular) || settings.priorityCallsPerRegular < 0) {
    invalid('priorityCallsPerRegular', 'priorityCallsPerRegular must be a whole number, 0 or more');
  }
  if (!Number.isInteger(settings.noShowAfterCalls) || settings.noShowAfterCalls < 1) {
    invalid('noShowAfterCalls', 'noShowAfterCalls must be a whole number, 1 or more');
  }
}

function invalid(field: string, message: string): never {
  throw new DomainInputError('invalid-office-configuration', field, message);
}
