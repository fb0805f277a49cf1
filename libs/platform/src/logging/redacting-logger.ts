import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { redact } from './redact';

const LEVELS: readonly LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** The Nest logger every app uses: structured values are redacted before they are printed. */
export class RedactingLogger extends ConsoleLogger {
  constructor(context: string, options: { level: LogLevel; json: boolean }) {
    super(context, {
      logLevels: LEVELS.slice(0, LEVELS.indexOf(options.level) + 1),
      json: options.json,
      colors: !options.json && process.stdout.isTTY,
    });
  }

  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    writeStreamType?: 'stdout' | 'stderr',
  ): void {
    super.printMessages(
      messages.map((message) => redact(message)),
      context,
      logLevel,
      writeStreamType,
    );
  }
}
