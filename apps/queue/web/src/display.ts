import './styles.css';
import { Announcer } from './announcer';
import {
  type CallView,
  type CalendarDayView,
  type DisplaySnapshot,
  type FeedState,
  followFeed,
  getJson,
  nextOpenDay,
  officePath,
} from './api';
import { el, mount, pathParts } from './html';
import { closedReason, formatDate, langToggle, minutes, onLangChange, tr } from './i18n';

/** The wall screen: /screens/display/:officeId. Ticket numbers and counters only, nothing personal. */
const officeId = pathParts()[0] ?? '';
const root = document.getElementById('app') as HTMLElement;
const CURRENT_CALLS = 6;
const RECENT_CALLS = 8;

let snapshot: DisplaySnapshot | undefined;
/** Calls newer than the snapshot, received as events before the snapshot that includes them. */
let earlyCalls: CallView[] = [];
let feedState: FeedState = 'connecting';
let speaking: { ja: string; en: string } | undefined;
let nextOpen: Extract<CalendarDayView, { open: true }> | undefined;
let nextOpenFor: string | undefined;
/** Every call version already announced (or already on the screen when it first loaded). */
const announced = new Set<string>();
/** Versions start again each day; the call time tells two days' calls apart. */
const callKey = (call: CallView) => `${call.version}@${call.calledAt}`;
let firstSnapshotSeen = false;

const announcer = new Announcer((text) => {
  speaking = text;
  render();
});

function calls(): CallView[] {
  const known = snapshot?.lastCalls ?? [];
  const newest = known[0]?.version ?? 0;
  return [...earlyCalls.filter((call) => call.version > newest), ...known].sort(
    (a, b) => b.version - a.version,
  );
}

function announce(call: CallView): void {
  if (announced.has(callKey(call))) return;
  announced.add(callKey(call));
  announcer.enqueue(call);
}

function received(type: string, data: unknown): void {
  if (type === 'call') {
    const call = data as CallView;
    earlyCalls = [call, ...earlyCalls.filter((known) => known.version !== call.version)].slice(0, 20);
    if (firstSnapshotSeen) announce(call);
  } else if (type === 'snapshot') {
    const next = data as DisplaySnapshot;
    if (!firstSnapshotSeen) {
      // What was on the board before this screen came on is shown, not announced.
      next.lastCalls.forEach((call) => announced.add(callKey(call)));
      earlyCalls.forEach((call) => announced.add(callKey(call)));
      firstSnapshotSeen = true;
    } else {
      // A call the screen missed as an event is still announced, oldest first.
      [...next.lastCalls].reverse().forEach(announce);
    }
    if (snapshot && snapshot.date !== next.date) earlyCalls = [];
    snapshot = next;
    earlyCalls = earlyCalls.filter((call) => call.version > (next.lastCalls[0]?.version ?? 0));
    if (!next.today.open && nextOpenFor !== next.date) {
      nextOpenFor = next.date;
      nextOpenDay(officeId).then(
        (day) => {
          nextOpen = day;
          render();
        },
        () => undefined,
      );
    }
  }
  render();
}

function header(): HTMLElement {
  return el(
    'header',
    { class: 'display-header' },
    el('h1', {}, snapshot ? tr(snapshot.officeName) : tr({ ja: '呼び出し表示', en: 'Calling display' })),
    el('p', { class: 'display-date' }, snapshot ? formatDate(snapshot.date) : ''),
    hours(),
    el(
      'p',
      { class: `feed-state feed-${feedState}`, role: 'status' },
      feedState === 'live' ? '' : tr({ ja: '接続中…', en: 'Connecting…' }),
    ),
    announcer.needsActivation
      ? el(
          'button',
          {
            type: 'button',
            class: 'sound-button',
            onclick: () => {
              void announcer.activate().then(render);
            },
          },
          tr({ ja: '音声を有効にする', en: 'Turn sound on' }),
        )
      : null,
    langToggle(),
  );
}

function hours(): HTMLElement | null {
  if (!snapshot) return null;
  const today = snapshot.today;
  if (today.open) {
    return el(
      'p',
      { class: 'display-hours' },
      tr({ ja: '本日の受付時間', en: "Today's hours" }),
      ' ',
      el('strong', {}, `${today.opens}–${today.closes}`),
    );
  }
  return null;
}

function closedNotice(): HTMLElement | null {
  if (!snapshot || snapshot.today.open) return null;
  return el(
    'section',
    { class: 'closed-notice', 'aria-labelledby': 'closed-title' },
    el('h2', { id: 'closed-title' }, closedReason(snapshot.today.reason, snapshot.today.holidayName)),
    nextOpen
      ? el(
          'p',
          {},
          tr({ ja: '次の開庁日', en: 'Next opening' }),
          ': ',
          el('strong', {}, `${formatDate(nextOpen.date)} ${nextOpen.opens}`),
        )
      : null,
  );
}

function currentCalls(list: CallView[]): HTMLElement {
  // The newest call at each counter: who should be walking to which window now.
  const perCounter: CallView[] = [];
  for (const call of list) {
    if (!perCounter.some((known) => known.counter === call.counter)) perCounter.push(call);
    if (perCounter.length === CURRENT_CALLS) break;
  }
  return el(
    'section',
    { class: 'current-calls', 'aria-labelledby': 'current-title' },
    el('h2', { id: 'current-title' }, tr({ ja: 'お呼び出し中', en: 'Now calling' })),
    perCounter.length === 0
      ? el('p', { class: 'empty' }, tr({ ja: 'お呼び出しはまだありません', en: 'No calls yet' }))
      : el(
          'ol',
          { class: 'call-board' },
          perCounter.map((call, index) =>
            el(
              'li',
              { class: index === 0 ? 'call newest' : 'call', 'data-ticket': call.ticketNumber },
              el('span', { class: 'call-number' }, call.ticketNumber),
              el('span', { class: 'call-arrow', 'aria-hidden': 'true' }, '→'),
              el(
                'span',
                { class: 'call-counter' },
                tr({ ja: `${call.counter}番窓口`, en: `Counter ${call.counter}` }),
              ),
            ),
          ),
        ),
  );
}

function recentCalls(list: CallView[]): HTMLElement {
  return el(
    'section',
    { class: 'recent-calls', 'aria-labelledby': 'recent-title' },
    el('h2', { id: 'recent-title' }, tr({ ja: 'これまでの呼び出し', en: 'Recent calls' })),
    el(
      'ol',
      {},
      list
        .slice(0, RECENT_CALLS)
        .map((call) =>
          el(
            'li',
            {},
            el('span', { class: 'recent-number' }, call.ticketNumber),
            el('span', {}, tr({ ja: `${call.counter}番窓口`, en: `Counter ${call.counter}` })),
            call.recall ? el('span', { class: 'recall' }, tr({ ja: '再呼出', en: 'again' })) : null,
          ),
        ),
    ),
  );
}

function lines(): HTMLElement | null {
  if (!snapshot) return null;
  return el(
    'section',
    { class: 'lines', 'aria-labelledby': 'lines-title' },
    el('h2', { id: 'lines-title' }, tr({ ja: 'お待ちの方', en: 'Waiting' })),
    el(
      'ul',
      {},
      snapshot.lines.map((line) =>
        el(
          'li',
          { 'data-service': line.service },
          el('span', { class: 'line-name' }, `${line.prefix} ${tr(line.name)}`),
          el(
            'span',
            { class: 'line-waiting' },
            tr({ ja: `${line.waiting}人`, en: `${line.waiting} waiting` }),
          ),
          el(
            'span',
            { class: 'line-wait' },
            tr({ ja: '待ち時間', en: 'Wait' }),
            ' ',
            minutes(line.estimatedWaitMinutes),
          ),
        ),
      ),
    ),
  );
}

// The live region lives outside the re-rendered tree so screen readers hear each announcement once.
const liveRegion = el('p', { class: 'announcement', 'aria-live': 'assertive', 'aria-atomic': 'true' });
const board = el('div', { class: 'display-board' });
root.append(board, liveRegion);

function render(): void {
  const list = calls();
  mount(
    board,
    header(),
    el('main', { class: 'display-main' }, closedNotice(), currentCalls(list), recentCalls(list)),
    lines(),
  );
  const text = speaking ? tr(speaking) : '';
  if (liveRegion.textContent !== text) liveRegion.textContent = text;
  liveRegion.classList.toggle('speaking', speaking !== undefined);
}

onLangChange(render);
setInterval(render, 60_000);
void getJson<DisplaySnapshot>(`${officePath(officeId)}/display`)
  .then((first) => {
    if (!snapshot) received('snapshot', first);
  })
  .catch(() => undefined);
followFeed(
  `${officePath(officeId)}/display/events`,
  (event) => received(event.type, event.data),
  (state) => {
    feedState = state;
    render();
  },
);
