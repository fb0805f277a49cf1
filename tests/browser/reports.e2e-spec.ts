/**
 * The compliance reports screen in headless Chromium: served by the real queue app (where the auditor
 * signs in), reading a real audit app cross-origin (CORS) over a log fed through NATS: the counts, a
 * violation whose log entry's inclusion proof the page verifies itself, and the CSV download.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import type { DomainEventType } from '@madoguchi/domain';
import {
  api,
  type QueueTestApp,
  staffToken,
  startQueueApp,
  type TestOffice,
  writeTestOffice,
} from '../../apps/queue/src/office/testing/queue-test-harness';
import { auditedEvent } from '../../apps/audit/test-support/audited-events';
import type { AuditedEvent } from '../../apps/audit/src/log/audit-entry';
import { AuditHarness } from '../support/audit-harness';
import { deleteStream } from '../support/jetstream';
import { testEnvironment } from '../support/test-environment';
import { accessibilityViolations, buildScreens, launchChromium, screenshot } from './browser-support';

const DAY = '2026-12-01';

jest.setTimeout(120_000);

/** One case, as the queue records it: its own stream, the office and instant on each event. */
function caseEvents(
  caseId: string,
  opened: { procedure: 'pin-reset' | 'pin-change'; applicant: 'self' | 'proxy' | 'legal-representative' },
  ...rest: [DomainEventType, Record<string, unknown>][]
): AuditedEvent[] {
  const streamId = `case:${caseId}`;
  const at = '2026-12-01T01:00:00.000Z';
  return [
    auditedEvent(
      'CaseOpened',
      { caseId, officeId: 'atsugi', ...opened, holder: {}, appliedOn: DAY, at },
      { streamId },
    ),
    ...rest.map(([type, data], n) => auditedEvent(type, { at, ...data }, { streamId, streamVersion: n + 2 })),
  ];
}

describe('compliance reports screen in a browser', () => {
  const env = testEnvironment();
  let browser: Browser;
  let office: TestOffice;
  let queue: QueueTestApp;
  let audit: AuditHarness;
  let auditUrl: string;
  let published = 0;

  beforeAll(async () => {
    buildScreens();
    browser = await launchChromium();
    office = writeTestOffice();
    queue = await startQueueApp(env, office, { listen: true });
    audit = await AuditHarness.create({ AUDIT_CORS_ORIGINS: queue.url }, queue.clock);
    const app = await audit.start();
    await app.listen(0, '127.0.0.1');
    auditUrl = `http://127.0.0.1:${(app.getHttpServer() as { address(): AddressInfo }).address().port}`;

    const day = `office-day:atsugi:${DAY}`;
    const events = [
      auditedEvent(
        'TicketIssued',
        { ticketNumber: 'R001', issuedAt: '2026-12-01T00:00:00.000Z' },
        { streamId: day },
      ),
      auditedEvent(
        'TicketCalled',
        { ticketNumber: 'R001', calledAt: '2026-12-01T00:10:00.000Z' },
        { streamId: day },
      ),
      auditedEvent('ServiceFinished', { ticketNumber: 'R001', serviceSeconds: 720 }, { streamId: day }),
      ...caseEvents(
        'c-good',
        { procedure: 'pin-reset', applicant: 'self' },
        ['IdentityDocumentsRecorded', { visit: 1, verdict: { sufficient: true, counted: [], rejected: [] } }],
        ['PinsReset', { kinds: ['user-authentication'] }],
        ['CaseCompleted', { procedure: 'pin-reset', visit: 1, identityByException: false }],
      ),
      // A reset completed without any identity document: the violation.
      ...caseEvents('c-no-documents', { procedure: 'pin-reset', applicant: 'self' }, [
        'CaseCompleted',
        { procedure: 'pin-reset', visit: 1, identityByException: false },
      ]),
      ...caseEvents('c-change', { procedure: 'pin-change', applicant: 'self' }),
    ];
    let last = 0;
    for (const event of events) last = await audit.publish(event);
    await audit.waitForSettled(last);
    published = events.length;
    await audit.waitForCheckpoint(published);
  });

  afterAll(async () => {
    await browser?.close();
    await audit?.destroy();
    await queue?.app.close();
    office?.remove();
    await deleteStream(env.NATS_URL ?? '', env.JETSTREAM_STREAM ?? '');
  });

  async function seedAuditor(): Promise<{ login: string; password: string }> {
    const account = {
      login: `auditor-${randomBytes(4).toString('hex')}`,
      displayName: '監査 太郎',
      role: 'auditor',
      password: `pw-${randomBytes(9).toString('base64url')}`,
    };
    await api(queue.app)
      .post('/staff')
      .set('Authorization', `Bearer ${staffToken(queue.app, 'supervisor')}`)
      .send(account)
      .expect(201);
    return account;
  }

  it('signs an auditor in, shows the counts and a violation, verifies an entry proof, downloads the CSV', async () => {
    const account = await seedAuditor();
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.goto(`${queue.url}/screens/reports/atsugi?audit=${encodeURIComponent(auditUrl)}`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ja');

    await page.getByLabel('ログインID').fill(account.login);
    await page.getByLabel('パスワード').fill(account.password);
    await page.getByRole('button', { name: 'サインイン' }).click();

    await page.locator('#from').fill(DAY);
    await page.locator('#to').fill(DAY);
    await page.getByRole('button', { name: 'レポートを表示' }).click();
    await page.locator('#violations').waitFor();

    // The counts: three cases opened, by procedure and by outcome; one wait and one service time.
    await expect(page.locator('.report-title').textContent()).resolves.toContain('開始 3件');
    await expect(page.locator('#by-procedure').innerText()).resolves.toMatch(/暗証番号の初期化\s+2/);
    await expect(page.locator('#by-procedure').innerText()).resolves.toMatch(/暗証番号の変更\s+1/);
    await expect(page.locator('#by-outcome').innerText()).resolves.toMatch(/完了\s+2/);
    await expect(page.locator('#times').innerText()).resolves.toMatch(/600秒/);
    await expect(page.locator('#times').innerText()).resolves.toMatch(/720秒/);
    await expect(page.locator('.report-chart svg rect').count()).resolves.toBeGreaterThan(0);

    // The violation, and its log entry checked in the browser against the checkpoint.
    // The same case also lacks confirmed counters (a log from before the case decided card steps first).
    const violation = page.locator('.violation[data-rule="identity-not-assessed"]').filter({
      hasText: 'c-no-documents',
    });
    await expect(violation.textContent()).resolves.toContain('本人確認の記録なし');
    const treeSize = Number(await page.locator('#tree-size').textContent());
    expect(treeSize).toBe(published);
    await violation.locator('.entry-link').first().focus();
    await page.keyboard.press('Enter');
    await violation
      .locator('.proof.ok')
      .filter({ hasText: /包含証明はチェックポイント \d+ に対して検証されました/ })
      .waitFor();

    // English: the same proof line worded in English.
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(violation.locator('.proof.ok').textContent()).resolves.toMatch(
      /inclusion proof verifies against checkpoint \d+/,
    );
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await screenshot(page, 'reports');

    // The CSV, fetched with the token and saved through a Blob.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`compliance-atsugi-${DAY}-${DAY}.csv`);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('section,key,value,case_id,entries,message');
    expect(csv).toContain('cases,opened,3,,,');
    expect(csv).toContain('c-no-documents');
    await context.close();
  });

  it('refuses a sign-in that is not an auditor', async () => {
    const account = {
      login: `clerk-${randomBytes(4).toString('hex')}`,
      displayName: '窓口 花子',
      role: 'clerk',
      password: `pw-${randomBytes(9).toString('base64url')}`,
    };
    await api(queue.app)
      .post('/staff')
      .set('Authorization', `Bearer ${staffToken(queue.app, 'supervisor')}`)
      .send(account)
      .expect(201);
    const page = await browser.newPage();
    await page.goto(`${queue.url}/screens/reports/atsugi?audit=${encodeURIComponent(auditUrl)}#lang=en`);
    await page.getByLabel('Login').fill(account.login);
    await page.getByLabel('Password').fill(account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.clerk-message').filter({ hasText: 'The auditor role is needed' }).waitFor();
    await expect(page.locator('#show-report').count()).resolves.toBe(0);
    await page.close();
  });
});
