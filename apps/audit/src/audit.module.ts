import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import {
  AuthModule,
  type Clock,
  CLOCK,
  ClockModule,
  HealthController,
  InfrastructureModule,
  NATS_CONNECTION,
  PostgresMessageQuarantine,
  tokenKeysFromConfig,
} from '@madoguchi/platform';
import type { NatsConnection } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import type { AuditConfig } from './audit.config';
import { AuditLifecycle } from './audit.lifecycle';
import { CheckpointService } from './checkpoints/checkpoint.service';
import { CheckpointSigner } from './checkpoints/checkpoint-signer';
import { CheckpointStream } from './checkpoints/checkpoint-stream';
import { openAuditDatabase, workingDatabaseUrl } from './database/audit-database';
import { AuditIngestController } from './ingest/audit-ingest.controller';
import { AuditIngestService } from './ingest/audit-ingest.service';
import { LogReaderRepository } from './log/log-reader.repository';
import { LogSequencer, type SequencerHooks } from './log/log-sequencer';
import { LogWriterRepository } from './log/log-writer.repository';
import { LogController } from './proofs/log.controller';
import { ComplianceRepository } from './reports/compliance.repository';
import { ComplianceReportService } from './reports/compliance-report.service';
import { loadOfficeCalendars } from './reports/office-calendars';
import { ReportsController } from './reports/reports.controller';
import { LogProofService } from './proofs/log-proof.service';

export const AUDIT_DATA_SOURCE = Symbol('AUDIT_DATA_SOURCE');

export interface AuditModuleOptions {
  /** A test's clock (see ClockModule); the system clock otherwise. */
  clock?: Clock;
  /** What to do when another process took over as sequencer while this one was cut off; main.ts exits. */
  onLockLost?: SequencerHooks['onLockLost'];
}

/** The audit service: every event into a tamper-evident log, and compliance reports over it. */
@Module({})
export class AuditModule {
  static forRoot(config: AuditConfig, options: AuditModuleOptions = {}): DynamicModule {
    const providers: Provider[] = [
      {
        provide: AUDIT_DATA_SOURCE,
        useFactory: () => openAuditDatabase(config),
      },
      {
        provide: PostgresMessageQuarantine,
        inject: [AUDIT_DATA_SOURCE],
        useFactory: (dataSource: DataSource) => new PostgresMessageQuarantine(dataSource),
      },
      {
        provide: LogReaderRepository,
        inject: [AUDIT_DATA_SOURCE],
        useFactory: (dataSource: DataSource) => new LogReaderRepository(dataSource),
      },
      {
        provide: CheckpointSigner,
        useFactory: () =>
          CheckpointSigner.fromConfiguration(config.AUDIT_LOG_ORIGIN, config.AUDIT_SIGNING_KEY),
      },
      {
        provide: LogSequencer,
        inject: [CheckpointSigner],
        useFactory: (signer: CheckpointSigner) =>
          new LogSequencer(new LogWriterRepository(workingDatabaseUrl(config)), signer, {
            onLockLost: options.onLockLost ?? (() => undefined),
          }),
      },
      {
        provide: CheckpointStream,
        inject: [NATS_CONNECTION],
        useFactory: (nats: NatsConnection) =>
          new CheckpointStream(nats, {
            eventStream: config.JETSTREAM_STREAM,
            subjectPrefix: config.NATS_SUBJECT_PREFIX,
            replicas: config.JETSTREAM_REPLICAS,
          }),
      },
      {
        provide: CheckpointService,
        inject: [LogSequencer, LogReaderRepository, CheckpointStream, CLOCK],
        useFactory: (
          sequencer: LogSequencer,
          reader: LogReaderRepository,
          stream: CheckpointStream,
          clock: Clock,
        ) =>
          new CheckpointService(sequencer, reader, stream, clock, {
            intervalMs: config.AUDIT_CHECKPOINT_INTERVAL_MS,
          }),
      },
      {
        provide: AuditIngestService,
        inject: [LogSequencer, PostgresMessageQuarantine],
        useFactory: (sequencer: LogSequencer, quarantine: PostgresMessageQuarantine) =>
          new AuditIngestService(sequencer, quarantine, {
            stream: config.JETSTREAM_STREAM,
            subjectPrefix: config.NATS_SUBJECT_PREFIX,
            consumer: config.AUDIT_CONSUMER,
          }),
      },
      {
        provide: LogProofService,
        inject: [LogReaderRepository, CheckpointSigner],
        useFactory: (reader: LogReaderRepository, signer: CheckpointSigner) =>
          new LogProofService(reader, signer),
      },
      {
        provide: ComplianceReportService,
        inject: [AUDIT_DATA_SOURCE, LogReaderRepository],
        useFactory: (dataSource: DataSource, reader: LogReaderRepository) =>
          new ComplianceReportService(
            new ComplianceRepository(dataSource),
            reader,
            loadOfficeCalendars(config.OFFICE_CONFIG_DIR),
          ),
      },
      {
        provide: AuditLifecycle,
        inject: [
          LogSequencer,
          CheckpointService,
          AuditIngestService,
          NATS_CONNECTION,
          AUDIT_DATA_SOURCE,
          CheckpointSigner,
        ],
        useFactory: (
          sequencer: LogSequencer,
          checkpoints: CheckpointService,
          ingest: AuditIngestService,
          nats: NatsConnection,
          dataSource: DataSource,
          signer: CheckpointSigner,
        ) =>
          new AuditLifecycle(sequencer, checkpoints, ingest, nats, dataSource, signer, {
            stream: config.JETSTREAM_STREAM,
            subjectPrefix: config.NATS_SUBJECT_PREFIX,
            replicas: config.JETSTREAM_REPLICAS,
          }),
      },
    ];
    return {
      module: AuditModule,
      imports: [
        ClockModule.forRoot({ nodeEnv: config.NODE_ENV, clock: options.clock }),
        InfrastructureModule.forRoot({
          service: 'audit',
          natsUrl: config.NATS_URL,
          databaseUrl: workingDatabaseUrl(config),
        }),
        // Every HTTP route is closed unless it names its roles; the log is for the auditor role.
        AuthModule.forRoot({ keys: tokenKeysFromConfig(config) }),
      ],
      controllers: [HealthController, AuditIngestController, LogController, ReportsController],
      providers,
    };
  }
}
