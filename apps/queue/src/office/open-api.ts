import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';

/**
 * OpenAPI documents of the queue at /docs (UI) and /docs-json. Call before `listen`/`init`: the document
 * is built from the controllers, request schemas from their zod schemas.
 */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Madoguchi queue')
    .setDescription(
      'Tickets, counters, display feed and calendar of a city-hall counter for My Number card PIN reset and change.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup(
    'docs',
    app,
    () => SwaggerModule.createDocument(app, config, { standardSchemaConverter: zodToOpenApi }),
    { jsonDocumentUrl: 'docs-json' },
  );
}

/**
 * zod's own conversion, told to describe what JSON Schema cannot say (an absent body, a transform) as
 * "anything" rather than fail: one such schema would otherwise take the whole document down.
 */
function zodToOpenApi(schema: unknown, options: { schemaType: 'input' | 'output' }) {
  if (!(schema instanceof z.ZodType)) return undefined;
  const converted = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: options.schemaType,
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  const { $schema: _dialect, $defs, ...rest } = converted;
  return { schema: rest, components: ($defs ?? {}) as Record<string, unknown> };
}
