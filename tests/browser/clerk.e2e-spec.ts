/**
 * The clerk workstation in headless Chromium, against the real queue app and the real card gateway
 * (simulated card over NATS): sign in, open a counter, call a kiosk ticket, run a PIN change with one
 * wrong old PIN typed on the pad, then a reset case with identity documents ticked and the J-LIS step.
 */
import { randomBytes } from 'node:crypto';
import type { INestMicroservice } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import { createCardGatewayApp } from '../../apps/card-gateway/src/card-gateway.app';
import { loadCardGatewayConfig } from '../../apps/card-gateway/src/card-gateway.config';
import { SimulatedCard } from '../../apps/card-gateway/src/card/simulator/card-model';
import { resetOnIssuerTerminal } from '../../apps/card-gateway/src/card/simulator/issuer-terminal';
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
import { occurrencesOf, simulatedReader } from '../card-gateway-support';
import { deleteStream } from '../support/jetstream';
import { testEnvironment } from '../support/test-environment';
import { waitFor } from '../support/wait-for';
import { accessibilityViolations, buildScreens, launchChromium, screenshot } from './browser-support';

const TUESDAY_TEN = '2026-12-01T10:00:00+09:00';
const READ_BINARY = 0xb0;
const PINS = { old: '4826', wrongOld: '9999', new: '7315', reset: '6042' };
const FOUR_DIGIT = ['user-certificate', 'resident-registry', 'card-info-input'] as const;

jest.setTimeout(120_000);

describe('clerk workstation in a browser', () => {
  const env = testEnvironment();
  const readerId = `reader-${env.NATS_SUBJECT_PREFIX?.slice(0, 6) ?? 'x'}`;
  let browser: Browser;
  let office: TestOffice;
  let queue: QueueTestApp;
  let gateway: INestMicroservice;
  let reader: SimulatorTransport;

  beforeAll(async () => {
    buildScreens();
    browser = await launchChromium();
    office = writeTestOffice();
    const clock = testClock(TUESDAY_TEN);
    queue = await startQueueApp(env, office, { listen: true, clock });
    gateway = await createCardGatewayApp(loadCardGatewayConfig({ ...env, READER_ID: readerId }), { clock });
    await gateway.listen();
    reader = simulatedReader(gateway, readerId);
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await queue?.app.close();
    office?.remove();
    await deleteStream(env.NATS_URL ?? '', env.JETSTREAM_STREAM ?? '');
  });

  async function insert(): Promise<SimulatedCard> {
    const card = new SimulatedCard({
      pins: Object.fromEntries(FOUR_DIGIT.map((kind) => [kind, { value: PINS.old }])),
    });
    reader.insert(card);
    await waitFor(() => card.instructionsReceived.includes(READ_BINARY), { what: 'the card identified' });
    return card;
  }

  /** A clerk account made by a supervisor through the API, as an office would. */
  async function seedClerk(): Promise<{ login: string; password: string }> {
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
    return account;
  }

  async function typeOnPad(page: Page, field: string, digits: string): Promise<void> {
    await page.locator(`#${field}`).click();
    for (const digit of digits) await page.locator(`.pin-pad [data-key="${digit}"]`).click();
  }

  async function said(page: Page, text: string): Promise<void> {
    await page.locator('.clerk-message').filter({ hasText: text }).waitFor();
  }

  it('signs in, calls a kiosk ticket, changes PINs on the pad after a wrong old PIN, then runs a reset case', async () => {
    const account = await seedClerk();
    const issued = await api(queue.app)
      .post(`/offices/${office.id}/tickets`)
      .set('Authorization', `Bearer ${await kioskToken(queue.app, office.id)}`)
      .send({ service: 'pin-change', applicant: 'self' })
      .expect(201);
    const ticketNumber = (issued.body as { ticketNumber: string }).ticketNumber;
    const card = await insert();

    const context = await browser.newContext();
    const page = await context.newPage();
    const sent: string[] = [];
    page.on('request', (request) => sent.push(request.postData() ?? ''));
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(`${queue.url}/screens/clerk/${office.id}`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ja');

    // Sign in: the token is kept for this tab only.
    await page.getByLabel('ログインID').fill(account.login);
    await page.getByLabel('パスワード').fill(account.password);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.locator('#counter-open').waitFor();
    const stored = await page.evaluate(() => ({
      session: sessionStorage.getItem('madoguchi.clerk.token'),
      local: Object.keys(localStorage).filter((key) => key.includes('token')),
    }));
    expect(stored.session).toBeTruthy();
    expect(stored.local).toEqual([]);

    // The counter: open, the waiting list, call, start.
    await page.locator('#counter-open').click();
    await page
      .locator('.waiting-list [data-service="pin-change"]')
      .filter({ hasText: ticketNumber })
      .waitFor();
    await page.locator('#call-next').click();
    await page.locator(`.at-counter-number[data-ticket="${ticketNumber}"]`).waitFor();
    await page.locator('#recall').click();
    await said(page, '再度呼び出しました');
    await page.locator('#start').click();
    await said(page, '対応を開始しました');

    // The case, opened from the ticket: a change by the holder needs no identity document.
    await expect(page.locator('#procedure-pin-change').isChecked()).resolves.toBe(true);
    await page.locator('#open-case').click();
    await page.locator('#case-status').filter({ hasText: '手続き中' }).waitFor();
    await page.locator('.verdict').filter({ hasText: '本人確認書類は不要' }).waitFor();

    // The card: tries left of each PIN.
    await page.locator('#reader-id').fill(readerId);
    await page.locator('#check-card').click();
    await page.locator('#tries [data-kind="user-certificate"] td').filter({ hasText: '3回' }).waitFor();

    // Format checked as typed, never echoed.
    await page.locator('#old-pin').pressSequentially('12');
    await page.locator('#old-pin-check').filter({ hasText: '桁数が違います' }).waitFor();
    await page.locator('.pin-pad [data-key="clear"]').click();
    await expect(page.locator('#change-pins').isDisabled()).resolves.toBe(true);

    // The right old PIN on the pad: all three 4-digit PINs change.
    await typeOnPad(page, 'old-pin', PINS.old);
    await typeOnPad(page, 'new-pin', PINS.new);
    await typeOnPad(page, 'confirm-pin', PINS.new);
    await page.locator('#confirm-pin-check').filter({ hasText: '形式OK' }).waitFor();
    await page.locator('#change-pins').click();
    await page.locator('#pins-changed').waitFor();
    for (const field of ['old-pin', 'new-pin', 'confirm-pin']) {
      await expect(page.locator(`#${field}`).inputValue()).resolves.toBe('');
    }
    await expect(page.locator('#continue-as-reset').count()).resolves.toBe(0);
    for (const kind of FOUR_DIGIT) expect(card.pin(kind)?.value).toBe(PINS.new);
    await screenshot(page, 'clerk');

    // The signing PIN: letters and digits on the keyboard (no pad), checked as typed, lower case allowed.
    await page.locator('#change-kind').selectOption('signing-certificate');
    await expect(page.locator('.pin-pad').count()).resolves.toBe(0);
    await expect(page.locator('#old-pin').getAttribute('inputmode')).resolves.toBe('text');
    await page.locator('#new-pin').pressSequentially('abcdef');
    await page.locator('#new-pin-check').filter({ hasText: '英字と数字を両方含めてください' }).waitFor();
    await page.locator('#new-pin').pressSequentially('12');
    await page.locator('#new-pin-check').filter({ hasText: '形式OK' }).waitFor();
    await page.locator('#change-kind').selectOption('all-four-digit');
    await expect(page.locator('#new-pin').inputValue()).resolves.toBe('');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.locator('#complete').click();
    await page.locator('#case-status').filter({ hasText: '完了' }).waitFor();
    await page.locator('#finish').click();
    await said(page, '対応を終了しました');

    // A change whose old PIN is wrong: the card counts a try, the change is over, the case goes on as a reset.
    await page.locator('#new-case').click();
    await page.locator('#procedure-pin-change').check();
    await page.locator('#open-case').click();
    await page.locator('#case-status').filter({ hasText: '手続き中' }).waitFor();
    await page.locator('#check-card').click();
    await said(page, 'カードを確認しました');
    await typeOnPad(page, 'old-pin', PINS.wrongOld);
    await typeOnPad(page, 'new-pin', PINS.old);
    await typeOnPad(page, 'confirm-pin', PINS.old);
    await page.locator('#change-pins').click();
    await said(page, '残り2回');
    await page.locator('#tries [data-kind="user-certificate"] td').filter({ hasText: '2回' }).waitFor();
    await page.locator('#change-failed').filter({ hasText: '変更はできません' }).waitFor();
    await expect(page.locator('#change-pins').count()).resolves.toBe(0);
    await page.locator('#continue-as-reset').click();
    await said(page, '初期化に切り替えました');
    // The reset asks for one more document: the card being reset does not count for it.
    await page.locator('#doc-my-number-card').check();
    await page.locator('#verdict').filter({ hasText: '足りません' }).waitFor();
    await page.locator('#doc-passport').check();
    await page.locator('#doc-passport-expires').fill('2031-03-31');
    await page.locator('#verdict').filter({ hasText: '足りています' }).waitFor();
    await page.locator('#record-identity').click();
    await page.locator('#recorded-verdict').filter({ hasText: '本人確認できました' }).waitFor();
    card.issuerTerminalMode = true; // the clerk's J-LIS terminal
    expect(resetOnIssuerTerminal(card, 'user-certificate', PINS.reset)).toBe('9000');
    card.issuerTerminalMode = false;
    await page.locator('#reset-user-certificate').check();
    await page.locator('#reset-recorded').click();
    await page.locator('#counters-confirmed').waitFor();
    await page.locator('#complete').click();
    await said(page, 'ご本人に入力していただき'); // the new PIN is verified on the card first
    await page.locator('#verify-pin').fill(PINS.reset);
    await page.locator('#verify-new-pin').click();
    await page.locator('#new-pins-verified').waitFor();
    await page.locator('#complete').click();
    await page.locator('#case-status').filter({ hasText: '完了' }).waitFor();

    // A reset case (no ticket): the identity verdict follows the ticks, then the J-LIS step.
    await page.locator('#new-case').click();
    await page.locator('#procedure-pin-reset').check();
    await page.locator('#open-case').click();
    await page.locator('#case-status').filter({ hasText: '手続き中' }).waitFor();
    await page.locator('#verdict').filter({ hasText: '足りません' }).waitFor();
    await page.locator('#doc-passport').check();
    await page.locator('#doc-passport-expires').fill('2031-03-31');
    await page
      .locator('#verdict')
      .filter({ hasText: 'A書類1点' })
      .filter({ hasText: '足りています' })
      .waitFor();
    await page.locator('#record-identity').click();
    await page.locator('#recorded-verdict').filter({ hasText: '本人確認できました' }).waitFor();

    card.issuerTerminalMode = true; // the clerk's J-LIS terminal
    expect(resetOnIssuerTerminal(card, 'user-certificate', '6042')).toBe('9000');
    card.issuerTerminalMode = false;
    await page.locator('#reset-user-certificate').check();
    await page.locator('#reset-recorded').click();
    await said(page, '先にカードを確認してください'); // the case asks for the counters first
    await page.locator('#check-card').click();
    await said(page, 'カードを確認しました');
    await page.locator('#reset-recorded').click();
    await page.locator('#counters-confirmed').waitFor();
    await page.locator('#verify-pin').fill(PINS.reset);
    await page.locator('#verify-new-pin').click();
    await page.locator('#new-pins-verified').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await page.getByRole('heading', { name: 'Identity documents' }).waitFor();
    await screenshot(page, 'clerk-reset-en');
    await page.locator('#complete').click();
    await page.locator('#case-status').filter({ hasText: 'Completed' }).waitFor();

    // No PIN left the browser except inside the change requests themselves, and none is kept.
    const elsewhere = sent.filter((body) => !body.includes('"oldPin"') && !body.includes('"pin"')).join('\n');
    for (const pin of Object.values(PINS)) expect(occurrencesOf(pin, elsewhere)).toBe(0);
    const kept = await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }));
    for (const pin of Object.values(PINS)) expect(occurrencesOf(pin, kept)).toBe(0);
    await context.close();
  });

  it('mails a proxy’s inquiry letter, moves on to the next case, and finds the open case again by its letter', async () => {
    const account = await seedClerk();
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(`${queue.url}/screens/clerk/${office.id}`);
    await page.getByLabel('ログインID').fill(account.login);
    await page.getByLabel('パスワード').fill(account.password);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.locator('#open-case').waitFor();
    // The floor loads after sign-in and redraws the panels: fill the form only after it.
    await page.locator('.waiting-list').waitFor();

    await page.locator('#procedure-pin-reset').check();
    await page.locator('#applicant-proxy').check();
    await page.locator('#open-case').click();
    await page.locator('#case-status').filter({ hasText: '手続き中' }).waitFor();
    await page.locator('#doc-passport').check();
    await page.locator('#doc-passport-expires').fill('2031-03-31');
    await page.locator('#record-identity').click();
    await page.locator('#recorded-verdict').filter({ hasText: '本人確認できました' }).waitFor();
    await page.locator('#letter-mailed').click();
    const reference = ((await page.locator('#letter-reference').textContent()) ?? '').replace(
      /^.*番号\s*/,
      '',
    );
    expect(reference).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
    // The letter goes by post: it cannot come back today.
    await page.locator('#letter-returned').click();
    await said(page, '郵送した日には戻りません');
    await screenshot(page, 'clerk-proxy-mailed');

    // Visit 1 is over: the counter moves on, and the case is listed to resume and found by its letter.
    await page.locator('#new-case').click();
    await page.locator('#open-case').waitFor();
    await page.locator('#find-reference').fill(reference.toLowerCase().replaceAll('-', ''));
    await page.locator('#find-case').click();
    const listed = page.locator('#open-cases li').filter({ hasText: reference });
    await listed.waitFor();
    await expect(page.locator('#open-cases li').count()).resolves.toBe(1);
    await listed.getByRole('button', { name: '再開' }).click();
    await page.locator('#letter-reference').filter({ hasText: reference }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('records a legal representative’s proof of representation for a child’s case', async () => {
    const account = await seedClerk();
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(`${queue.url}/screens/clerk/${office.id}`);
    await page.getByLabel('ログインID').fill(account.login);
    await page.getByLabel('パスワード').fill(account.password);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.locator('#open-case').waitFor();
    // The floor loads after sign-in and redraws the panels: fill the form only after it.
    await page.locator('.waiting-list').waitFor();
    await page.locator('#procedure-pin-change').check();
    await page.locator('#applicant-legal-representative').check();
    await page.locator('#holder-under15').check();
    await page.locator('#open-case').click();
    await page.locator('#case-status').filter({ hasText: '手続き中' }).waitFor();
    await page.locator('#representation-guardianship-registration-certificate').check();
    await page.locator('#record-representation').click();
    // A guardianship certificate does not prove a parent's representation of a child.
    await page.locator('#representation-verdict').filter({ hasText: '確認できません' }).waitFor();
    await page.locator('#representation-family-register-certificate').check();
    await page.locator('#record-representation').click();
    await page.locator('#representation-verdict').filter({ hasText: '確認できました' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });
});
