/**
 * The configuration reference of the README, generated from the apps' own zod schemas so the two cannot
 * drift apart: `npm run config:reference` prints it, and tests/config-reference.spec.ts checks the README
 * holds exactly this text.
 */
import { z } from 'zod';
import { auditEnvironment } from '../apps/audit/src/audit.config';
import { cardGatewayEnvironment } from '../apps/card-gateway/src/card-gateway.config';
import { queueEnvironment } from '../apps/queue/src/queue.config';

interface JsonSchemaProperty {
  type?: string;
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  anyOf?: JsonSchemaProperty[];
}

const APPS = { queue: queueEnvironment, audit: auditEnvironment, 'card-gateway': cardGatewayEnvironment };

function accepted(property: JsonSchemaProperty): string {
  if (property.enum) return property.enum.map((value) => `\`${String(value)}\``).join(', ');
  const range =
    property.minimum !== undefined || property.maximum !== undefined
      ? ` ${property.minimum ?? ''}–${property.maximum ?? ''}`
      : '';
  return `${property.type ?? 'text'}${range}`;
}

function defaultOf(property: JsonSchemaProperty): string {
  if (property.default === undefined) return '—';
  const fallback = property.default;
  const value =
    typeof fallback === 'string' || typeof fallback === 'number' || typeof fallback === 'boolean'
      ? String(fallback)
      : JSON.stringify(fallback);
  return value === '' ? '(empty)' : `\`${value}\``;
}

export function configReference(): string {
  const rows = new Map<string, { apps: string[]; defaults: string[]; property: JsonSchemaProperty }>();
  for (const [app, schema] of Object.entries(APPS)) {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
      properties: Record<string, JsonSchemaProperty>;
    };
    for (const [name, property] of Object.entries(json.properties)) {
      const row = rows.get(name) ?? { apps: [], defaults: [], property };
      row.apps.push(app);
      row.defaults.push(defaultOf(property));
      rows.set(name, row);
    }
  }
  const lines = ['| variable | used by | default | accepted |', '|---|---|---|---|'];
  for (const [name, { apps, defaults, property }] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
    // Where the apps differ (PORT, DATABASE_URL), each one's default is named.
    const shown =
      new Set(defaults).size === 1 ? defaults[0] : apps.map((app, i) => `${app}: ${defaults[i]}`).join('; ');
    lines.push(`| \`${name}\` | ${apps.join(', ')} | ${shown} | ${accepted(property)} |`);
  }
  return lines.join('\n');
}

if (require.main === module) process.stdout.write(`${configReference()}\n`);
