/**
 * Creates the first supervisor of a queue database:
 *
 *   npm run staff:create-supervisor -- --login <login> --name <display name> [--force]
 *
 * The password comes from STAFF_PASSWORD (CI) or stdin: typed without echo, twice, at a terminal, or the
 * first line of a pipe. Refused while an active supervisor exists, unless --force. Prints nothing secret.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  commonEnvironment,
  databaseEnvironment,
  loadConfig,
  openServiceDatabase,
  systemClock,
} from '@madoguchi/platform';
import { QUEUE_MIGRATIONS } from '../queue.module';
import { PasswordHasher } from './password-hasher';
import { displayName, loginName, newPassword } from './staff.inputs';
import { StaffRepository } from './staff.repository';
import { StaffService } from './staff.service';

const USAGE = 'usage: npm run staff:create-supervisor -- --login <login> --name <display name> [--force]';

const commandEnvironment = z.object({
  ...commonEnvironment,
  ...databaseEnvironment,
  STAFF_PASSWORD: z.string().optional(),
});

class UsageError extends Error {}

interface CommandInput {
  login: string;
  name: string;
  force: boolean;
}

/** Read before the password, so that a mistyped option is reported before anyone types a password. */
function parseArguments(args: string[]): Partial<CommandInput> {
  try {
    const { values } = parseArgs({
      args,
      options: { login: { type: 'string' }, name: { type: 'string' }, force: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    });
    return values;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

function validate(values: Partial<CommandInput>, password: string): CommandInput & { password: string } {
  const parsed = z
    .object({
      login: loginName,
      name: displayName,
      password: z.string().min(1, 'none given (stdin or STAFF_PASSWORD)').pipe(newPassword),
    })
    .safeParse({ login: values.login ?? '', name: values.name ?? '', password });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const field = String(issue.path[0]);
      return `${field === 'password' ? 'password' : `--${field}`}: ${issue.message}`;
    });
    throw new UsageError(`${problems.join('\n')}\n${USAGE}`);
  }
  return { ...parsed.data, force: values.force === true };
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  const password = await promptHidden('password: ');
  if ((await promptHidden('password again: ')) !== password) throw new UsageError('the passwords differ');
  return password;
}

function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (outcome: () => void) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      outcome();
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish(() => resolve(typed));
        if (char === '\u0003') return finish(() => reject(new UsageError('cancelled')));
        typed = char === '\u007f' || char === '\b' ? typed.slice(0, -1) : typed + char;
      }
    };
    stdin.on('data', onData);
  });
}

async function main(): Promise<number> {
  const config = loadConfig(commandEnvironment);
  const values = parseArguments(process.argv.slice(2));
  const input = validate(values, config.STAFF_PASSWORD ?? (await readPassword()));
  const dataSource = await openServiceDatabase({
    url: config.DATABASE_URL,
    applicationName: 'madoguchi-queue-create-supervisor',
    migrations: QUEUE_MIGRATIONS,
    // One connection holds the migration lock while another migrates.
    poolSize: 2,
  });
  try {
    const staff = new StaffService(new StaffRepository(dataSource), new PasswordHasher(), systemClock);
    const account = await staff.createFirstSupervisor(
      { login: input.login, displayName: input.name, password: input.password },
      { force: input.force, actor: { kind: 'system', id: 'staff:create-supervisor' } },
    );
    process.stdout.write(`created supervisor ${account.login} (${account.id})\n`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Messages only: a stack or a driver error could carry more than we mean to print.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
