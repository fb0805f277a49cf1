import './styles.css';
import type { LocalizedText } from '@madoguchi/domain';
import { el, mount, pathParts } from './html';
import { HttpError, signInFailure, signInForm } from './staff-session';
import { langToggle, onLangChange, tr } from './i18n';

/**
 * The compliance reports: /screens/reports/:officeId. The auditor signs in with the queue (token in
 * sessionStorage), then the page reads the audit app's API cross-origin: its address is `?audit=` (or
 * `#audit=`), by default this host on port 3002. Inclusion proofs are checked here, with WebCrypto.
 */
const [officeFromPath = ''] = pathParts();
const root = document.getElementById('app') as HTMLElement;
const TOKEN_KEY = 'madoguchi.reports.token';
const AUDIT_BASE = auditBase();

function auditBase(): string {
  const asked =
    new URLSearchParams(location.hash.slice(1)).get('audit') ??
    new URLSearchParams(location.search).get('audit');
  if (asked) {
    try {
      return new URL(asked).origin;
    } catch {
      // An address that is not one: fall back to the default.
    }
  }
  return `${location.protocol}//${location.hostname}:3002`;
}

// ---------------------------------------------------------------------------------------------------
// What the audit API answers (apps/audit/src/reports, apps/audit/src/proofs)

interface Percentiles {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
}
interface Violation {
  rule: string;
  caseId?: string;
  message: string;
  entries: number[];
}
interface Report {
  query: { from: string; to: string; office?: string };
  cases: {
    opened: number;
    byProcedure: Record<string, number>;
    byApplicant: Record<string, number>;
    byOutcome: Record<string, number>;
  };
  card: { pinLocks: number; failedVerifications: number };
  proxyLetters: { mailed: number; returned: number; expired: number };
  times: { waitSeconds: Percentiles; serviceSeconds: Percentiles };
  violations: Violation[];
  checkpoint: { treeSize: number; rootHash: string; checkpoint: string };
}
interface CheckpointView {
  treeSize: number;
  rootHash: string;
  checkpoint: string;
  createdAt: string;
}
interface LatestCheckpoint extends CheckpointView {
  origin: string;
}
interface EntryWithProof {
  sequence: number;
  entry: { type?: string; [key: string]: unknown };
  leafHash: string;
  inclusion: { treeSize: number; proof: string[]; checkpoint: CheckpointView } | null;
}
interface EntryCheck {
  sequence: number;
  type: string;
  leafMatches: boolean;
  /** The tree size the proof was checked against; undefined when no checkpoint covers the entry yet. */
  treeSize?: number;
  verifies: boolean;
}

// ---------------------------------------------------------------------------------------------------
// State

let token = sessionStorage.getItem(TOKEN_KEY) ?? '';
let office = officeFromPath;
let from = monthStart();
let to = tokyoToday();
let report: Report | undefined;
let latest: LatestCheckpoint | undefined;
const checks = new Map<number, EntryCheck | 'checking' | 'failed'>();
let message: { error: boolean; text: () => string } | undefined;
let busy = false;

function tokyoToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
}

function monthStart(): string {
  return `${tokyoToday().slice(0, 8)}01`;
}

// ---------------------------------------------------------------------------------------------------
// API

async function auditFetch(path: string, accept: string): Promise<Response> {
  const response = await fetch(`${AUDIT_BASE}${path}`, {
    headers: { Accept: accept, Authorization: `Bearer ${token}` },
    cache: 'no-store',
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.status === 401) signOut();
    throw new HttpError(response.status, body);
  }
  return response;
}

async function auditJson<T>(path: string): Promise<T> {
  return (await (await auditFetch(path, 'application/json')).json()) as T;
}

function reportQuery(format: 'json' | 'csv'): string {
  const query = new URLSearchParams({ from, to, format });
  if (office) query.set('office', office);
  return `/reports/compliance?${query.toString()}`;
}

function describeError(error: unknown): string {
  if (!(error instanceof HttpError)) {
    return tr({
      ja: `監査サーバー（${AUDIT_BASE}）に接続できません`,
      en: `Cannot reach the audit server (${AUDIT_BASE})`,
    });
  }
  if (error.status === 401) return tr({ ja: 'サインインしてください', en: 'Please sign in' });
  if (error.status === 403) return tr({ ja: '監査担当者の権限が必要です', en: 'The auditor role is needed' });
  const detail = error.body.message ?? error.body.error;
  return `${error.status}: ${typeof detail === 'string' ? detail : JSON.stringify(detail ?? '')}`;
}

async function act(run: () => Promise<void>, done?: LocalizedText): Promise<void> {
  if (busy) return;
  busy = true;
  message = undefined;
  render();
  try {
    await run();
    if (done) message = { error: false, text: () => tr(done) };
  } catch (error) {
    message = { error: true, text: () => describeError(error) };
  } finally {
    busy = false;
    render();
  }
}

function loadReport(): void {
  void act(
    async () => {
      const [answer, head] = await Promise.all([
        auditJson<Report>(reportQuery('json')),
        auditJson<LatestCheckpoint>('/log/checkpoints/latest'),
      ]);
      report = answer;
      latest = head;
      checks.clear();
    },
    { ja: 'レポートを表示しました', en: 'Report shown' },
  );
}

function downloadCsv(): void {
  void act(
    async () => {
      const response = await auditFetch(reportQuery('csv'), 'text/csv');
      const disposition = response.headers.get('Content-Disposition') ?? '';
      const name =
        /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? `compliance-${office || 'all'}-${from}-${to}.csv`;
      const url = URL.createObjectURL(await response.blob());
      const link = el('a', { href: url, download: name, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
    { ja: 'CSVを保存しました', en: 'CSV saved' },
  );
}

function signOut(): void {
  token = '';
  sessionStorage.removeItem(TOKEN_KEY);
  report = undefined;
  latest = undefined;
  checks.clear();
  render();
}

// ---------------------------------------------------------------------------------------------------
// Inclusion proofs (RFC 6962 / RFC 9162), checked in the browser

/** RFC 8785 canonical JSON, as the log hashes an entry. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (character) => character.charCodeAt(0));
}

async function sha256(prefix: number, ...parts: Uint8Array[]): Promise<Uint8Array<ArrayBuffer>> {
  const input = new Uint8Array(1 + parts.reduce((sum, part) => sum + part.length, 0));
  input[0] = prefix;
  let offset = 1;
  for (const part of parts) {
    input.set(part, offset);
    offset += part.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', input));
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((byte, i) => byte === b[i]);

/** RFC 9162 §2.1.3.2: the root the proof leads to from the leaf, or undefined when it cannot be right. */
async function rootFromProof(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: Uint8Array[],
): Promise<Uint8Array | undefined> {
  if (index < 0 || index >= size) return undefined;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0 || p.length !== 32) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(0x01, p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await sha256(0x01, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
}

async function checkEntry(sequence: number): Promise<EntryCheck> {
  const answer = await auditJson<EntryWithProof>(`/log/entries/${sequence}`);
  const leaf = await sha256(0x00, new TextEncoder().encode(canonicalJson(answer.entry)));
  const leafMatches = sameBytes(leaf, fromBase64(answer.leafHash));
  const type = typeof answer.entry.type === 'string' ? answer.entry.type : '';
  if (!answer.inclusion) return { sequence, type, leafMatches, verifies: false };
  const { treeSize, proof, checkpoint } = answer.inclusion;
  const computed = await rootFromProof(sequence, treeSize, leaf, proof.map(fromBase64));
  const verifies =
    leafMatches &&
    checkpoint.treeSize === treeSize &&
    computed !== undefined &&
    sameBytes(computed, fromBase64(checkpoint.rootHash));
  return { sequence, type, leafMatches, treeSize, verifies };
}

function verifyEntry(sequence: number): void {
  checks.set(sequence, 'checking');
  render();
  void checkEntry(sequence)
    .then((check) => checks.set(sequence, check))
    .catch((error: unknown) => {
      checks.set(sequence, 'failed');
      message = { error: true, text: () => describeError(error) };
    })
    .finally(() => {
      render();
      document.getElementById(`entry-${sequence}`)?.focus();
    });
}

// ---------------------------------------------------------------------------------------------------
// Rendering

const LABELS: Record<string, LocalizedText> = {
  'pin-change': { ja: '暗証番号の変更', en: 'PIN change' },
  'pin-reset': { ja: '暗証番号の初期化', en: 'PIN reset' },
  self: { ja: '本人', en: 'Self' },
  'legal-representative': { ja: '法定代理人', en: 'Legal representative' },
  proxy: { ja: '任意代理人', en: 'Proxy' },
  completed: { ja: '完了', en: 'Completed' },
  abandoned: { ja: '中止', en: 'Abandoned' },
  open: { ja: '未完了', en: 'Open' },
  'identity-not-assessed': { ja: '本人確認の記録なし', en: 'Identity not assessed' },
  'proxy-letter-not-returned': { ja: '照会書の回答なし', en: 'Proxy letter not returned' },
  'proxy-letter-late': { ja: '照会書の回答期限超過', en: 'Proxy letter late' },
  'operation-while-closed': { ja: '閉庁時間中の操作', en: 'Operation while closed' },
  'supervisor-exception': { ja: '責任者による例外承認', en: 'Supervisor exception' },
  'reset-not-confirmed': { ja: '初期化後の回数未確認', en: 'Reset without counters confirmed' },
  'reset-before-identity': { ja: '本人確認前の初期化', en: 'Reset before identity' },
  'proxy-completed-same-day': {
    ja: '代理人申請の当日完了',
    en: 'Proxy case completed on its application day',
  },
};

const label = (key: string): string => (LABELS[key] ? tr(LABELS[key]) : key);

const header = el('header', { class: 'clerk-header' });
const status = el('p', { class: 'clerk-message', role: 'status', 'aria-live': 'polite' });
const main = el('main', { class: 'reports-main' });
root.append(header, status, main);

function render(): void {
  const active = document.activeElement;
  const id = active instanceof HTMLElement ? active.id : '';
  mount(
    header,
    el('h1', {}, tr({ ja: '監査レポート', en: 'Compliance reports' })),
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
  if (!token) mount(main, loginForm());
  else mount(main, queryForm(), report ? reportView(report) : null);
  if (id && document.activeElement !== active) document.getElementById(id)?.focus();
}

function loginForm(): HTMLElement {
  return signInForm(
    { ja: '監査担当者サインイン', en: 'Auditor sign-in' },
    (session) => {
      if (session.role !== 'auditor') throw new HttpError(403, {});
      token = session.token;
      sessionStorage.setItem(TOKEN_KEY, token);
      message = undefined;
      return Promise.resolve();
    },
    (error) => {
      message = { error: true, text: () => signInFailure(error, describeError) };
    },
    render,
  );
}

function queryForm(): HTMLElement {
  const field = (
    id: string,
    text: LocalizedText,
    value: string,
    type: string,
    set: (value: string) => void,
  ): HTMLElement[] => [
    el('label', { for: id }, tr(text)),
    el('input', {
      id,
      name: id,
      type,
      value,
      required: type === 'date',
      oninput: (event: Event) => set((event.target as HTMLInputElement).value),
    }),
  ];
  const form = el(
    'form',
    { class: 'panel report-query', 'aria-labelledby': 'query-title' },
    el('h2', { id: 'query-title' }, tr({ ja: '条件', en: 'Report for' })),
    el(
      'div',
      { class: 'row' },
      ...field('office', { ja: '窓口（空欄で全窓口）', en: 'Office (empty: all)' }, office, 'text', (v) => {
        office = v.trim();
      }),
      ...field('from', { ja: '開始日', en: 'From' }, from, 'date', (v) => {
        from = v;
      }),
      ...field('to', { ja: '終了日', en: 'To' }, to, 'date', (v) => {
        to = v;
      }),
    ),
    el(
      'div',
      { class: 'actions' },
      el(
        'button',
        { type: 'submit', class: 'primary', id: 'show-report', disabled: busy },
        tr({ ja: 'レポートを表示', en: 'Show report' }),
      ),
      el(
        'button',
        { type: 'button', class: 'secondary', id: 'download-csv', disabled: busy, onclick: downloadCsv },
        tr({ ja: 'CSVをダウンロード', en: 'Download CSV' }),
      ),
    ),
    el('p', { class: 'hint' }, tr({ ja: `監査サーバー: ${AUDIT_BASE}`, en: `Audit server: ${AUDIT_BASE}` })),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    loadReport();
  });
  return form;
}

function countTable(
  id: string,
  caption: LocalizedText,
  rows: [string, number | string][],
  keyHeading: LocalizedText,
  valueHeading: LocalizedText = { ja: '件数', en: 'Count' },
): HTMLElement {
  return el(
    'table',
    { class: 'report-table', id },
    el('caption', {}, tr(caption)),
    el(
      'thead',
      {},
      el('tr', {}, el('th', { scope: 'col' }, tr(keyHeading)), el('th', { scope: 'col' }, tr(valueHeading))),
    ),
    el(
      'tbody',
      {},
      rows.map(([key, value]) => el('tr', {}, el('th', { scope: 'row' }, key), el('td', {}, value))),
    ),
  );
}

const seconds = (value: number | null): string =>
  value === null ? '—' : tr({ ja: `${Math.round(value)}秒`, en: `${Math.round(value)} s` });

function timesTable(current: Report): HTMLElement {
  const row = (text: LocalizedText, p: Percentiles) =>
    el(
      'tr',
      {},
      el('th', { scope: 'row' }, tr(text)),
      el('td', {}, p.count),
      el('td', {}, seconds(p.p50)),
      el('td', {}, seconds(p.p90)),
      el('td', {}, seconds(p.p99)),
    );
  return el(
    'table',
    { class: 'report-table', id: 'times' },
    el('caption', {}, tr({ ja: '待ち時間・対応時間', en: 'Wait and service times' })),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, tr({ ja: '区分', en: 'Measure' })),
        el('th', { scope: 'col' }, tr({ ja: '件数', en: 'Count' })),
        el('th', { scope: 'col' }, 'p50'),
        el('th', { scope: 'col' }, 'p90'),
        el('th', { scope: 'col' }, 'p99'),
      ),
    ),
    el(
      'tbody',
      {},
      row({ ja: '待ち時間（発券〜呼出）', en: 'Wait (ticket to call)' }, current.times.waitSeconds),
      row({ ja: '対応時間', en: 'Service' }, current.times.serviceSeconds),
    ),
  );
}

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Horizontal bars, inline SVG: the report has no per-day series, so it charts its counts. */
function countsChart(current: Report): HTMLElement {
  const bars: [string, number][] = [
    ...Object.entries(current.cases.byOutcome).map(([key, value]): [string, number] => [label(key), value]),
    ...Object.entries(current.cases.byProcedure).map(([key, value]): [string, number] => [label(key), value]),
  ];
  const max = Math.max(1, ...bars.map(([, value]) => value));
  const rowHeight = 30;
  const labelWidth = 170;
  const barWidth = 300;
  const height = bars.length * rowHeight + 10;
  const title = tr({ ja: '結果別・手続き別の件数', en: 'Cases by outcome and by procedure' });
  const chart = svg('svg', {
    viewBox: `0 0 ${labelWidth + barWidth + 60} ${height}`,
    width: labelWidth + barWidth + 60,
    height,
    role: 'img',
    'aria-label': `${title}: ${bars.map(([name, value]) => `${name} ${value}`).join(', ')}`,
    class: 'bar-chart',
  });
  chart.append(svg('title', {}, title));
  bars.forEach(([name, value], i) => {
    const y = 5 + i * rowHeight;
    const width = Math.round((value / max) * barWidth);
    chart.append(
      svg('text', { x: labelWidth - 8, y: y + 19, 'text-anchor': 'end', class: 'bar-label' }, name),
      svg('rect', {
        x: labelWidth,
        y: y + 4,
        width: Math.max(width, 1),
        height: rowHeight - 10,
        class: i < Object.keys(current.cases.byOutcome).length ? 'bar outcome' : 'bar procedure',
      }),
      svg('text', { x: labelWidth + Math.max(width, 1) + 6, y: y + 19, class: 'bar-value' }, String(value)),
    );
  });
  return el(
    'figure',
    { class: 'report-chart' },
    chart as unknown as HTMLElement,
    el(
      'figcaption',
      {},
      title,
      tr({
        ja: '（レポートに日別の集計がないため、期間全体の件数を示します）',
        en: ' (the report has no per-day series, so this charts the totals of the range)',
      }),
    ),
  );
}

function entryButton(sequence: number): HTMLElement {
  const check = checks.get(sequence);
  const result =
    check === undefined
      ? null
      : check === 'checking'
        ? el('span', { class: 'proof' }, tr({ ja: '検証中…', en: 'Checking…' }))
        : check === 'failed'
          ? el('span', { class: 'proof error' }, tr({ ja: '取得できません', en: 'Could not fetch' }))
          : proofResult(check);
  return el(
    'li',
    {},
    el(
      'button',
      {
        type: 'button',
        class: 'secondary entry-link',
        id: `entry-${sequence}`,
        onclick: () => verifyEntry(sequence),
      },
      tr({ ja: `ログ項目 #${sequence}`, en: `Log entry #${sequence}` }),
    ),
    ' ',
    result,
  );
}

function proofResult(check: EntryCheck): HTMLElement {
  const type = check.type ? `${check.type}: ` : '';
  if (check.treeSize === undefined) {
    return el(
      'span',
      { class: 'proof' },
      type,
      tr({ ja: 'まだチェックポイントに含まれていません', en: 'not under a checkpoint yet' }),
    );
  }
  if (check.verifies) {
    return el(
      'span',
      { class: 'proof ok' },
      type,
      tr({
        ja: `包含証明はチェックポイント ${check.treeSize} に対して検証されました`,
        en: `inclusion proof verifies against checkpoint ${check.treeSize}`,
      }),
    );
  }
  return el(
    'span',
    { class: 'proof error' },
    type,
    check.leafMatches
      ? tr({
          ja: `包含証明がチェックポイント ${check.treeSize} に対して検証できません`,
          en: `inclusion proof does NOT verify against checkpoint ${check.treeSize}`,
        })
      : tr({
          ja: 'ログ項目の内容がリーフハッシュと一致しません',
          en: 'the entry does NOT match its leaf hash',
        }),
  );
}

function violationsView(current: Report): HTMLElement {
  return el(
    'section',
    { class: 'panel', 'aria-labelledby': 'violations-title', id: 'violations' },
    el(
      'h2',
      { id: 'violations-title' },
      tr({ ja: `違反（${current.violations.length}件）`, en: `Violations (${current.violations.length})` }),
    ),
    current.violations.length === 0
      ? el('p', {}, tr({ ja: '違反はありません', en: 'No violation' }))
      : el(
          'ol',
          { class: 'violations' },
          current.violations.map((violation) =>
            el(
              'li',
              { class: 'violation', 'data-rule': violation.rule },
              el('strong', {}, label(violation.rule)),
              violation.caseId
                ? tr({ ja: ` 案件 ${violation.caseId}`, en: ` case ${violation.caseId}` })
                : '',
              el('p', { lang: 'en' }, violation.message),
              el('ul', { class: 'entries' }, violation.entries.map(entryButton)),
            ),
          ),
        ),
  );
}

function checkpointView(current: Report): HTMLElement {
  return el(
    'section',
    { class: 'panel', 'aria-labelledby': 'checkpoint-title', id: 'checkpoint' },
    el('h2', { id: 'checkpoint-title' }, tr({ ja: '根拠のチェックポイント', en: 'Checkpoint' })),
    el(
      'dl',
      {},
      el('dt', {}, tr({ ja: 'ツリーサイズ', en: 'Tree size' })),
      el('dd', { id: 'tree-size' }, current.checkpoint.treeSize),
      el('dt', {}, tr({ ja: 'ルートハッシュ', en: 'Root hash' })),
      el('dd', { class: 'hash' }, current.checkpoint.rootHash),
      latest
        ? [
            el('dt', {}, tr({ ja: '最新のチェックポイント', en: 'Latest checkpoint' })),
            el('dd', {}, `${latest.treeSize} (${latest.origin}, ${latest.createdAt})`),
          ]
        : null,
    ),
    el(
      'details',
      {},
      el('summary', {}, tr({ ja: '署名付きチェックポイント', en: 'Signed checkpoint' })),
      el('pre', { class: 'hash' }, current.checkpoint.checkpoint),
    ),
  );
}

function reportView(current: Report): HTMLElement {
  const { cases, card, proxyLetters } = current;
  const kind = { ja: '区分', en: 'Kind' };
  return el(
    'div',
    { class: 'report' },
    el(
      'h2',
      { class: 'report-title' },
      tr({
        ja: `${current.query.office ?? '全窓口'} ${current.query.from} 〜 ${current.query.to}（開始 ${cases.opened}件）`,
        en: `${current.query.office ?? 'All offices'}, ${current.query.from} to ${current.query.to} (${cases.opened} cases opened)`,
      }),
    ),
    el(
      'section',
      { class: 'panel report-tables', 'aria-label': tr({ ja: '集計', en: 'Counts' }) },
      countTable(
        'by-procedure',
        { ja: '手続き別', en: 'By procedure' },
        Object.entries(cases.byProcedure).map(([key, value]) => [label(key), value]),
        { ja: '手続き', en: 'Procedure' },
      ),
      countTable(
        'by-applicant',
        { ja: '申請者別', en: 'By applicant' },
        Object.entries(cases.byApplicant).map(([key, value]) => [label(key), value]),
        { ja: '申請者', en: 'Applicant' },
      ),
      countTable(
        'by-outcome',
        { ja: '結果別', en: 'By outcome' },
        Object.entries(cases.byOutcome).map(([key, value]) => [label(key), value]),
        { ja: '結果', en: 'Outcome' },
      ),
      countTable(
        'card',
        { ja: 'カード', en: 'Card' },
        [
          [tr({ ja: '暗証番号ロック', en: 'PIN locks' }), card.pinLocks],
          [tr({ ja: '照合失敗', en: 'Failed verifications' }), card.failedVerifications],
        ],
        kind,
      ),
      countTable(
        'proxy-letters',
        { ja: '照会書（任意代理人）', en: 'Proxy letters' },
        [
          [tr({ ja: '郵送', en: 'Mailed' }), proxyLetters.mailed],
          [tr({ ja: '回答', en: 'Returned' }), proxyLetters.returned],
          [tr({ ja: '期限切れ', en: 'Expired' }), proxyLetters.expired],
        ],
        kind,
      ),
      timesTable(current),
    ),
    countsChart(current),
    violationsView(current),
    checkpointView(current),
  );
}

onLangChange(render);
