import type { LogLevel } from '@nestjs/common';

export interface LogSettings {
  LOG_LEVEL: LogLevel;
  LOG_FORMAT: 'text' | 'json';
}
