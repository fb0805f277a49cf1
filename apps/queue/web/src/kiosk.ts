import './styles.css';
import QRCode from 'qrcode';
import type { LocalizedText } from '@madoguchi/domain';
import {
  ApiError,
  type CalendarDayView,
  type DisplaySnapshot,
  getJson,
  type IssuedTicketView,
  nextOpenDay,
  officePath,
  type OfficeSummaryView,
  postJson,
} from './api';
import { el, mount, pathParts } from './html';
import { closedReason, formatDate, formatOpening, langToggle, minutes, onLangChange, tr } from './i18n';

/**
 * The ticket kiosk: /screens/kiosk/:officeId. It needs the device token a supervisor got from
 * POST /devices: opened once as /screens/kiosk/:officeId#device-token=<token>, the token is kept in this
 * browser's local storage and taken out of the address. `#paper=58` (or 80, the default) sets the
 * receipt width.
 */
const officeId = pathParts()[0] ?? '';
const root = document.getElementById('app') as HTMLElement;
const TOKEN_KEY = `madoguchi.kiosk.device-token.${officeId}`;
const PAPER_KEY = 'madoguchi.kiosk.paper';
/** Back to the start when nobody touches the finished ticket screen. */
const IDLE_RESET_MS = 90_000;

type ApplicantType = 'self' | 'legal-representative' | 'proxy';
type Service = OfficeSummaryView['services'][number];
type Refusal = {
  code: string;
  nextOpening?: string;
  reason?: string;
  holidayName?: string;
  cutoffAt?: string;
};

type Step =
  | { kind: 'loading' }
  | { kind: 'setup' }
  | { kind: 'service' }
  | { kind: 'applicant'; service: Service }
  | { kind: 'confirm'; service: Service; applicant: ApplicantType | undefined; idempotencyKey: string }
  | { kind: 'issuing'; service: Service }
  | { kind: 'ticket'; service: Service; ticket: IssuedTicketView; qr: string }
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'error'; message: LocalizedText; retry?: Step };

let step: Step = { kind: 'loading' };
let office: OfficeSummaryView | undefined;
let today: DisplaySnapshot['today'] | undefined;
let nextOpen: Extract<CalendarDayView, { open: true }> | undefined;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

const APPLICANTS: { type: ApplicantType; name: LocalizedText; hint: LocalizedText }[] = [
  {
    type: 'self',
    name: { ja: 'ご本人', en: 'The cardholder' },
    hint: { ja: 'カードの名義人ご本人が来庁', en: 'The holder of the card comes in person' },
  },
  {
    type: 'legal-representative',
    name: { ja: '法定代理人', en: 'Legal representative' },
    hint: {
      ja: '15歳未満の方の親権者、成年後見人など',
      en: 'Parent of a child under 15, adult guardian and the like',
    },
  },
  {
    type: 'proxy',
    name: { ja: '任意代理人', en: 'Proxy' },
    hint: { ja: '委任状をお持ちの代理の方', en: 'Someone holding a power of attorney' },
  },
];

const RULES = {
  residents: {
    ja: 'この窓口で手続きできるのは、この市に住民登録のある方のカードだけです。',
    en: 'Only cards of residents registered in this city can be handled here.',
  },
  proxy: {
    ja: '任意代理人の方は、ご自身の本人確認書類がA書類1点またはB書類2点必要です。本人あての照会書をお持ちいただくため、2回の来庁が必要です。',
    en: 'A proxy needs their own ID: one type A document or two type B documents. A proxy comes twice: the second time with the inquiry letter sent to the cardholder.',
  },
  change: {
    ja: '暗証番号の変更には、今の暗証番号が必要です。分からない・ロックされた場合は「再設定（初期化）」をお選びください。',
    en: 'A PIN change needs the current PIN. If it is forgotten or locked, choose the PIN reset instead.',
  },
  reset: {
    ja: '暗証番号を忘れた・ロックされた場合の手続きです。新しい暗証番号を窓口で設定します。',
    en: 'For a forgotten or locked PIN: a new PIN is set at the counter.',
  },
} satisfies Record<string, LocalizedText>;

const REFUSALS: Record<string, LocalizedText> = {
  'before-opening': { ja: 'まだ受付時間前です。', en: 'The counter is not open yet.' },
  'after-closing': { ja: '本日の受付は終了しました。', en: 'The counter has closed for today.' },
  'past-cutoff': { ja: '本日の発券は終了しました。', en: 'No more tickets are issued today.' },
  'wait-runs-past-closing': {
    ja: '待ち時間が閉庁時刻を過ぎるため、本日の発券は終了しました。',
    en: 'The wait would run past closing time, so no more tickets are issued today.',
  },
  'day-closed': { ja: '本日の受付は終了しました。', en: 'The counter has closed for today.' },
};

function token(): string | undefined {
  try {
    return localStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** First setup: the token (and paper width) arrive in the address fragment, which never reaches a server. */
function provisionFromFragment(): void {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const given = fragment.get('device-token');
  const paper = fragment.get('paper');
  try {
    if (given) localStorage.setItem(TOKEN_KEY, given);
    if (paper === '58' || paper === '80') localStorage.setItem(PAPER_KEY, paper);
  } catch {
    // Without storage the kiosk cannot remember its token; the setup notice will say so.
  }
  if (given || paper) history.replaceState(null, '', location.pathname + location.search);
}

function applyPaperWidth(): void {
  let paper = '80';
  try {
    paper = localStorage.getItem(PAPER_KEY) ?? '80';
  } catch {
    // default width
  }
  document.body.dataset.paper = paper;
  const style =
    document.getElementById('page-size') ?? document.head.appendChild(el('style', { id: 'page-size' }));
  style.textContent = `@page { size: ${paper}mm auto; margin: 2mm; }`;
}

function go(next: Step): void {
  step = next;
  clearTimeout(idleTimer);
  if (next.kind === 'ticket' || next.kind === 'refused' || next.kind === 'error') {
    idleTimer = setTimeout(() => go({ kind: 'service' }), IDLE_RESET_MS);
  }
  render();
  // Move focus to the new step's heading, so keyboard and screen-reader users land on it.
  root.querySelector<HTMLElement>('h2')?.focus();
}

function isPin(service: Service): boolean {
  return service.procedure === 'pin-reset' || service.procedure === 'pin-change';
}

function choose(service: Service): void {
  if (isPin(service)) go({ kind: 'applicant', service });
  else go({ kind: 'confirm', service, applicant: undefined, idempotencyKey: crypto.randomUUID() });
}

async function issue(confirm: Extract<Step, { kind: 'confirm' }>): Promise<void> {
  const deviceToken = token();
  if (!deviceToken) return go({ kind: 'setup' });
  go({ kind: 'issuing', service: confirm.service });
  try {
    const ticket = await postJson<IssuedTicketView>(
      `${officePath(officeId)}/tickets`,
      { service: confirm.service.code, ...(confirm.applicant && { applicant: confirm.applicant }) },
      { Authorization: `Bearer ${deviceToken}`, 'Idempotency-Key': confirm.idempotencyKey },
    );
    const statusPage = `${location.origin}/screens/ticket/${encodeURIComponent(ticket.officeId)}/${ticket.date}/${encodeURIComponent(ticket.ticketNumber)}`;
    const qr = await QRCode.toString(statusPage, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    go({ kind: 'ticket', service: confirm.service, ticket, qr });
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) {
      const refusal = (error.body as { refusal?: Refusal } | undefined)?.refusal;
      if (refusal) return go({ kind: 'refused', refusal });
    }
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      return go({
        kind: 'error',
        message: {
          ja: 'この発券機は登録されていないか、登録が取り消されています。職員をお呼びください。',
          en: 'This kiosk is not registered or its registration was revoked. Please ask a member of staff.',
        },
      });
    }
    // Same idempotency key: a retry after a lost answer gets the same ticket, never a second one.
    go({
      kind: 'error',
      message: {
        ja: '発券できませんでした。もう一度お試しください。',
        en: 'The ticket could not be issued. Please try again.',
      },
      retry: confirm,
    });
  }
}

function bigButton(
  label: string,
  hint: string | undefined,
  onclick: () => void,
  attributes = {},
): HTMLElement {
  return el(
    'button',
    { type: 'button', class: 'choice', onclick, ...attributes },
    el('span', { class: 'choice-label' }, label),
    hint ? el('span', { class: 'choice-hint' }, hint) : null,
  );
}

function backButton(to: Step): HTMLElement {
  return el(
    'button',
    { type: 'button', class: 'secondary', onclick: () => go(to) },
    tr({ ja: '戻る', en: 'Back' }),
  );
}

function heading(text: string): HTMLElement {
  return el('h2', { tabindex: '-1' }, text);
}

function closedNotice(reason: string, opening: string | undefined): HTMLElement {
  return el(
    'section',
    { class: 'closed-notice', role: 'alert' },
    heading(reason),
    opening
      ? el(
          'p',
          {},
          tr({ ja: '次の受付開始', en: 'The counter opens next' }),
          ': ',
          el('strong', { class: 'next-opening' }, opening),
        )
      : null,
  );
}

function todayClosed(): HTMLElement | null {
  if (!today || today.open) return null;
  return closedNotice(
    closedReason(today.reason, today.holidayName),
    nextOpen ? `${formatDate(nextOpen.date)} ${nextOpen.opens}` : undefined,
  );
}

function stepView(): HTMLElement | (HTMLElement | null)[] {
  switch (step.kind) {
    case 'loading':
      return el('p', { class: 'loading' }, tr({ ja: '読み込み中…', en: 'Loading…' }));
    case 'setup':
      return el(
        'section',
        { class: 'setup' },
        heading(tr({ ja: 'この発券機は未登録です', en: 'This kiosk is not set up' })),
        el(
          'p',
          {},
          tr({
            ja: '職員の方へ：管理者が POST /devices で発行した端末トークンを、このページのアドレスの末尾に #device-token=<トークン> として付けて一度開いてください。',
            en: 'For staff: open this page once with #device-token=<token> at the end of its address, using the device token a supervisor got from POST /devices.',
          }),
        ),
      );
    case 'service': {
      const closed = todayClosed();
      if (closed) return closed;
      return [
        heading(tr({ ja: 'ご用件をお選びください', en: 'Choose your procedure' })),
        el(
          'div',
          { class: 'choices' },
          (office?.services ?? []).map((service) =>
            bigButton(`${service.prefix}  ${tr(service.name)}`, undefined, () => choose(service), {
              'data-service': service.code,
            }),
          ),
        ),
        el('p', { class: 'rule' }, tr(RULES.residents)),
      ];
    }
    case 'applicant': {
      const service = step.service;
      return [
        heading(tr({ ja: 'どなたが手続きされますか', en: 'Who is applying?' })),
        el('p', { class: 'selected-service' }, tr(service.name)),
        el(
          'div',
          { class: 'choices' },
          APPLICANTS.map((applicant) =>
            bigButton(
              tr(applicant.name),
              tr(applicant.hint),
              () =>
                go({
                  kind: 'confirm',
                  service,
                  applicant: applicant.type,
                  idempotencyKey: crypto.randomUUID(),
                }),
              { 'data-applicant': applicant.type },
            ),
          ),
        ),
        backButton({ kind: 'service' }),
      ];
    }
    case 'confirm': {
      const confirm = step;
      const rules: LocalizedText[] = [RULES.residents];
      if (confirm.service.procedure === 'pin-change') rules.push(RULES.change);
      if (confirm.service.procedure === 'pin-reset') rules.push(RULES.reset);
      if (confirm.applicant === 'proxy') rules.push(RULES.proxy);
      const applicant = APPLICANTS.find((candidate) => candidate.type === confirm.applicant);
      return [
        heading(tr({ ja: 'ご確認ください', en: 'Before you take a ticket' })),
        el(
          'p',
          { class: 'selected-service' },
          tr(confirm.service.name),
          applicant ? ` — ${tr(applicant.name)}` : '',
        ),
        el(
          'ul',
          { class: 'rules' },
          rules.map((rule) => el('li', {}, tr(rule))),
        ),
        el(
          'div',
          { class: 'actions' },
          el(
            'button',
            { type: 'button', class: 'primary', onclick: () => void issue(confirm) },
            tr({ ja: '整理券を発行する', en: 'Take a ticket' }),
          ),
          backButton(
            isPin(confirm.service) ? { kind: 'applicant', service: confirm.service } : { kind: 'service' },
          ),
        ),
      ];
    }
    case 'issuing':
      return el(
        'p',
        { class: 'loading', role: 'status' },
        tr({ ja: '発券しています…', en: 'Issuing your ticket…' }),
      );
    case 'ticket':
      return ticketView(step);
    case 'refused': {
      const refusal = step.refusal;
      const reason =
        refusal.code === 'office-closed'
          ? closedReason(refusal.reason ?? 'office-closure', refusal.holidayName)
          : tr(
              REFUSALS[refusal.code] ?? { ja: '現在は発券できません。', en: 'No tickets can be issued now.' },
            );
      return [
        closedNotice(reason, refusal.nextOpening ? formatOpening(refusal.nextOpening) : undefined),
        el(
          'button',
          { type: 'button', class: 'secondary', onclick: () => go({ kind: 'service' }) },
          tr({ ja: '最初に戻る', en: 'Start again' }),
        ),
      ];
    }
    case 'error': {
      const retry = step.retry;
      return [
        el('section', { class: 'error', role: 'alert' }, heading(tr(step.message))),
        el(
          'div',
          { class: 'actions' },
          retry?.kind === 'confirm'
            ? el(
                'button',
                { type: 'button', class: 'primary', onclick: () => void issue(retry) },
                tr({ ja: 'もう一度', en: 'Try again' }),
              )
            : null,
          el(
            'button',
            { type: 'button', class: 'secondary', onclick: () => go({ kind: 'service' }) },
            tr({ ja: '最初に戻る', en: 'Start again' }),
          ),
        ),
      ];
    }
  }
}

function ticketView(shown: Extract<Step, { kind: 'ticket' }>): HTMLElement[] {
  const { ticket, service, qr } = shown;
  const qrBox = el('div', {
    class: 'qr',
    role: 'img',
    'aria-label': tr({ ja: '状況確認ページのQRコード', en: 'QR code of the status page' }),
  });
  // The SVG comes from the QR library, built from our own URL: no outside text reaches it.
  qrBox.innerHTML = qr;
  const ahead = Math.max(0, ticket.position - 1);
  return [
    el(
      'section',
      { class: 'ticket-print', 'aria-labelledby': 'ticket-title' },
      el(
        'h2',
        { id: 'ticket-title', tabindex: '-1', class: 'ticket-caption' },
        tr({ ja: '受付番号', en: 'Your number' }),
      ),
      el('p', { class: 'ticket-number', 'data-ticket': ticket.ticketNumber }, ticket.ticketNumber),
      el('p', { class: 'ticket-service' }, tr(service.name)),
      el(
        'dl',
        { class: 'ticket-facts' },
        el('dt', {}, tr({ ja: '前にお待ちの方', en: 'Ahead of you' })),
        el('dd', { class: 'ticket-ahead' }, tr({ ja: `${ahead}人`, en: `${ahead}` })),
        el('dt', {}, tr({ ja: '待ち時間の目安', en: 'Estimated wait' })),
        el('dd', {}, minutes(ticket.estimatedWaitMinutes)),
        el('dt', {}, tr({ ja: '発券', en: 'Issued' })),
        el('dd', {}, formatOpening(ticket.issuedAt)),
      ),
      ticket.whatToBring.length > 0
        ? el(
            'div',
            { class: 'checklist' },
            el('h3', {}, tr({ ja: 'お持ちいただくもの', en: 'What to bring' })),
            el(
              'ul',
              {},
              ticket.whatToBring.map((item) =>
                el(
                  'li',
                  { 'data-item': item.code },
                  tr(item.text),
                  item.exemptions?.length
                    ? el(
                        'span',
                        { class: 'exemption' },
                        ' ',
                        item.exemptions.map((text) => tr(text)).join(' / '),
                      )
                    : null,
                ),
              ),
            ),
          )
        : null,
      qrBox,
      el(
        'p',
        { class: 'qr-caption' },
        tr({ ja: '呼び出し状況はこちらから確認できます', en: 'Follow your ticket here' }),
      ),
    ),
    el(
      'div',
      { class: 'actions no-print' },
      el(
        'button',
        { type: 'button', class: 'primary', onclick: () => window.print() },
        tr({ ja: '印刷する', en: 'Print' }),
      ),
      el(
        'button',
        { type: 'button', class: 'secondary', onclick: () => go({ kind: 'service' }) },
        tr({ ja: '終わる', en: 'Done' }),
      ),
    ),
  ];
}

function render(): void {
  const body = stepView();
  mount(
    root,
    el(
      'header',
      { class: 'kiosk-header no-print' },
      el('h1', {}, office ? tr(office.name) : tr({ ja: '発券機', en: 'Ticket kiosk' })),
      today?.open
        ? el(
            'p',
            { class: 'kiosk-hours' },
            tr({ ja: '本日の受付', en: 'Open today' }),
            ` ${today.opens}–${today.closes}`,
          )
        : null,
      langToggle(),
    ),
    el('main', { class: `kiosk-main step-${step.kind}` }, ...(Array.isArray(body) ? body : [body])),
  );
}

async function refreshToday(): Promise<void> {
  const snapshot = await getJson<DisplaySnapshot>(`${officePath(officeId)}/display`);
  today = snapshot.today;
  nextOpen = today.open ? undefined : await nextOpenDay(officeId).catch(() => undefined);
  render();
}

async function start(): Promise<void> {
  provisionFromFragment();
  applyPaperWidth();
  onLangChange(render);
  try {
    office = await getJson<OfficeSummaryView>(officePath(officeId));
    await refreshToday();
  } catch {
    return go({
      kind: 'error',
      message: { ja: '窓口の情報を読み込めません。', en: 'The office could not be loaded.' },
    });
  }
  go(token() ? { kind: 'service' } : { kind: 'setup' });
  setInterval(() => void refreshToday().catch(() => undefined), 60_000);
}

void start();
