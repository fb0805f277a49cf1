import './styles.css';
import type { CaseState, LocalizedText } from '@madoguchi/domain';
import { assessIdentity, IDENTITY_DOCUMENTS } from '@madoguchi/domain/identity';
import {
  checkPin,
  FOUR_DIGIT_PIN_KINDS,
  PIN_KINDS,
  PIN_NAMES,
  type PinKind,
} from '@madoguchi/domain/pin/pin-policy';
import { REPRESENTATION_PROOF_TEXT } from '@madoguchi/domain/representation';
import { identityRequirementFor, type RequirementsTable } from '@madoguchi/domain/requirements';
import { followFeed, getJson, officePath, type OfficeSummaryView } from './api';
import { el, mount, pathParts } from './html';
import { HttpError, signInFailure, signInForm } from './staff-session';
import { langToggle, minutes, onLangChange, tr } from './i18n';

/**
 * The clerk workstation: /screens/clerk/:officeId. The session token lives in sessionStorage (gone with
 * the tab); PINs live only in their input fields and are emptied as soon as the request is sent.
 */
const [officeId = ''] = pathParts();
const root = document.getElementById('app') as HTMLElement;
const TOKEN_KEY = 'madoguchi.clerk.token';
const COUNTER_KEY = `madoguchi.clerk.counter.${officeId}`;
const CASE_KEY = `madoguchi.clerk.case.${officeId}`;
const READER_KEY = 'madoguchi.clerk.reader';
const POLL_MS = 15_000;

type Applicant = 'self' | 'legal-representative' | 'proxy';
type Procedure = 'pin-change' | 'pin-reset';
type Whose = 'applicant' | 'holder';
type OpenCase = Extract<CaseState, { status: 'open' | 'closed' }>;

interface FloorTicket {
  ticketNumber: string;
  service: string;
  status: string;
  callCount: number;
  applicant: Applicant | null;
}
interface Floor {
  counters: {
    id: string;
    name: LocalizedText;
    open: boolean;
    services: string[];
    ticket: FloorTicket | null;
  }[];
  lines: {
    service: string;
    name: LocalizedText;
    waiting: number;
    estimatedWaitMinutes: number;
    next: { ticketNumber: string; priority: boolean }[];
  }[];
}
interface CaseView {
  caseId: string;
  version: number;
  case: CaseState;
}

// ---------------------------------------------------------------------------------------------------
// State (no PIN here: PINs stay in their fields)

let token = sessionStorage.getItem(TOKEN_KEY) ?? '';
/** GET /offices/:id: the summary plus the office's own what-to-bring table, which the verdict follows. */
let office: (OfficeSummaryView & { requirements?: RequirementsTable }) | undefined;
let floor: Floor | undefined;
let counterId = sessionStorage.getItem(COUNTER_KEY) ?? '';
let caseView: CaseView | undefined;
let heldTicket = '';
/** The outcome of the last command, worded again in the language shown. */
let message: { error: boolean; text: () => string } | undefined;
let busy = false;
let whose: Whose = 'applicant';
const ticked = new Map<string, { expiresOn: string; hasPhoto: boolean }>();
let changeKind: PinKind | 'all-four-digit' = 'all-four-digit';
const resetKinds = new Set<PinKind>();
/** Tries left as the card reported them on a wrong PIN, newer than the case's last card check. */
let triesSinceCheck: Partial<Record<PinKind, number>> = {};

// ---------------------------------------------------------------------------------------------------
// API

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: {
      Accept: 'application/json',
      ...(body !== undefined && { 'Content-Type': 'application/json' }),
      Authorization: `Bearer ${token}`,
    },
    cache: 'no-store',
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.status === 401) signOut();
  if (!response.ok) throw new HttpError(response.status, answer);
  return answer as T;
}

const REFUSALS: Record<string, LocalizedText> = {
  'wrong-pin': { ja: '暗証番号が違います', en: 'Wrong PIN' },
  'pin-locked': {
    ja: '暗証番号がロックされています（初期化が必要です）',
    en: 'The PIN is locked (reset needed)',
  },
  'no-card': { ja: 'カードが読み取り機にありません', en: 'No card in the reader' },
  'no-reader': { ja: '読み取り機に接続できません', en: 'The card reader is not connected' },
  'unknown-reader': { ja: 'その読み取り機は登録されていません', en: 'Unknown card reader' },
  'malformed-pin': { ja: '暗証番号の形式が違います', en: 'The PIN format is wrong' },
  'identity-insufficient': { ja: '本人確認書類が足りません', en: 'Identity documents are insufficient' },
  'no-identity-check-needed': {
    ja: 'この手続きでは本人確認書類は不要です',
    en: 'No identity document is needed for this procedure',
  },
  'card-not-checked': { ja: '先にカードを確認してください', en: 'Check the card first' },
  'identity-not-sufficient': { ja: '本人確認書類が足りません', en: 'Identity documents are insufficient' },
  'no-card-operation': { ja: 'カードの変更・初期化が済んでいません', en: 'No PIN was changed or reset yet' },
  'letter-not-mailed': { ja: '照会書がまだ郵送されていません', en: 'The inquiry letter was not mailed yet' },
  'letter-not-returned': { ja: '回答書がまだ届いていません', en: 'The answer letter is not back yet' },
  'letter-deadline-passed': { ja: '回答書の期限を過ぎています', en: 'The letter deadline has passed' },
  'deadline-not-reached': { ja: 'まだ期限前です', en: 'The deadline has not passed yet' },
  'pin-not-present': { ja: 'このカードにその暗証番号はありません', en: 'The card has no such PIN' },
  'case-closed': { ja: 'この案件は終了しています', en: 'The case is closed' },
  'not-eligible': { ja: '申請できません（住民登録などの要件）', en: 'Not eligible (residence etc.)' },
  'change-failed': {
    ja: '現在の暗証番号が違ったため変更はできません。初期化の手続きに切り替えてください',
    en: 'The current PIN was wrong: the change is over, continue as a reset',
  },
  'counters-not-confirmed': {
    ja: '試行回数が最大に戻っていません（J-LIS端末で初期化してください）',
    en: 'The counters are not back at their maximum (reset on the J-LIS terminal)',
  },
  'new-pin-not-verified': {
    ja: '新しい暗証番号をご本人に入力していただき、確認してください',
    en: 'The resident has not verified the new PIN yet',
  },
  'representation-not-proven': {
    ja: '法定代理人であることの確認が済んでいません',
    en: 'The legal representation is not proven yet',
  },
  'letter-returned-too-early': {
    ja: '照会書は郵送した日には戻りません（翌日以降）',
    en: 'The letter cannot come back on the day it was mailed',
  },
  'proxy-same-day': {
    ja: '代理人の手続きは申請当日には完了できません',
    en: 'A proxy case never completes on its application day',
  },
  'wrong-procedure': { ja: 'この手続きではできません', en: 'Not part of this procedure' },
  locked: {
    ja: '暗証番号がロックされています（初期化が必要です）',
    en: 'The PIN is locked (reset needed)',
  },
};

function describeError(error: unknown): string {
  if (!(error instanceof HttpError)) return tr({ ja: '通信できません', en: 'Cannot reach the server' });
  if (error.status === 401) return tr({ ja: 'サインインしてください', en: 'Please sign in' });
  if (error.status === 403) return tr({ ja: '権限がありません', en: 'Not allowed for your role' });
  const card = error.body.card as { code?: string; triesLeft?: number } | undefined;
  const refusal = error.body.refusal as { code?: string } | undefined;
  const code = card?.code ?? refusal?.code;
  if (code) {
    const known = REFUSALS[code];
    const text = known ? tr(known) : code;
    const tries =
      typeof card?.triesLeft === 'number'
        ? tr({ ja: `（残り${card.triesLeft}回）`, en: ` (${card.triesLeft} tries left)` })
        : '';
    return `${text}${tries} [${code}]`;
  }
  const detail = error.body.message;
  return `${error.status}: ${typeof detail === 'string' ? detail : JSON.stringify(detail ?? '')}`;
}

/** Runs a command, shows its outcome, and refreshes what it may have changed. */
async function act(what: LocalizedText, run: () => Promise<void>): Promise<void> {
  if (busy) return;
  busy = true;
  message = undefined;
  renderAll();
  try {
    await run();
    message = { error: false, text: () => tr(what) };
  } catch (error) {
    if (error instanceof HttpError && error.body.case) caseView = error.body.case as CaseView;
    const card =
      error instanceof HttpError ? (error.body.card as { kind?: PinKind; triesLeft?: number }) : undefined;
    if (card?.kind && typeof card.triesLeft === 'number') triesSinceCheck[card.kind] = card.triesLeft;
    message = { error: true, text: () => describeError(error) };
  } finally {
    busy = false;
    await loadFloor().catch(() => undefined);
    renderAll();
  }
}

async function loadFloor(): Promise<void> {
  if (!token) return;
  floor = await call<Floor>('GET', `${officePath(officeId)}/counters`);
}

function setCase(view: CaseView): void {
  caseView = view;
  sessionStorage.setItem(CASE_KEY, view.caseId);
}

function signOut(): void {
  token = '';
  sessionStorage.removeItem(TOKEN_KEY);
  floor = undefined;
  clearPins();
  renderAll();
}

// ---------------------------------------------------------------------------------------------------
// Rendering: three panels, each re-rendered on its own; the focused control keeps its focus.

const header = el('header', { class: 'clerk-header' });
const status = el('p', { class: 'clerk-message', role: 'status', 'aria-live': 'polite' });
const main = el('main', { class: 'clerk-main' });
const counterPanel = el('section', { class: 'panel counter-panel', 'aria-labelledby': 'counter-title' });
const casePanel = el('section', { class: 'panel case-panel', 'aria-labelledby': 'case-title' });
const cardPanel = el('section', { class: 'panel card-panel', 'aria-labelledby': 'card-title' });
root.append(header, status, main);

function keepingFocus(render: () => void): void {
  const active = document.activeElement;
  const id = active instanceof HTMLElement ? active.id : '';
  render();
  if (id && document.activeElement !== active) document.getElementById(id)?.focus();
}

function renderAll(): void {
  keepingFocus(() => {
    mount(
      header,
      el('h1', {}, tr({ ja: '窓口端末', en: 'Clerk workstation' }), office ? ` — ${tr(office.name)}` : ''),
      token
        ? el(
            'button',
            { type: 'button', class: 'secondary', id: 'sign-out', onclick: () => signOut() },
            tr({ ja: 'サインアウト', en: 'Sign out' }),
          )
        : null,
      langToggle(),
    );
    status.className = `clerk-message${message?.error ? ' error' : ''}`;
    status.textContent = busy ? tr({ ja: '処理中…', en: 'Working…' }) : (message?.text() ?? '');
    if (!token) {
      mount(main, loginForm());
      return;
    }
    if (!main.contains(counterPanel)) mount(main, counterPanel, casePanel, cardPanel);
    renderCounter();
    renderCase();
    renderCard();
  });
}

function loginForm(): HTMLElement {
  return signInForm(
    { ja: '職員サインイン', en: 'Staff sign-in' },
    async (session) => {
      token = session.token;
      sessionStorage.setItem(TOKEN_KEY, token);
      message = undefined;
      await loadFloor();
      await restoreCase();
    },
    (error) => {
      message = { error: true, text: () => signInFailure(error, describeError) };
    },
    renderAll,
  );
}

function serviceName(code: string): string {
  const service = office?.services.find((candidate) => candidate.code === code);
  return service ? tr(service.name) : code;
}

const TICKET_STATUS: Record<string, LocalizedText> = {
  called: { ja: '呼び出し中', en: 'Called' },
  serving: { ja: '対応中', en: 'Serving' },
  held: { ja: '保留', en: 'On hold' },
};

function button(id: string, text: LocalizedText, onclick: () => void, primary = false): HTMLButtonElement {
  return el(
    'button',
    { type: 'button', id, class: primary ? 'primary' : 'secondary', disabled: busy, onclick },
    tr(text),
  );
}

function counterCommand(path: string, what: LocalizedText, body: unknown = {}): void {
  void act(what, async () => {
    const answer = await call<{ ticket: FloorTicket | null }>(
      'POST',
      `${officePath(officeId)}/counters/${encodeURIComponent(counterId)}/${path}`,
      body,
    );
    if (path === 'hold' && answer.ticket) heldTicket = answer.ticket.ticketNumber;
  });
}

function renderCounter(): void {
  keepingFocus(renderCounterNow);
}

function renderCounterNow(): void {
  const counters =
    floor?.counters ?? office?.counters.map((c) => ({ ...c, open: false, ticket: null })) ?? [];
  if (!counterId && counters[0]) counterId = counters[0].id;
  const mine = floor?.counters.find((counter) => counter.id === counterId);
  const ticket = mine?.ticket ?? null;
  const select = el(
    'select',
    {
      id: 'counter-select',
      onchange: (event: Event) => {
        counterId = (event.target as HTMLSelectElement).value;
        sessionStorage.setItem(COUNTER_KEY, counterId);
        renderAll();
      },
    },
    counters.map((counter) =>
      el(
        'option',
        { value: counter.id, selected: counter.id === counterId },
        `${tr(counter.name)}${counter.open ? tr({ ja: '（開設中）', en: ' (open)' }) : ''}`,
      ),
    ),
  );
  const transferTo = el(
    'select',
    { id: 'transfer-to' },
    (office?.services ?? []).map((service) => el('option', { value: service.code }, tr(service.name))),
  );
  const returnNumber = el('input', {
    id: 'return-number',
    value: heldTicket,
    size: 6,
    pattern: '[A-Z]{1,3}[0-9]{3,6}',
    oninput: (event: Event) => {
      heldTicket = (event.target as HTMLInputElement).value.toUpperCase();
    },
  });
  mount(
    counterPanel,
    el('h2', { id: 'counter-title' }, tr({ ja: '窓口', en: 'Counter' })),
    el(
      'div',
      { class: 'row' },
      el('label', { for: 'counter-select' }, tr({ ja: '窓口を選択', en: 'Counter' })),
      select,
      mine?.open
        ? button('counter-close', { ja: '窓口を閉じる', en: 'Close counter' }, () =>
            counterCommand('close', { ja: '窓口を閉じました', en: 'Counter closed' }),
          )
        : button(
            'counter-open',
            { ja: '窓口を開く', en: 'Open counter' },
            () => counterCommand('open', { ja: '窓口を開きました', en: 'Counter opened' }),
            true,
          ),
    ),
    el(
      'div',
      { class: 'at-counter', 'aria-live': 'polite' },
      ticket
        ? [
            el('p', { class: 'at-counter-number', 'data-ticket': ticket.ticketNumber }, ticket.ticketNumber),
            el(
              'p',
              {},
              `${serviceName(ticket.service)} · ${tr(TICKET_STATUS[ticket.status] ?? { ja: ticket.status, en: ticket.status })}`,
              ticket.callCount > 0
                ? tr({ ja: ` · 呼出${ticket.callCount}回`, en: ` · called ${ticket.callCount}×` })
                : '',
            ),
          ]
        : el(
            'p',
            { class: 'clerk-empty' },
            tr({ ja: '対応中の番号はありません', en: 'No ticket at this counter' }),
          ),
    ),
    mine?.open
      ? el(
          'div',
          { class: 'actions clerk-actions' },
          button(
            'call-next',
            { ja: '次の方を呼ぶ', en: 'Call next' },
            () => counterCommand('call-next', { ja: '呼び出しました', en: 'Called' }),
            !ticket,
          ),
          ticket
            ? [
                button('recall', { ja: '再呼出', en: 'Recall' }, () =>
                  counterCommand('recall', { ja: '再度呼び出しました', en: 'Called again' }),
                ),
                ...(ticket.status === 'called'
                  ? [
                      button(
                        'start',
                        { ja: '対応開始', en: 'Start' },
                        () => counterCommand('start', { ja: '対応を開始しました', en: 'Started' }),
                        true,
                      ),
                      button('no-show', { ja: '不在', en: 'No-show' }, () =>
                        counterCommand('no-show', { ja: '不在にしました', en: 'Marked no-show' }),
                      ),
                    ]
                  : []),
                button('hold', { ja: '保留', en: 'Hold' }, () =>
                  counterCommand('hold', { ja: '保留にしました', en: 'Put on hold' }),
                ),
                button('finish', { ja: '対応終了', en: 'Finish' }, () =>
                  counterCommand('finish', { ja: '対応を終了しました', en: 'Finished' }),
                ),
                el(
                  'span',
                  { class: 'row' },
                  el('label', { for: 'transfer-to' }, tr({ ja: '回送先', en: 'Transfer to' })),
                  transferTo,
                  button('transfer', { ja: '回送', en: 'Transfer' }, () =>
                    counterCommand(
                      'transfer',
                      { ja: '回送しました', en: 'Transferred' },
                      { toService: transferTo.value },
                    ),
                  ),
                ),
              ]
            : null,
        )
      : null,
    el(
      'div',
      { class: 'row' },
      el('label', { for: 'return-number' }, tr({ ja: '保留の番号を列に戻す', en: 'Return a held ticket' })),
      returnNumber,
      button(
        'return',
        { ja: '戻す', en: 'Return' },
        () =>
          void act({ ja: '列に戻しました', en: 'Returned to the line' }, async () => {
            await call(
              'POST',
              `${officePath(officeId)}/tickets/${encodeURIComponent(heldTicket)}/return`,
              {},
            );
            heldTicket = '';
          }),
      ),
    ),
    el('h3', {}, tr({ ja: '待ち状況', en: 'Waiting' })),
    el(
      'ul',
      { class: 'waiting-list' },
      (floor?.lines ?? []).map((line) =>
        el(
          'li',
          { 'data-service': line.service },
          el('strong', {}, tr(line.name)),
          ' ',
          tr({ ja: `${line.waiting}人`, en: `${line.waiting} waiting` }),
          line.waiting > 0 ? ` (${minutes(line.estimatedWaitMinutes)})` : '',
          line.next.length > 0
            ? el(
                'span',
                { class: 'next-tickets' },
                ' ',
                line.next.map((next) => `${next.ticketNumber}${next.priority ? '★' : ''}`).join(' '),
              )
            : null,
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------
// Case panel

const PROCEDURE_NAMES: Record<Procedure, LocalizedText> = {
  'pin-change': { ja: '暗証番号の変更', en: 'PIN change' },
  'pin-reset': { ja: '暗証番号の初期化（再設定）', en: 'PIN reset' },
};
const APPLICANT_NAMES: Record<Applicant, LocalizedText> = {
  self: { ja: '本人', en: 'The holder' },
  'legal-representative': { ja: '法定代理人', en: 'Legal representative' },
  proxy: { ja: '任意代理人', en: 'Proxy' },
};
const ABANDON_REASONS: Record<string, LocalizedText> = {
  'applicant-left': { ja: '申請者が帰った', en: 'The applicant left' },
  'not-eligible': { ja: '申請資格なし', en: 'Not eligible' },
  'identity-insufficient': { ja: '本人確認書類不足', en: 'Identity insufficient' },
  'card-problem': { ja: 'カードの不具合', en: 'Card problem' },
  other: { ja: 'その他', en: 'Other' },
};

function caseCommand(path: string, what: LocalizedText, body: unknown = {}): void {
  const id = caseView?.caseId;
  if (!id) return;
  void act(what, async () => {
    setCase(await call<CaseView>('POST', `/cases/${id}/${path}`, body));
    if (path === 'card/check') triesSinceCheck = {};
  });
}

function radio(name: string, value: string, label: LocalizedText, checked: boolean): HTMLElement {
  const id = `${name}-${value}`;
  return el(
    'span',
    { class: 'option' },
    el('input', { type: 'radio', name, id, value, checked }),
    el('label', { for: id }, tr(label)),
  );
}

function checkbox(id: string, label: LocalizedText, checked: boolean): HTMLElement {
  return el(
    'span',
    { class: 'option' },
    el('input', { type: 'checkbox', id, checked }),
    el('label', { for: id }, tr(label)),
  );
}

function openCaseForm(): HTMLElement {
  const ticket = floor?.counters.find((counter) => counter.id === counterId)?.ticket;
  const procedure =
    (
      office?.services.find((service) => service.code === ticket?.service) as
        { procedure?: Procedure } | undefined
    )?.procedure ?? 'pin-change';
  const applicant: Applicant = ticket?.applicant ?? 'self';
  const form = el(
    'form',
    { class: 'open-case' },
    el(
      'fieldset',
      {},
      el('legend', {}, tr({ ja: '手続き', en: 'Procedure' })),
      (['pin-change', 'pin-reset'] as const).map((code) =>
        radio('procedure', code, PROCEDURE_NAMES[code], code === procedure),
      ),
    ),
    el(
      'fieldset',
      {},
      el('legend', {}, tr({ ja: '申請者', en: 'Applicant' })),
      (['self', 'legal-representative', 'proxy'] as const).map((code) =>
        radio('applicant', code, APPLICANT_NAMES[code], code === applicant),
      ),
    ),
    el(
      'fieldset',
      {},
      el('legend', {}, tr({ ja: 'カード名義人', en: 'Card holder' })),
      checkbox('holder-resident', { ja: '当市に住民登録あり', en: 'Registered resident here' }, true),
      checkbox('holder-under15', { ja: '15歳未満', en: 'Under 15' }, false),
      checkbox('holder-ward', { ja: '成年被後見人', en: 'Adult ward' }, false),
    ),
    el(
      'button',
      { type: 'submit', class: 'primary', id: 'open-case', disabled: busy },
      ticket
        ? tr({ ja: `${ticket.ticketNumber} の案件を開始`, en: `Open a case for ${ticket.ticketNumber}` })
        : tr({ ja: '案件を開始', en: 'Open a case' }),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const checked = (id: string) => (document.getElementById(id) as HTMLInputElement).checked;
    // Read now: `act` redraws the panel (busy) before the request, which would reset the boxes.
    const body = {
      ...(ticket && { ticketNumber: ticket.ticketNumber }),
      procedure: data.get('procedure'),
      applicant: data.get('applicant'),
      holder: {
        registeredResident: checked('holder-resident'),
        under15: checked('holder-under15'),
        adultWard: checked('holder-ward'),
      },
    };
    ticked.clear();
    whose = 'applicant';
    void act({ ja: '案件を開始しました', en: 'Case opened' }, async () =>
      setCase(await call<CaseView>('POST', `${officePath(officeId)}/cases`, body)),
    );
  });
  return form;
}

function identitySection(file: OpenCase): HTMLElement {
  // The office's own table, as the case decides by it; the holder's card being handled does not count.
  const requirement = identityRequirementFor(
    file.procedure,
    file.applicant,
    file.visit,
    whose,
    office?.requirements,
  );
  const rule = requirement?.rule;
  const recorded = file.identity[whose];
  const documents = [...ticked.entries()]
    .filter(([code]) => !requirement?.notCounted.includes(code as never))
    .map(([code, extra]) => ({
      code,
      original: true,
      hasPhoto: extra.hasPhoto,
      ...(extra.expiresOn && { expiresOn: extra.expiresOn }),
    }));
  const preview = rule
    ? assessIdentity(documents as Parameters<typeof assessIdentity>[0], { asOf: file.appliedOn, rule })
    : undefined;
  const a = preview?.counted.filter((doc) => doc.category === 'A').length ?? 0;
  const b = (preview?.counted.length ?? 0) - a;
  const list = (category: 'A' | 'B') =>
    el(
      'ul',
      { class: 'document-list' },
      IDENTITY_DOCUMENTS.filter((doc) => doc.category === category).map((doc) => {
        const id = `doc-${doc.code}`;
        const extra = ticked.get(doc.code);
        return el(
          'li',
          {},
          el('input', {
            type: 'checkbox',
            id,
            checked: extra !== undefined,
            disabled: file.status !== 'open',
            onchange: (event: Event) => {
              if ((event.target as HTMLInputElement).checked)
                ticked.set(doc.code, { expiresOn: '', hasPhoto: true });
              else ticked.delete(doc.code);
              renderCase();
            },
          }),
          el('label', { for: id }, tr(doc.name)),
          extra
            ? el(
                'span',
                { class: 'document-extra' },
                el('label', { for: `${id}-expires` }, tr({ ja: '有効期限', en: 'Expires' })),
                el('input', {
                  type: 'date',
                  id: `${id}-expires`,
                  value: extra.expiresOn,
                  onchange: (event: Event) => {
                    extra.expiresOn = (event.target as HTMLInputElement).value;
                    renderCase();
                  },
                }),
                doc.conditions?.withoutPhoto
                  ? el(
                      'span',
                      { class: 'option' },
                      el('input', {
                        type: 'checkbox',
                        id: `${id}-photo`,
                        checked: extra.hasPhoto,
                        onchange: (event: Event) => {
                          extra.hasPhoto = (event.target as HTMLInputElement).checked;
                          renderCase();
                        },
                      }),
                      el('label', { for: `${id}-photo` }, tr({ ja: '顔写真あり', en: 'Has a photo' })),
                    )
                  : null,
              )
            : null,
        );
      }),
    );
  return el(
    'section',
    { class: 'identity', 'aria-labelledby': 'identity-title' },
    el('h3', { id: 'identity-title' }, tr({ ja: '本人確認書類', en: 'Identity documents' })),
    file.applicant === 'self'
      ? null
      : el(
          'div',
          { class: 'row', role: 'group', 'aria-label': tr({ ja: '誰の書類か', en: 'Whose documents' }) },
          (['applicant', 'holder'] as const).map((owner) =>
            el(
              'button',
              {
                type: 'button',
                id: `whose-${owner}`,
                class: owner === whose ? 'primary' : 'secondary',
                'aria-pressed': owner === whose ? 'true' : 'false',
                onclick: () => {
                  whose = owner;
                  ticked.clear();
                  renderCase();
                },
              },
              owner === 'applicant'
                ? tr({ ja: '申請者', en: 'Applicant' })
                : tr({ ja: '名義人', en: 'Holder' }),
            ),
          ),
        ),
    !rule
      ? el('p', { class: 'verdict' }, tr(REFUSALS['no-identity-check-needed'] ?? { ja: '', en: '' }))
      : [
          el(
            'p',
            {
              class: `verdict ${preview?.sufficient ? 'verdict-ok' : 'verdict-short'}`,
              'aria-live': 'polite',
              id: 'verdict',
            },
            tr({ ja: `A書類${a}点・B書類${b}点：`, en: `A documents ${a}, B documents ${b}: ` }),
            preview?.sufficient
              ? tr({ ja: '確認書類は足りています', en: 'identity is sufficient' })
              : tr({ ja: '確認書類が足りません', en: 'identity is not yet sufficient' }),
            ` (${rule})`,
            preview && preview.rejected.length > 0
              ? el(
                  'span',
                  { class: 'rejected' },
                  ' — ',
                  tr({ ja: '数えない書類: ', en: 'Not counted: ' }),
                  preview.rejected.map((doc) => `${doc.code ?? '?'} (${doc.reason})`).join(', '),
                )
              : null,
          ),
          el(
            'p',
            { class: 'recorded-verdict', id: 'recorded-verdict' },
            recorded
              ? recorded.sufficient
                ? tr({ ja: '記録済み：本人確認できました', en: 'Recorded: identity confirmed' })
                : tr({ ja: '記録済み：本人確認書類が不足', en: 'Recorded: identity insufficient' })
              : tr({ ja: '未記録', en: 'Not recorded yet' }),
          ),
          el(
            'details',
            { open: true },
            el('summary', {}, tr({ ja: 'A書類（1点で可）', en: 'A documents (one suffices)' })),
            list('A'),
          ),
          el('details', {}, el('summary', {}, tr({ ja: 'B書類', en: 'B documents' })), list('B')),
          file.status === 'open'
            ? el(
                'button',
                {
                  type: 'button',
                  class: 'primary',
                  id: 'record-identity',
                  disabled: busy || documents.length === 0,
                  onclick: () =>
                    caseCommand(
                      'identity-documents',
                      { ja: '本人確認書類を記録しました', en: 'Identity documents recorded' },
                      { whose, documents },
                    ),
                },
                tr({ ja: '書類を記録して判定', en: 'Record the documents' }),
              )
            : null,
        ],
  );
}

/** 戸籍謄本 / 成年後見登記事項証明書 (originals), or the exemption the city confirmed from its own registers. */
const REPRESENTATION_CHOICES = [
  {
    value: 'family-register-certificate',
    proof: { document: 'family-register-certificate', original: true },
  },
  {
    value: 'guardianship-registration-certificate',
    proof: { document: 'guardianship-registration-certificate', original: true },
  },
  { value: 'registered-domicile-in-city', proof: { exemption: 'registered-domicile-in-city' } },
  { value: 'same-household', proof: { exemption: 'same-household' } },
] as const;

function representationSection(file: OpenCase): HTMLElement | null {
  if (file.applicant !== 'legal-representative') return null;
  const recorded = file.representationProof;
  return el(
    'section',
    { class: 'representation', 'aria-labelledby': 'representation-title' },
    el(
      'h3',
      { id: 'representation-title' },
      tr({ ja: '法定代理人であることの確認', en: 'Proof of legal representation' }),
    ),
    recorded
      ? el(
          'p',
          {
            id: 'representation-verdict',
            class: recorded.sufficient ? 'verdict verdict-ok' : 'verdict verdict-short',
          },
          recorded.sufficient
            ? tr({ ja: '記録済み：確認できました', en: 'Recorded: proven' })
            : tr({
                ja: '記録済み：確認できません（原本・種類を確認）',
                en: 'Recorded: not proven (original? right certificate?)',
              }),
        )
      : null,
    file.status === 'open'
      ? [
          ...REPRESENTATION_CHOICES.map((choice) =>
            radio('representation', choice.value, REPRESENTATION_PROOF_TEXT[choice.value], false),
          ),
          button('record-representation', { ja: '確認を記録', en: 'Record' }, () => {
            const picked = document.querySelector<HTMLInputElement>('input[name="representation"]:checked');
            const choice = REPRESENTATION_CHOICES.find((candidate) => candidate.value === picked?.value);
            if (!choice) return;
            caseCommand(
              'representation-proof',
              { ja: '法定代理の確認を記録しました', en: 'Representation recorded' },
              { proof: choice.proof },
            );
          }),
        ]
      : null,
  );
}

function letterSection(file: OpenCase): HTMLElement | null {
  if (file.applicant !== 'proxy') return null;
  const letter = file.letter;
  return el(
    'section',
    { class: 'letter', 'aria-labelledby': 'letter-title' },
    el('h3', { id: 'letter-title' }, tr({ ja: '照会書（2回来庁）', en: 'Inquiry letter (two visits)' })),
    el(
      'ol',
      { class: 'letter-steps' },
      el(
        'li',
        { class: letter.status !== 'not-mailed' ? 'done' : '' },
        tr({
          ja: '1回目：代理人の本人確認、照会書を名義人へ郵送',
          en: 'Visit 1: proxy identity, letter mailed to the holder',
        }),
        letter.status !== 'not-mailed'
          ? tr({ ja: `（${letter.mailedOn}郵送）`, en: ` (mailed ${letter.mailedOn})` })
          : '',
        letter.status !== 'not-mailed' && letter.reference
          ? el(
              'strong',
              { id: 'letter-reference' },
              tr({ ja: ` 照会書番号 ${letter.reference}`, en: ` reference ${letter.reference}` }),
            )
          : null,
      ),
      el(
        'li',
        { class: letter.status === 'returned' ? 'done' : '' },
        tr({ ja: '2回目：回答書を持参', en: 'Visit 2: the proxy brings the answer back' }),
        letter.status !== 'not-mailed'
          ? el(
              'strong',
              { class: 'deadline' },
              tr({ ja: ` 期限 ${letter.deadline}`, en: ` deadline ${letter.deadline}` }),
            )
          : null,
      ),
    ),
    file.status === 'open'
      ? el(
          'div',
          { class: 'actions' },
          letter.status === 'not-mailed'
            ? button('letter-mailed', { ja: '照会書を郵送した', en: 'Letter mailed' }, () =>
                caseCommand('inquiry-letter/mailed', { ja: '郵送を記録しました', en: 'Mailing recorded' }),
              )
            : null,
          letter.status === 'mailed'
            ? [
                button('letter-returned', { ja: '回答書を受け取った', en: 'Letter returned' }, () => {
                  // The ticket the proxy took today links this second visit to the case.
                  const ticket = floor?.counters.find((counter) => counter.id === counterId)?.ticket;
                  caseCommand(
                    'inquiry-letter/returned',
                    { ja: '回答書を記録しました', en: 'Return recorded' },
                    ticket ? { ticketNumber: ticket.ticketNumber } : {},
                  );
                }),
                button('letter-expired', { ja: '期限切れ', en: 'Deadline passed' }, () =>
                  caseCommand('inquiry-letter/expired', {
                    ja: '期限切れを記録しました',
                    en: 'Expiry recorded',
                  }),
                ),
                // Visit 1 ends here: the case waits for the letter, the counter takes the next applicant.
                file.visit === 1 ? nextCaseButton() : null,
              ]
            : null,
        )
      : null,
  );
}

function renderCase(): void {
  keepingFocus(() => {
    const state = caseView?.case;
    if (!state || state.status === 'not-opened') {
      mount(
        casePanel,
        el('h2', { id: 'case-title' }, tr({ ja: '案件', en: 'Case' })),
        openCaseForm(),
        resumeSection(),
      );
      return;
    }
    const abandonReason = el(
      'select',
      { id: 'abandon-reason' },
      Object.entries(ABANDON_REASONS).map(([code, text]) => el('option', { value: code }, tr(text))),
    );
    mount(
      casePanel,
      el('h2', { id: 'case-title' }, tr({ ja: '案件', en: 'Case' })),
      el(
        'dl',
        { class: 'case-facts' },
        el('dt', {}, tr({ ja: '手続き', en: 'Procedure' })),
        el('dd', { id: 'case-procedure' }, tr(PROCEDURE_NAMES[state.procedure])),
        el('dt', {}, tr({ ja: '申請者', en: 'Applicant' })),
        el('dd', {}, tr(APPLICANT_NAMES[state.applicant])),
        el('dt', {}, tr({ ja: '受付番号', en: 'Ticket' })),
        el('dd', {}, state.ticketNumber ?? '-'),
        el('dt', {}, tr({ ja: '来庁', en: 'Visit' })),
        el('dd', {}, String(state.visit)),
        el('dt', {}, tr({ ja: '状態', en: 'Status' })),
        el(
          'dd',
          { id: 'case-status' },
          state.status === 'open'
            ? tr({ ja: '手続き中', en: 'Open' })
            : state.outcome === 'completed'
              ? tr({ ja: '完了', en: 'Completed' })
              : state.outcome === 'abandoned'
                ? tr({ ja: '中止', en: 'Abandoned' })
                : tr({ ja: '期限切れ', en: 'Expired' }),
        ),
      ),
      identitySection(state),
      representationSection(state),
      letterSection(state),
      state.status === 'open'
        ? el(
            'div',
            { class: 'actions' },
            button(
              'complete',
              { ja: '手続き完了', en: 'Complete' },
              () => caseCommand('complete', { ja: '手続きを完了しました', en: 'Case completed' }),
              true,
            ),
            el('label', { for: 'abandon-reason' }, tr({ ja: '中止理由', en: 'Reason' })),
            abandonReason,
            button('abandon', { ja: '中止', en: 'Abandon' }, () =>
              caseCommand(
                'abandon',
                { ja: '案件を中止しました', en: 'Case abandoned' },
                { reason: abandonReason.value },
              ),
            ),
          )
        : nextCaseButton(),
    );
  });
}

/** Leaves the case (closed, or a proxy's waiting for the letter) for the next applicant. */
function nextCaseButton(): HTMLElement {
  return button('new-case', { ja: '次の案件へ', en: 'Next case' }, () => {
    caseView = undefined;
    sessionStorage.removeItem(CASE_KEY);
    ticked.clear();
    resetKinds.clear();
    triesSinceCheck = {};
    clearPins();
    openCases = undefined;
    renderAll();
  });
}

interface DirectoryEntry {
  caseId: string;
  appliedOn: string;
  procedure: keyof typeof PROCEDURE_NAMES;
  applicant: keyof typeof APPLICANT_NAMES;
  ticketNumbers: string[];
  letter: string;
  letterReference: string | null;
  letterDeadline: string | null;
}

/** Open cases of the office, to resume one (a proxy's second visit, a case left for a moment). */
let openCases: DirectoryEntry[] | undefined;

function loadOpenCases(query = 'status=open'): void {
  void call<DirectoryEntry[]>('GET', `${officePath(officeId)}/cases?${query}`).then(
    (entries) => {
      openCases = entries;
      // Only the list: re-rendering the panel would wipe what the clerk has started to fill in.
      const list = document.getElementById('open-cases');
      if (list) mount(list, ...openCaseItems());
    },
    () => undefined,
  );
}

function openCaseItems(): HTMLElement[] {
  return (openCases ?? []).map((entry) =>
    el(
      'li',
      { 'data-case': entry.caseId },
      `${entry.ticketNumbers.join('・') || '-'} ${tr(PROCEDURE_NAMES[entry.procedure])} ${tr(APPLICANT_NAMES[entry.applicant])} `,
      entry.letterReference
        ? tr({
            ja: `照会書 ${entry.letterReference}（期限 ${entry.letterDeadline ?? '-'}）`,
            en: `letter ${entry.letterReference} (deadline ${entry.letterDeadline ?? '-'})`,
          })
        : '',
      button(`resume-${entry.caseId}`, { ja: '再開', en: 'Resume' }, () => {
        void act({ ja: '案件を再開しました', en: 'Case resumed' }, async () => {
          setCase(await call<CaseView>('GET', `/cases/${entry.caseId}`));
        });
      }),
    ),
  );
}

function resumeSection(): HTMLElement {
  if (openCases === undefined && token) loadOpenCases();
  const reference = el('input', { id: 'find-reference', autocomplete: 'off', placeholder: '1A2B-3C4D-5E6F' });
  return el(
    'section',
    { class: 'resume', 'aria-labelledby': 'resume-title' },
    el('h3', { id: 'resume-title' }, tr({ ja: '手続き中の案件を再開', en: 'Resume an open case' })),
    el('label', { for: 'find-reference' }, tr({ ja: '照会書番号', en: 'Letter reference' })),
    reference,
    button('find-case', { ja: '検索', en: 'Find' }, () => {
      const value = reference.value.trim();
      loadOpenCases(value ? `reference=${encodeURIComponent(value)}` : 'status=open');
    }),
    el('ul', { id: 'open-cases' }, openCaseItems()),
  );
}

// ---------------------------------------------------------------------------------------------------
// Card panel. PIN fields are made once and moved into each rendering, so typing survives a refresh.

function pinField(id: string): HTMLInputElement {
  return el('input', {
    id,
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': `${id}-check`,
    oninput: () => renderPinChecks(),
    onfocus: () => {
      pinTarget = id;
    },
  });
}
const oldPin = pinField('old-pin');
const newPin = pinField('new-pin');
const confirmPin = pinField('confirm-pin');
const PIN_FIELDS = [oldPin, newPin, confirmPin];
let pinTarget = 'old-pin';

function clearPins(): void {
  for (const field of PIN_FIELDS) field.value = '';
}

function checkKind(): PinKind {
  return changeKind === 'all-four-digit' ? 'user-certificate' : changeKind;
}

const PIN_RULE: Record<'four' | 'signing', LocalizedText> = {
  four: { ja: '数字4桁', en: '4 digits' },
  signing: { ja: '英大文字と数字を両方含む6〜16文字', en: '6–16 letters and digits, both' },
};
const PIN_REFUSAL: Record<string, LocalizedText> = {
  length: { ja: '桁数が違います', en: 'wrong length' },
  characters: { ja: '使えない文字があります（半角英数字のみ）', en: 'characters not allowed (ASCII only)' },
  'letter-and-digit': { ja: '英字と数字を両方含めてください', en: 'needs both a letter and a digit' },
};

/** Checks the fields as typed (never echoing them) and says whether the change may be sent. */
function pinsReady(): boolean {
  const kind = checkKind();
  const checks = PIN_FIELDS.map((field) => (field.value === '' ? undefined : checkPin(kind, field.value)));
  const match = newPin.value !== '' && newPin.value === confirmPin.value;
  return checks.every((check) => check?.ok === true) && match;
}

function renderPinChecks(): void {
  const kind = checkKind();
  for (const field of PIN_FIELDS) {
    const note = document.getElementById(`${field.id}-check`);
    if (!note) continue;
    const check = field.value === '' ? undefined : checkPin(kind, field.value);
    const mismatch = field === confirmPin && check?.ok && confirmPin.value !== newPin.value;
    note.className = `pin-check ${check && (!check.ok || mismatch) ? 'pin-bad' : check ? 'pin-ok' : ''}`;
    note.textContent = !check
      ? tr(kind === 'signing-certificate' ? PIN_RULE.signing : PIN_RULE.four)
      : !check.ok
        ? tr(PIN_REFUSAL[check.reason] ?? PIN_REFUSAL.characters ?? { ja: '', en: '' })
        : mismatch
          ? tr({ ja: '新しい暗証番号と一致しません', en: 'does not match the new PIN' })
          : tr({ ja: '形式OK', en: 'format OK' });
  }
  const send = document.getElementById('change-pins') as HTMLButtonElement | null;
  if (send) send.disabled = busy || !pinsReady();
}

function readerInput(): HTMLInputElement {
  return el('input', {
    id: 'reader-id',
    value: localStorage.getItem(READER_KEY) ?? '',
    pattern: '[A-Za-z0-9_-]{1,64}',
    oninput: (event: Event) => localStorage.setItem(READER_KEY, (event.target as HTMLInputElement).value),
  });
}

function readerId(): string {
  return (document.getElementById('reader-id') as HTMLInputElement | null)?.value ?? '';
}

function numericPad(): HTMLElement {
  const type = (key: string) => {
    const field = PIN_FIELDS.find((candidate) => candidate.id === pinTarget) ?? oldPin;
    if (key === 'back') field.value = field.value.slice(0, -1);
    else if (key === 'clear') field.value = '';
    else if (field.value.length < 4) field.value += key;
    renderPinChecks();
  };
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'];
  return el(
    'div',
    { class: 'pin-pad', role: 'group', 'aria-label': tr({ ja: '数字パッド', en: 'Number pad' }) },
    keys.map((key) =>
      el(
        'button',
        {
          type: 'button',
          class: `secondary pad-key${/\d/.test(key) ? '' : ' pad-edit'}`,
          'data-key': key,
          onmousedown: (event: Event) => event.preventDefault(),
          onclick: () => type(key),
        },
        key === 'back'
          ? tr({ ja: '1字消す', en: 'Delete' })
          : key === 'clear'
            ? tr({ ja: 'クリア', en: 'Clear' })
            : key,
      ),
    ),
  );
}

function renderCard(): void {
  keepingFocus(() => {
    const state = caseView?.case;
    const file = state && state.status !== 'not-opened' ? state : undefined;
    if (!file) {
      mount(
        cardPanel,
        el('h2', { id: 'card-title' }, tr({ ja: 'カード', en: 'Card' })),
        el('p', { class: 'clerk-empty' }, tr({ ja: '案件を開始してください', en: 'Open a case first' })),
      );
      return;
    }
    const open = file.status === 'open';
    const triesOf = (kind: PinKind): number | null | undefined => triesSinceCheck[kind] ?? file.card?.[kind];
    const four = changeKind !== 'signing-certificate';
    for (const field of PIN_FIELDS) {
      field.setAttribute('inputmode', four ? 'numeric' : 'text');
      field.setAttribute('autocapitalize', four ? 'off' : 'characters');
      field.maxLength = four ? 4 : 16;
    }
    const triesFor = (kinds: readonly PinKind[]) =>
      Math.min(...kinds.map((kind) => triesOf(kind) ?? Number.POSITIVE_INFINITY));
    const lastTry = triesFor(changeKind === 'all-four-digit' ? FOUR_DIGIT_PIN_KINDS : [changeKind]) === 1;
    const pinLabel = (field: HTMLInputElement, text: LocalizedText) =>
      el(
        'div',
        { class: 'pin-row' },
        el('label', { for: field.id }, tr(text)),
        field,
        el('span', { id: `${field.id}-check`, class: 'pin-check', 'aria-live': 'polite' }),
      );
    const kindSelect = el(
      'select',
      {
        id: 'change-kind',
        onchange: (event: Event) => {
          changeKind = (event.target as HTMLSelectElement).value as PinKind | 'all-four-digit';
          clearPins();
          renderCard();
        },
      },
      el(
        'option',
        { value: 'all-four-digit', selected: changeKind === 'all-four-digit' },
        tr({ ja: '4桁の暗証番号3つをまとめて', en: 'All three 4-digit PINs' }),
      ),
      PIN_KINDS.map((kind) =>
        el('option', { value: kind, selected: changeKind === kind }, tr(PIN_NAMES[kind])),
      ),
    );
    const confirmLast = el('input', { type: 'checkbox', id: 'confirm-last-try' });
    mount(
      cardPanel,
      el('h2', { id: 'card-title' }, tr({ ja: 'カード', en: 'Card' })),
      el(
        'div',
        { class: 'row' },
        el('label', { for: 'reader-id' }, tr({ ja: '読み取り機ID', en: 'Reader id' })),
        readerInput(),
        open
          ? button('check-card', { ja: 'カード確認', en: 'Check card' }, () =>
              caseCommand(
                'card/check',
                { ja: 'カードを確認しました', en: 'Card checked' },
                { readerId: readerId() },
              ),
            )
          : null,
      ),
      el(
        'table',
        { class: 'tries', id: 'tries' },
        el(
          'caption',
          {},
          tr({ ja: '残り試行回数', en: 'Tries left' }),
          file.card ? '' : tr({ ja: '（未確認）', en: ' (not checked yet)' }),
        ),
        el(
          'tbody',
          {},
          PIN_KINDS.map((kind) =>
            el(
              'tr',
              { 'data-kind': kind },
              el('th', { scope: 'row' }, tr(PIN_NAMES[kind])),
              el(
                'td',
                { class: triesOf(kind) === 0 ? 'locked' : '' },
                file.card
                  ? triesOf(kind) === null
                    ? tr({ ja: '搭載なし', en: 'none' })
                    : tr({ ja: `${triesOf(kind)}回`, en: `${triesOf(kind)}` })
                  : '-',
              ),
            ),
          ),
        ),
      ),
      file.pinsChanged.length > 0
        ? el(
            'p',
            { class: 'done', id: 'pins-changed' },
            tr({ ja: '変更済み：', en: 'Changed: ' }),
            file.pinsChanged.map((kind) => tr(PIN_NAMES[kind])).join('、'),
          )
        : null,
      open && file.procedure === 'pin-change' && file.pinChangeFailed
        ? el(
            'section',
            { class: 'pin-entry', id: 'change-failed' },
            el(
              'p',
              { class: 'error' },
              tr({
                ja: '現在の暗証番号が違ったため、変更はできません。初期化の手続きに切り替えてください（本人確認書類がもう1点必要です）。',
                en: 'The current PIN was wrong, so the change is over. Continue as a reset (one more identity document is needed).',
              }),
            ),
            button('continue-as-reset', { ja: '初期化の手続きに切り替える', en: 'Continue as a reset' }, () =>
              caseCommand('continue-as-reset', { ja: '初期化に切り替えました', en: 'Now a reset' }),
            ),
          )
        : null,
      open && file.procedure === 'pin-change' && !file.pinChangeFailed
        ? el(
            'section',
            { class: 'pin-entry', 'aria-labelledby': 'pin-entry-title' },
            el(
              'h3',
              { id: 'pin-entry-title' },
              tr({ ja: '暗証番号の変更（ご本人が入力）', en: 'PIN change (the resident types)' }),
            ),
            el(
              'div',
              { class: 'row' },
              el('label', { for: 'change-kind' }, tr({ ja: '対象', en: 'Which PIN' })),
              kindSelect,
            ),
            pinLabel(oldPin, { ja: '現在の暗証番号', en: 'Current PIN' }),
            pinLabel(newPin, { ja: '新しい暗証番号', en: 'New PIN' }),
            pinLabel(confirmPin, { ja: '新しい暗証番号（確認）', en: 'New PIN again' }),
            four ? numericPad() : null,
            lastTry
              ? el(
                  'p',
                  { class: 'error' },
                  confirmLast,
                  el(
                    'label',
                    { for: 'confirm-last-try' },
                    tr({
                      ja: '残り1回です。間違えるとロックされることをご本人に伝えました',
                      en: 'One try left: the resident knows a mistake locks the PIN',
                    }),
                  ),
                )
              : null,
            el(
              'button',
              {
                type: 'button',
                class: 'primary',
                id: 'change-pins',
                disabled: true,
                onclick: () => {
                  const kind = checkKind();
                  const old = checkPin(kind, oldPin.value);
                  const fresh = checkPin(kind, newPin.value);
                  clearPins();
                  renderPinChecks();
                  if (!old.ok || !fresh.ok) return;
                  caseCommand(
                    'card/change',
                    { ja: '暗証番号を変更しました', en: 'PIN changed' },
                    {
                      readerId: readerId(),
                      kind: changeKind,
                      oldPin: old.pin,
                      newPin: fresh.pin,
                      ...(lastTry && { confirmedLastTry: confirmLast.checked }),
                    },
                  );
                },
              },
              tr({ ja: '変更する', en: 'Change' }),
            ),
          )
        : null,
      open && file.procedure === 'pin-reset'
        ? el(
            'section',
            { class: 'reset', 'aria-labelledby': 'reset-title' },
            el(
              'h3',
              { id: 'reset-title' },
              tr({ ja: 'J-LIS端末での初期化の記録', en: 'Reset done on the J-LIS terminal' }),
            ),
            PIN_KINDS.map((kind) =>
              el(
                'span',
                { class: 'option' },
                el('input', {
                  type: 'checkbox',
                  id: `reset-${kind}`,
                  checked: resetKinds.has(kind),
                  onchange: (event: Event) => {
                    if ((event.target as HTMLInputElement).checked) resetKinds.add(kind);
                    else resetKinds.delete(kind);
                  },
                }),
                el('label', { for: `reset-${kind}` }, tr(PIN_NAMES[kind])),
              ),
            ),
            button(
              'reset-recorded',
              { ja: '初期化を記録し回数を確認', en: 'Record the reset and confirm counters' },
              () =>
                caseCommand(
                  'card/reset-recorded',
                  { ja: '初期化を記録しました（回数確認済み）', en: 'Reset recorded; counters confirmed' },
                  { readerId: readerId(), kinds: [...resetKinds] },
                ),
            ),
          )
        : null,
      file.countersConfirmed
        ? el(
            'p',
            { class: 'done', id: 'counters-confirmed' },
            tr({
              ja: '試行回数が最大に戻ったことを確認しました',
              en: 'Counters confirmed back at their maximum',
            }),
          )
        : null,
      open ? newPinVerification(file) : null,
    );
    renderPinChecks();
  });
}

/**
 * After a reset the resident types the new PIN once and the card verifies it for every PIN reset to it.
 * A proxy's holder is not at the counter (the new PIN came sealed in the letter), so nobody types it then.
 */
function newPinVerification(file: OpenCase): HTMLElement | null {
  const unverified = file.pinsReset.filter((kind) => !file.newPinsVerified.includes(kind));
  if (file.procedure !== 'pin-reset' || file.applicant === 'proxy' || file.pinsReset.length === 0)
    return null;
  if (unverified.length === 0) {
    return el(
      'p',
      { class: 'done', id: 'new-pins-verified' },
      tr({ ja: '新しい暗証番号をご本人が確認しました', en: 'The resident verified the new PIN' }),
    );
  }
  const input = el('input', {
    type: 'password',
    id: 'verify-pin',
    autocomplete: 'off',
    inputmode: unverified.includes('signing-certificate') ? 'text' : 'numeric',
  });
  return el(
    'section',
    { class: 'pin-entry', 'aria-labelledby': 'verify-title' },
    el(
      'h3',
      { id: 'verify-title' },
      tr({ ja: '新しい暗証番号の確認（ご本人が入力）', en: 'Verify the new PIN (the resident types)' }),
    ),
    el('label', { for: 'verify-pin' }, tr({ ja: '新しい暗証番号', en: 'New PIN' })),
    input,
    button('verify-new-pin', { ja: 'カードで確認する', en: 'Verify on the card' }, () => {
      const pin = input.value;
      input.value = '';
      caseCommand(
        'card/verify-new-pin',
        { ja: '新しい暗証番号を確認しました', en: 'New PIN verified' },
        { readerId: readerId(), kinds: unverified, pin },
      );
    }),
  );
}

// ---------------------------------------------------------------------------------------------------

async function restoreCase(): Promise<void> {
  const id = sessionStorage.getItem(CASE_KEY);
  if (!id || !token) return;
  caseView = await call<CaseView>('GET', `/cases/${id}`).catch(() => undefined);
}

onLangChange(renderAll);
void (async () => {
  office = await getJson<OfficeSummaryView & { requirements?: RequirementsTable }>(
    officePath(officeId),
  ).catch(() => undefined);
  await loadFloor().catch(() => undefined);
  await restoreCase();
  renderAll();
})();
// The lines move with every ticket and call: the display feed says when, a slow poll covers a drop.
followFeed(`${officePath(officeId)}/display/events`, () => {
  void loadFloor().then(renderCounter, () => undefined);
});
setInterval(() => void loadFloor().then(renderCounter, () => undefined), POLL_MS);
