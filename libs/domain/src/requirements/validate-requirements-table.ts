/**
 * Checks of office configuration files. Strict on purpose: a misspelt key (`identityrule`, `pin-rest`)
 * would otherwise be ignored silently and the counter would ask for less than the city meant.
 * Messages name the place in the file, never the value found there.
 */
import { type DocumentCode, IDENTITY_RULES, isDocumentCode, isIdentityRule } from '../identity';
import type { LocalizedText } from '../shared/decision';
import { APPLICANT_TYPES, PROCEDURES, type Procedure } from '../shared/procedures';
import { deepFreeze } from './copy';
import type {
  ApplicantRequirements,
  RequirementItem,
  RequirementOptions,
  RequirementsTable,
  VisitRequirements,
} from './requirements-table';
import { visitsFor } from './visits';

export type RequirementsTableCheck = { ok: true; table: RequirementsTable } | { ok: false; errors: string[] };
export type RequirementOptionsCheck =
  { ok: true; options: RequirementOptions } | { ok: false; errors: string[] };

const ITEM_CODE = /^[a-z][a-z0-9-]{0,63}$/;
const SAFE_KEY = /^[A-Za-z0-9_-]{1,40}$/;
const MAX_MONTHS = 120;
const ITEM_KEYS = [
  'code',
  'text',
  'identityRule',
  'whose',
  'notCounted',
  'exemptions',
  'issuedWithinMonths',
] as const;
const OPTION_KEYS = [
  'representativeRule',
  'proxyRule',
  'powerOfAttorneyAtVisit1',
  'holderIdentityAtVisit2',
  'proofIssuedWithinMonths',
] as const;
const RULES = IDENTITY_RULES.join(', ');

type Errors = string[];

export function validateRequirementsTable(input: unknown): RequirementsTableCheck {
  const errors: Errors = [];
  if (!isRecord(input)) return { ok: false, errors: ['requirements table must be an object'] };
  checkKeys(input, PROCEDURES, 'requirements table', errors);

  const table: Partial<Record<Procedure, ApplicantRequirements>> = {};
  for (const procedure of PROCEDURES) {
    const applicants = input[procedure];
    if (!isRecord(applicants)) {
      errors.push(`${procedure} must be an object with one entry per applicant`);
      continue;
    }
    checkKeys(applicants, APPLICANT_TYPES, procedure, errors);
    const byApplicant: Partial<Record<string, VisitRequirements>> = {};
    for (const applicant of APPLICANT_TYPES) {
      const path = `${procedure}.${applicant}`;
      const visits = applicants[applicant];
      if (!isRecord(visits)) {
        errors.push(`${path} must be an object with one entry per visit`);
        continue;
      }
      const allowed = visitsFor(applicant).map(String);
      checkKeys(visits, allowed, path, errors);
      const byVisit: Record<string, RequirementItem[]> = {};
      for (const visit of allowed) {
        byVisit[visit] = checkItems(visits[visit], `${path}.${visit}`, applicant === 'self', errors);
        if (applicant === 'proxy' && !asksForProxyIdentity(visits[visit])) {
          // domain.md §2: without A×1 or B×2 (or the office's stricter rule) nobody can act as a proxy.
          errors.push(`${path}.${visit} must ask for the proxy's identity (an applicant-identity item)`);
        }
      }
      byApplicant[applicant] = byVisit as unknown as VisitRequirements;
    }
    table[procedure] = byApplicant as ApplicantRequirements;
  }

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, table: deepFreeze(table as RequirementsTable) };
}

export function validateRequirementOptions(input: unknown): RequirementOptionsCheck {
  const errors: Errors = [];
  if (input === undefined) return { ok: true, options: {} };
  if (!isRecord(input)) return { ok: false, errors: ['requirement options must be an object'] };
  checkKeys(input, OPTION_KEYS, 'requirement options', errors);
  const options: RequirementOptions = {};
  for (const key of ['representativeRule', 'proxyRule'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (isIdentityRule(value)) options[key] = value;
    else errors.push(`requirement options.${key} must be one of ${RULES}`);
  }
  for (const key of ['powerOfAttorneyAtVisit1', 'holderIdentityAtVisit2'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value === 'boolean') options[key] = value;
    else errors.push(`requirement options.${key} must be true or false`);
  }
  const months = input.proofIssuedWithinMonths;
  if (months !== undefined) {
    if (isMonthCount(months)) options.proofIssuedWithinMonths = months;
    else
      errors.push(
        `requirement options.proofIssuedWithinMonths must be a whole number from 1 to ${MAX_MONTHS}`,
      );
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, options };
}

function checkItems(
  input: unknown,
  path: string,
  holderIsApplicant: boolean,
  errors: Errors,
): RequirementItem[] {
  if (!Array.isArray(input)) {
    errors.push(`${path} must be a list of items`);
    return [];
  }
  const items: RequirementItem[] = [];
  const codes = new Set<string>();
  const ruleOwners = new Set<string>();
  input.forEach((raw: unknown, index) => {
    const item = checkItem(raw, `${path}[${index}]`, errors);
    if (!item) return;
    if (codes.has(item.code)) errors.push(`${path}[${index}].code repeats an earlier item's code`);
    codes.add(item.code);
    if (item.identityRule !== undefined && item.whose !== undefined) {
      // identityRuleFor answers with one rule per owner; for `self` both owners are the same person.
      const owner = holderIsApplicant ? 'self' : item.whose;
      if (ruleOwners.has(owner))
        errors.push(`${path}[${index}] is a second identity rule for the same person`);
      ruleOwners.add(owner);
    }
    items.push(item);
  });
  return items;
}

function checkItem(raw: unknown, path: string, errors: Errors): RequirementItem | undefined {
  if (!isRecord(raw)) {
    errors.push(`${path} must be an object`);
    return undefined;
  }
  const before = errors.length;
  checkKeys(raw, ITEM_KEYS, path, errors);
  const { code, text, identityRule, whose, notCounted, exemptions, issuedWithinMonths } = raw;

  if (typeof code !== 'string' || !ITEM_CODE.test(code)) {
    errors.push(`${path}.code must be lower-case letters, digits and hyphens (like holder-card)`);
  }
  if (!isLocalizedText(text)) errors.push(`${path}.text must have non-empty ja and en strings`);
  if (identityRule !== undefined && !isIdentityRule(identityRule)) {
    errors.push(`${path}.identityRule must be one of ${RULES}`);
  }
  if (whose !== undefined && whose !== 'applicant' && whose !== 'holder') {
    errors.push(`${path}.whose must be applicant or holder`);
  }
  if (identityRule !== undefined && whose === undefined) {
    errors.push(`${path}.whose is needed with identityRule (whose documents does the rule apply to?)`);
  }
  if (notCounted !== undefined && !(Array.isArray(notCounted) && notCounted.every(isDocumentCode))) {
    errors.push(`${path}.notCounted must be a list of identity document codes (like my-number-card)`);
  }
  if (exemptions !== undefined && !(Array.isArray(exemptions) && exemptions.every(isLocalizedText))) {
    errors.push(`${path}.exemptions must be a list of texts with non-empty ja and en strings`);
  }
  if (issuedWithinMonths !== undefined && !isMonthCount(issuedWithinMonths)) {
    errors.push(`${path}.issuedWithinMonths must be a whole number from 1 to ${MAX_MONTHS}`);
  }
  if (errors.length > before) return undefined;

  // Rebuilt from the checked fields only, so nothing else in the file travels with the table.
  const item: RequirementItem = { code: code as string, text: copyText(text as LocalizedText) };
  if (identityRule !== undefined) item.identityRule = identityRule as RequirementItem['identityRule'];
  if (whose !== undefined) item.whose = whose as RequirementItem['whose'];
  if (notCounted !== undefined) item.notCounted = [...(notCounted as DocumentCode[])];
  if (exemptions !== undefined) item.exemptions = (exemptions as LocalizedText[]).map(copyText);
  if (issuedWithinMonths !== undefined) item.issuedWithinMonths = issuedWithinMonths as number;
  return item;
}

function checkKeys(
  record: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
  errors: Errors,
): void {
  for (const key of Object.keys(record)) {
    if (allowed.includes(key)) continue;
    errors.push(
      SAFE_KEY.test(key) ? `${path} has an unexpected key "${key}"` : `${path} has an unexpected key`,
    );
  }
}

// Read from the raw list, so that a malformed identity item is reported once, not also as a missing one.
function asksForProxyIdentity(items: unknown): boolean {
  return !Array.isArray(items) || items.some((item) => isRecord(item) && item.code === 'applicant-identity');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isLocalizedText(value: unknown): value is LocalizedText {
  return (
    isRecord(value) &&
    Object.keys(value).every((key) => key === 'ja' || key === 'en') &&
    typeof value.ja === 'string' &&
    value.ja.trim() !== '' &&
    typeof value.en === 'string' &&
    value.en.trim() !== ''
  );
}

function isMonthCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_MONTHS;
}

function copyText(text: LocalizedText): LocalizedText {
  return { ja: text.ja, en: text.en };
}
