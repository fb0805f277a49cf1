import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

/** supertest bound to a Nest app's HTTP server (Nest types the server as `any`). */
export function http(app: INestApplication): ReturnType<typeof request> {
  return request(app.getHttpServer() as Parameters<typeof request>[0]);
}
