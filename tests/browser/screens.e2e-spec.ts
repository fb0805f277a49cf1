import type { Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { deleteStream } from '../support/jetstream';
import { testEnvironment } from '../support/test-environment';
import {
  api,
  kioskToken,
  type QueueTestApp,
  staffToken,
  startQueueApp,
  type TestOffice,
  writeTestOffice,
} from '../../apps/queue/src/office/testing/queue-test-harness';
import {
  accessibilityViolations,
  buildScreens,
  freePort,
  launchChromium,
  RECORDING_SPEECH,
  screenshot,
  spokenIn,
} from './browser-support';

const MONDAY = '2026-12-07';
const NINE = `${MONDAY}T09:00:00+09:00`;
/** 勤労感謝の日: the counter is closed; it opens next on Tuesday 24 November at 08:30. */
const HOLIDAY = '2026-11-23T10:00:00+09:00';
/** How long a call may take to reach the wall screen (issue 7). */
const CALL_DEADLINE_MS = 1_000;

jest.setTimeout(90_000);

describe('screens in a browser: display, kiosk and ticket status', () => {
  let browser: Browser;
  let context: BrowserContext;
  let env: Record<string, string>;
  let office: TestOffice;
  let queues: QueueTestApp[] = [];

  beforeAll(async () => {
    buildScreens();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    env = testEnvironment();
    office = writeTestOffice();
    queues = [];
    context = await browser.newContext();
  });
  afterEach(async () => {
    await context?.close();
    await Promise.all(queues.map((queue) => queue.app.close()));
    office?.remove();
    await deleteStream(env.NATS_URL ?? '', env.JETSTREAM_STREAM ?? '');
  });

  async function startQueue(at = NINE, port?: number): Promise<QueueTestApp> {
    const queue = await startQueueApp(env, office, { listen: port === undefined });
    queues.push(queue);
    queue.clock.set(at);
    if (port === undefined) return queue;
    await queue.app.listen(port, '127.0.0.1');
    return { ...queue, url: `http://127.0.0.1:${port}` };
  }

  async function issue(queue: QueueTestApp, service: string, applicant?: string): Promise<string> {
    const response = await api(queue.app)
      .post(`/offices/${office.id}/tickets`)
      .set('Authorization', `Bearer ${await kioskToken(queue.app, office.id)}`)
      .send({ service, ...(applicant && { applicant }) })
      .expect(201);
    return (response.body as { ticketNumber: string }).ticketNumber;
  }

  function clerk(queue: QueueTestApp, path: string) {
    return api(queue.app)
      .post(`/offices/${office.id}/counters/${path}`)
      .set('Authorization', `Bearer ${staffToken(queue.app, 'clerk')}`)
      .send({})
      .expect(200);
  }

  async function displayPage(url: string): Promise<Page> {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.addInitScript(RECORDING_SPEECH(30));
    await page.goto(`${url}/screens/display/${office.id}`);
    await page.locator('.display-hours').waitFor();
    await page.locator('.feed-live').waitFor({ state: 'attached' });
    return page;
  }

  it('display: a call shows within a second, and two quick calls are announced in turn, Japanese then English', async () => {
    const queue = await startQueue();
    for (let n = 0; n < 3; n++) await issue(queue, 'pin-change', 'self');
    await clerk(queue, '1/open');
    await clerk(queue, '2/open');
    const page = await displayPage(queue.url);
    await page
      .locator('.lines [data-service="pin-change"] .line-waiting')
      .filter({ hasText: '3人' })
      .waitFor();

    const called = Date.now();
    await clerk(queue, '1/call-next');
    await page.locator('.call-board [data-ticket="C001"]').waitFor({ timeout: CALL_DEADLINE_MS });
    expect(Date.now() - called).toBeLessThan(CALL_DEADLINE_MS + 200);
    await expect(page.locator('.call.newest .call-counter').textContent()).resolves.toBe('1番窓口');

    // Two calls in quick succession: each waits for the one before it; none is lost or cut off.
    await Promise.all([clerk(queue, '2/call-next'), clerk(queue, '1/recall')]);
    await page.waitForFunction(
      () => (window as unknown as { __speech: { spoken: unknown[] } }).__speech.spoken.length >= 6,
      undefined,
      { timeout: 10_000 },
    );
    const { spoken, overlaps } = await spokenIn(page);
    expect(overlaps).toBe(0);
    expect(spoken.map((utterance) => utterance.lang)).toEqual([
      'ja-JP',
      'en-US',
      'ja-JP',
      'en-US',
      'ja-JP',
      'en-US',
    ]);
    expect(spoken[0]?.text).toBe('受付番号、シー、1番のかた、1番窓口へお越しください。');
    expect(spoken[1]?.text).toBe('Ticket number C 1, please come to counter 1.');
    const rest = spoken.slice(2).map((utterance) => utterance.text);
    expect(rest).toEqual(
      expect.arrayContaining([
        '受付番号、シー、2番のかた、2番窓口へお越しください。',
        'Ticket number C 2, please come to counter 2.',
        '再度お呼びします。受付番号、シー、1番のかた、1番窓口へお越しください。',
        'Calling again. Ticket number C 1, please come to counter 1.',
      ]),
    );
    await expect(page.locator('.announcement').getAttribute('aria-live')).resolves.toBe('assertive');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ja');
    await screenshot(page, 'display');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await page.getByRole('heading', { name: 'Now calling' }).waitFor();
    await screenshot(page, 'display-en');
  });

  it('display: after the queue app restarts, it reconnects, resumes from its last event and announces the calls it missed', async () => {
    const port = await freePort();
    const first = await startQueue(NINE, port);
    await issue(first, 'pin-reset', 'self');
    await issue(first, 'pin-reset', 'self');
    await clerk(first, '3/open');
    await clerk(first, '3/call-next');
    const page = await displayPage(first.url);
    await page.locator('.call-board [data-ticket="R001"]').waitFor();

    // The app goes away with the screen connected; a call is made meanwhile (on the same servers).
    (first.app.getHttpServer() as Server).closeAllConnections();
    await first.app.close();
    queues = queues.filter((queue) => queue.app !== first.app);
    await page.locator('.feed-reconnecting').waitFor();
    const second = await startQueueApp(env, office);
    queues.push(second);
    second.clock.set(NINE);
    await clerk(second, '3/finish')
      .expect(200)
      .catch(() => undefined);
    await clerk(second, '4/open');
    await clerk(second, '4/call-next');
    await second.app.listen(port, '127.0.0.1');

    await page.locator('.call-board [data-ticket="R002"]').waitFor({ timeout: 20_000 });
    await page.locator('.feed-live').waitFor({ state: 'attached' });
    await page.waitForFunction(
      () => (window as unknown as { __speech: { spoken: unknown[] } }).__speech.spoken.length >= 2,
    );
    const { spoken } = await spokenIn(page);
    // R001 was on the board before the screen came on: shown, not announced. R002 was missed: announced.
    expect(spoken.map((utterance) => utterance.text)).toEqual([
      '受付番号、アール、2番のかた、4番窓口へお越しください。',
      'Ticket number R 2, please come to counter 4.',
    ]);
  });

  it('kiosk: provisioned by its address, issues a PIN-change ticket with the checklist, rules and a QR code', async () => {
    const queue = await startQueue();
    const token = await kioskToken(queue.app, office.id);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1080, height: 1600 });
    await page.goto(`${queue.url}/screens/kiosk/${office.id}#device-token=${token}&paper=58`);
    await page.getByRole('heading', { name: 'ご用件をお選びください' }).waitFor();
    // The token is kept by the browser and taken out of the address.
    expect(new URL(page.url()).hash).toBe('');
    await expect(
      page.evaluate((id) => localStorage.getItem(`madoguchi.kiosk.device-token.${id}`), office.id),
    ).resolves.toBe(token);
    expect(await accessibilityViolations(page)).toEqual([]);

    // Keyboard: Tab to the procedure and press Enter.
    const change = page.locator('[data-service="pin-change"]');
    await change.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'どなたが手続きされますか' }).waitFor();
    await page.locator('[data-applicant="proxy"]').click();
    await page.getByRole('heading', { name: 'ご確認ください' }).waitFor();
    const rules = await page.locator('.rules li').allTextContents();
    expect(rules.join('\n')).toMatch(/住民登録/);
    expect(rules.join('\n')).toMatch(/今の暗証番号が必要/);
    expect(rules.join('\n')).toMatch(/A書類1点またはB書類2点.*2回の来庁/);
    await screenshot(page, 'kiosk-rules');
    await page.getByRole('button', { name: '整理券を発行する' }).click();

    await page.locator('.ticket-number[data-ticket="C001"]').waitFor();
    const checklist = await page.locator('.checklist li').allTextContents();
    expect(checklist.length).toBeGreaterThan(1);
    await expect(page.locator('.qr svg').count()).resolves.toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'kiosk-ticket');
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 220, height: 800 });
    await expect(page.locator('.kiosk-header').isVisible()).resolves.toBe(false);
    await screenshot(page, 'kiosk-ticket-print-58mm');
    await page.emulateMedia({ media: 'screen' });

    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await page.getByRole('heading', { name: 'Your number' }).waitFor();
  });

  it('kiosk: on a holiday it shows why it is closed and when the counter opens next; after hours it refuses with the next opening', async () => {
    const queue = await startQueue(HOLIDAY);
    const token = await kioskToken(queue.app, office.id);
    const page = await context.newPage();
    await page.goto(`${queue.url}/screens/kiosk/${office.id}#device-token=${token}`);
    const notice = page.locator('.closed-notice');
    await notice.waitFor();
    await expect(notice.locator('h2').textContent()).resolves.toBe(
      '祝日のため閉庁しています（勤労感謝の日）',
    );
    await expect(notice.locator('.next-opening').textContent()).resolves.toMatch(/11月24日.*08:30/);
    await expect(page.locator('[data-service]').count()).resolves.toBe(0);
    await screenshot(page, 'kiosk-closed');
    expect(await accessibilityViolations(page)).toEqual([]);

    queue.clock.set(`${MONDAY}T17:30:00+09:00`);
    await page.reload();
    await page.locator('[data-service="general-enquiry"]').click();
    await page.getByRole('button', { name: '整理券を発行する' }).click();
    await expect(page.locator('.closed-notice h2').textContent()).resolves.toBe('本日の受付は終了しました。');
    await expect(page.locator('.closed-notice .next-opening').textContent()).resolves.toMatch(
      /12月8日.*08:30/,
    );
  });

  it('ticket status: shows place in line and wait, then "come to counter N" as soon as it is called', async () => {
    const queue = await startQueue();
    await issue(queue, 'pin-reset', 'self');
    const mine = await issue(queue, 'pin-reset', 'self');
    await clerk(queue, '2/open');
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${queue.url}/screens/ticket/${office.id}/${MONDAY}/${mine}`);
    await page.locator('.position').filter({ hasText: '2番目' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'ticket-waiting');

    await clerk(queue, '2/call-next');
    await page.locator('.position').filter({ hasText: '1番目' }).waitFor({ timeout: 5_000 });
    await clerk(queue, '2/start');
    await clerk(queue, '2/finish');
    await clerk(queue, '2/call-next');
    await page
      .locator('.called-to')
      .filter({ hasText: '2番窓口へお越しください' })
      .waitFor({ timeout: 5_000 });
    await screenshot(page, 'ticket-called');
  });
});
