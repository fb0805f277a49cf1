/**
 * One scenario across all screens, with one set of servers (issue 7): a resident takes a PIN-change
 * ticket at the kiosk; the clerk calls it and the display shows it within a second, announcing it in
 * Japanese then English; the clerk runs the change with the simulated card (one wrong old PIN first);
 * then the compliance page, reading the audit log fed by the queue's outbox relay, counts the case.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication, INestMicroservice } from '@nestjs/common';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createCardGatewayApp } from '../../apps/card-gateway/src/card-gateway.app';
import { loadCardGatewayConfig } from '../../apps/card-gateway/src/card-gateway.config';
import { SimulatedCard } from '../../apps/card-gateway/src/card/simulator/card-model';
import type { SimulatorTransport } from '../../apps/card-gateway/src/card/transport/simulator-transport';
import {
  api,
  kioskToken,
  type QueueTestApp,
  staffToken,
  startQueueApp,
  type TestOffice,
  writeTestOffice,
  testClock,
} from '../../apps/queue/src/office/testing/queue-test-harness';
import { simulatedReader } from '../card-gateway-support';
import { AuditHarness } from '../support/audit-harness';
import { deleteStream } from '../support/jetstream';
import { createTestDatabase } from '../support/test-database';
import { testEnvironment } from '../support/test-environment';
import { waitFor } from '../support/wait-for';
import { buildScreens, launchChromium, RECORDING_SPEECH, screenshot, spokenIn } from './browser-support';

const DAY = '2026-12-01';
const TUESDAY_TEN = `${DAY}T10:00:00+09:00`;
const READ_BINARY = 0xb0;
const PINS = { old: '4826', wrongOld: '9999', new: '7315' };
const FOUR_DIGIT = ['user-certificate', 'resident-registry', 'card-info-input'] as const;
/** How long a call may take to reach the wall screen (issue 7). */
const CALL_DEADLINE_MS = 1_000;

jest.setTimeout(150_000);

interface ComplianceReport {
  cases: { opened: number; byProcedure: Record<string, number>; byOutcome: Record<string, number> };
  violations: unknown[];
}

describe('all screens in one scenario', () => {
  const env = testEnvironment();
  const readerId = `reader-${env.NATS_SUBJECT_PREFIX?.slice(0, 6) ?? 'x'}`;
  let database: { url: string; drop: () => Promise<void> };
  let browser: Browser;
  let context: BrowserContext;
  let office: TestOffice;
  let queue: QueueTestApp;
  let gateway: INestMicroservice;
  let reader: SimulatorTransport;
  let audit: AuditHarness;
  let auditUrl: string;

  beforeAll(async () => {
    buildScreens();
    // A database of its own: the outbox relay publishes a whole database, so the audit log this test
    // reads gets only this test's events.
    database = await createTestDatabase();
    env.DATABASE_URL = database.url;
    browser = await launchChromium();
    office = writeTestOffice();
    // One clock for the three services, so the report judges the hours the queue and the card stamped.
    const clock = testClock(TUESDAY_TEN);
    queue = await startQueueApp(env, office, { listen: true, clock });
    gateway = await createCardGatewayApp(loadCardGatewayConfig({ ...env, READER_ID: readerId }), { clock });
    await gateway.listen();
    reader = simulatedReader(gateway, readerId);
    audit = await AuditHarness.create(
      {
        NATS_SUBJECT_PREFIX: env.NATS_SUBJECT_PREFIX ?? '',
        JETSTREAM_STREAM: env.JETSTREAM_STREAM ?? '',
        AUDIT_CORS_ORIGINS: queue.url,
      },
      clock,
    );
    const app = await audit.start();
    await app.listen(0, '127.0.0.1');
    auditUrl = `http://127.0.0.1:${(app.getHttpServer() as { address(): AddressInfo }).address().port}`;
    context = await browser.newContext();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await audit?.destroy();
    await gateway?.close();
    await queue?.app.close();
    office?.remove();
    await deleteStream(env.NATS_URL ?? '', env.JETSTREAM_STREAM ?? '');
    await database?.drop();
  });

  /** A staff account made by a supervisor through the API, as an office would. */
  async function seedStaff(role: 'clerk' | 'auditor'): Promise<{ login: string; password: string }> {
    const account = {
      login: `${role}-${randomBytes(4).toString('hex')}`,
      displayName: role === 'clerk' ? '窓口 花子' : '監査 太郎',
      role,
      password: `pw-${randomBytes(9).toString('base64url')}`,
    };
    await api(queue.app)
      .post('/staff')
      .set('Authorization', `Bearer ${staffToken(queue.app, 'supervisor')}`)
      .send(account)
      .expect(201);
    return account;
  }

  async function signIn(page: Page, account: { login: string; password: string }): Promise<void> {
    await page.getByLabel('ログインID').fill(account.login);
    await page.getByLabel('パスワード').fill(account.password);
    await page.getByRole('button', { name: 'サインイン' }).click();
  }

  async function typeOnPad(page: Page, field: string, digits: string): Promise<void> {
    await page.locator(`#${field}`).click();
    for (const digit of digits) await page.locator(`.pin-pad [data-key="${digit}"]`).click();
  }

  async function said(page: Page, text: string): Promise<void> {
    await page.locator('.clerk-message').filter({ hasText: text }).waitFor();
  }

  it('kiosk ticket → clerk call shown and announced on the display → PIN change on the card → counted in the compliance report', async () => {
    const clerkAccount = await seedStaff('clerk');
    const auditorAccount = await seedStaff('auditor');

    // The kiosk, provisioned by its address: a PIN change by the holder.
    const kiosk = await context.newPage();
    await kiosk.setViewportSize({ width: 1080, height: 1600 });
    const token = await kioskToken(queue.app, office.id);
    await kiosk.goto(`${queue.url}/screens/kiosk/${office.id}#device-token=${token}`);
    await kiosk.getByRole('heading', { name: 'ご用件をお選びください' }).waitFor();
    await kiosk.locator('[data-service="pin-change"]').click();
    await kiosk.locator('[data-applicant="self"]').click();
    await kiosk.getByRole('button', { name: '整理券を発行する' }).click();
    const ticket = kiosk.locator('.ticket-number[data-ticket]');
    await ticket.waitFor();
    const ticketNumber = (await ticket.getAttribute('data-ticket')) ?? '';
    expect(ticketNumber).toBe('C001');
    await screenshot(kiosk, 'all-kiosk');

    // The wall screen, with a speech engine that records what it is asked to say.
    const display = await context.newPage();
    await display.setViewportSize({ width: 1920, height: 1080 });
    await display.addInitScript(RECORDING_SPEECH(30));
    await display.goto(`${queue.url}/screens/display/${office.id}`);
    await display.locator('.display-hours').waitFor();
    await display.locator('.feed-live').waitFor({ state: 'attached' });

    // The card on the clerk's reader.
    const card = new SimulatedCard({
      pins: Object.fromEntries(FOUR_DIGIT.map((kind) => [kind, { value: PINS.old }])),
    });
    reader.insert(card);
    await waitFor(() => card.instructionsReceived.includes(READ_BINARY), { what: 'the card identified' });

    // The clerk signs in, opens the counter and calls the next ticket: the display shows it within 1 s.
    const clerk = await context.newPage();
    await clerk.setViewportSize({ width: 1600, height: 1000 });
    await clerk.goto(`${queue.url}/screens/clerk/${office.id}`);
    await signIn(clerk, clerkAccount);
    await clerk.locator('#counter-open').click();
    await clerk
      .locator('.waiting-list [data-service="pin-change"]')
      .filter({ hasText: ticketNumber })
      .waitFor();
    const called = Date.now();
    await clerk.locator('#call-next').click();
    await display
      .locator(`.call-board [data-ticket="${ticketNumber}"]`)
      .waitFor({ timeout: CALL_DEADLINE_MS });
    const shownAfter = Date.now() - called;
    expect(shownAfter).toBeLessThan(CALL_DEADLINE_MS + 200);
    await clerk.locator(`.at-counter-number[data-ticket="${ticketNumber}"]`).waitFor();
    const counter = (await display.locator('.call.newest .call-counter').textContent()) ?? '';
    const counterNumber = /^(\d+)番窓口$/.exec(counter)?.[1];
    expect(counterNumber).toBeDefined();

    // Its announcement: Japanese first, then English.
    await display.waitForFunction(
      () => (window as unknown as { __speech: { spoken: unknown[] } }).__speech.spoken.length >= 2,
      undefined,
      { timeout: 10_000 },
    );
    const { spoken, overlaps } = await spokenIn(display);
    expect(overlaps).toBe(0);
    expect(spoken).toEqual([
      { lang: 'ja-JP', text: `受付番号、シー、1番のかた、${counterNumber}番窓口へお越しください。` },
      { lang: 'en-US', text: `Ticket number C 1, please come to counter ${counterNumber}.` },
    ]);
    await screenshot(display, 'all-display');

    // The change case, opened from the ticket.
    await clerk.locator('#start').click();
    await said(clerk, '対応を開始しました');
    await expect(clerk.locator('#procedure-pin-change').isChecked()).resolves.toBe(true);
    await clerk.locator('#open-case').click();
    await clerk.locator('#case-status').filter({ hasText: '手続き中' }).waitFor();
    await clerk.locator('#reader-id').fill(readerId);
    await clerk.locator('#check-card').click();
    await clerk.locator('#tries [data-kind="user-certificate"] td').filter({ hasText: '3回' }).waitFor();

    // The right old PIN: the three 4-digit PINs change; the case is completed and the service finished.
    await typeOnPad(clerk, 'old-pin', PINS.old);
    await typeOnPad(clerk, 'new-pin', PINS.new);
    await typeOnPad(clerk, 'confirm-pin', PINS.new);
    await clerk.locator('#change-pins').click();
    await clerk.locator('#pins-changed').waitFor();
    for (const kind of FOUR_DIGIT) expect(card.pin(kind)?.value).toBe(PINS.new);
    await clerk.locator('#complete').click();
    await clerk.locator('#case-status').filter({ hasText: '完了' }).waitFor();
    await screenshot(clerk, 'all-clerk');
    await clerk.locator('#finish').click();
    await said(clerk, '対応を終了しました');

    // The relay publishes from the queue's database: wait until the audit log's report counts the case.
    const report = await waitFor(
      async () => {
        const response = await api(audit.app as INestApplication)
          .get(`/reports/compliance?from=${DAY}&to=${DAY}&office=${office.id}`)
          .set('Authorization', audit.bearer('auditor'));
        const body = response.body as ComplianceReport;
        return response.status === 200 && body.cases?.byOutcome?.completed === 1 ? body : undefined;
      },
      { what: 'the completed case in the compliance report', timeoutMs: 30_000, intervalMs: 100 },
    );
    expect(report.cases).toMatchObject({ opened: 1, byProcedure: { 'pin-change': 1 } });
    expect(report.violations).toEqual([]);

    // The compliance page, an auditor signed in, reading the audit app cross-origin.
    const reports = await context.newPage();
    await reports.setViewportSize({ width: 1400, height: 1000 });
    await reports.goto(`${queue.url}/screens/reports/${office.id}?audit=${encodeURIComponent(auditUrl)}`);
    await signIn(reports, auditorAccount);
    await reports.locator('#from').fill(DAY);
    await reports.locator('#to').fill(DAY);
    await reports.getByRole('button', { name: 'レポートを表示' }).click();
    await reports.locator('#violations').waitFor();
    await expect(reports.locator('.report-title').textContent()).resolves.toContain('開始 1件');
    await expect(reports.locator('#by-procedure').innerText()).resolves.toMatch(/暗証番号の変更\s+1/);
    await expect(reports.locator('#by-outcome').innerText()).resolves.toMatch(/完了\s+1/);
    await expect(reports.locator('#violations-title').textContent()).resolves.toBe('違反（0件）');
    await expect(reports.locator('#violations').innerText()).resolves.toContain('違反はありません');
    await screenshot(reports, 'all-reports');
  });
});
