import { Logger } from '@nestjs/common';
import { connect } from '@nats-io/transport-node';
import { createServiceDataSource, natsServers } from '@madoguchi/platform';
import { loadAuditConfig } from '../audit.config';
import { CheckpointSigner } from '../checkpoints/checkpoint-signer';
import { CheckpointStream } from '../checkpoints/checkpoint-stream';
import { workingDatabaseUrl } from '../database/audit-database';
import { LogReaderRepository } from '../log/log-reader.repository';
import { type NoteVerifier, parseVerifierKey } from '../merkle';
import { LogVerifier, type VerificationReport } from './log-verifier';

export const EXIT_VERIFIED = 0;
export const EXIT_NOT_VERIFIED = 1;
export const EXIT_COULD_NOT_RUN = 2;

const USAGE = `usage: npm run audit:verify [-- --no-checkpoint-stream]
Recomputes the whole audit log (DATABASE_URL) and checks it against every signed checkpoint, those in the
database and those published on the checkpoint stream (NATS_URL, JETSTREAM_STREAM). The key is
AUDIT_VERIFIER_KEY, or the public half of AUDIT_SIGNING_KEY. Exit code 0: the log verifies; 1: it does not
(the first bad entry is named); 2: the verification could not run.
`;

const write = (text: string): void => {
  process.stdout.write(text);
};

/** `npm run audit:verify`: prints what it checked and the first bad entry if any; the exit code says which. */
export async function runVerifyCommand(args: readonly string[]): Promise<number> {
  if (args.includes('--help')) {
    write(USAGE);
    return EXIT_VERIFIED;
  }
  const unknown = args.filter((arg) => arg !== '--no-checkpoint-stream');
  if (unknown.length > 0) {
    write(`unknown argument ${unknown.join(' ')}\n${USAGE}`);
    return EXIT_COULD_NOT_RUN;
  }
  Logger.overrideLogger(['error']);
  const config = loadAuditConfig();
  const verifier: NoteVerifier = config.AUDIT_VERIFIER_KEY
    ? parseVerifierKey(config.AUDIT_VERIFIER_KEY)
    : CheckpointSigner.fromConfiguration(config.AUDIT_LOG_ORIGIN, config.AUDIT_SIGNING_KEY).verifier;

  const published = args.includes('--no-checkpoint-stream')
    ? undefined
    : await publishedCheckpoints(config.NATS_URL, config.JETSTREAM_STREAM, config.NATS_SUBJECT_PREFIX);

  const dataSource = createServiceDataSource({
    url: workingDatabaseUrl(config),
    applicationName: 'madoguchi-audit-verify',
    poolSize: 4,
  });
  await dataSource.initialize();
  try {
    write(
      `verifying audit log ${config.AUDIT_LOG_ORIGIN} with key ${verifier.name}+${verifier.keyId.toString('hex')}\n`,
    );
    const report = await new LogVerifier(
      new LogReaderRepository(dataSource),
      verifier,
      config.AUDIT_LOG_ORIGIN,
    ).verify({
      externalCheckpoints: published?.notes ?? [],
    });
    write(describeReport(report, published?.stream));
    return report.ok ? EXIT_VERIFIED : EXIT_NOT_VERIFIED;
  } finally {
    await dataSource.destroy();
  }
}

export function describeReport(report: VerificationReport, checkpointStream?: string): string {
  const rate = report.seconds > 0 ? Math.round(report.entries / report.seconds) : report.entries;
  const lines = [
    `  entries:     ${report.entries} recomputed (leaf, tree nodes, sequence without gaps)`,
    `  checkpoints: ${report.checkpoints} in the database` +
      (checkpointStream
        ? `, ${report.externalCheckpoints} on stream ${checkpointStream}`
        : ', checkpoint stream not read'),
    `  personal fields: ${report.personalFields.checked} match their commitments, ${report.personalFields.erased} erased`,
  ];
  if (report.uncovered > 0) {
    lines.push(`  warning: the last ${report.uncovered} entries are not yet covered by a signed checkpoint`);
  }
  if (report.ok) {
    lines.push(
      `OK: the log verifies (${report.entries} entries in ${report.seconds.toFixed(2)} s, ${rate} entries/s)`,
    );
  } else {
    const bad = report.firstBadEntry;
    lines.push(
      bad
        ? `FAILED: first bad entry ${bad.sequence}${bad.eventId ? ` (event ${bad.eventId}${bad.type ? `, ${bad.type}` : ''})` : ''}: ${bad.problem}`
        : 'FAILED: the log does not verify',
      ...report.problems.map((problem) => `  - ${problem}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The notes on the checkpoint stream, or nothing (and a warning) when NATS cannot be reached. */
async function publishedCheckpoints(
  natsUrl: string,
  eventStream: string,
  subjectPrefix: string,
): Promise<{ stream: string; notes: string[] } | undefined> {
  let nats;
  try {
    nats = await connect({ servers: natsServers(natsUrl), timeout: 3_000, name: 'madoguchi-audit-verify' });
  } catch (error) {
    write(
      `warning: checkpoint stream not read, NATS out of reach (${error instanceof Error ? error.message : String(error)})\n`,
    );
    return undefined;
  }
  try {
    const stream = new CheckpointStream(nats, { eventStream, subjectPrefix });
    return { stream: stream.name, notes: await stream.readAll() };
  } catch (error) {
    write(
      `warning: checkpoint stream not read (${error instanceof Error ? error.message : String(error)})\n`,
    );
    return undefined;
  } finally {
    await nats.close();
  }
}
