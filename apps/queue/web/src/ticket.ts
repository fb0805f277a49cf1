import './styles.css';
import type { LocalizedText } from '@madoguchi/domain';
import {
  ApiError,
  followFeed,
  getJson,
  officePath,
  type OfficeSummaryView,
  type TicketStatusView,
} from './api';
import { el, mount, pathParts } from './html';
import { formatDate, langToggle, minutes, onLangChange, tr } from './i18n';

/** A resident's phone: /screens/ticket/:officeId/:date/:ticketNumber, reached from the ticket's QR code. */
const [officeId = '', date = '', ticketNumber = ''] = pathParts();
const root = document.getElementById('app') as HTMLElement;
/** Besides the live feed, a slow poll in case the phone's network drops events silently. */
const POLL_MS = 30_000;

let status: TicketStatusView | undefined;
let office: OfficeSummaryView | undefined;
let failure: LocalizedText | undefined;
let refreshing: Promise<void> | undefined;
let again = false;

const STATUS_TEXT: Record<TicketStatusView['status'], LocalizedText> = {
  waiting: { ja: 'お待ちください', en: 'Please wait' },
  called: { ja: 'お呼び出ししています', en: 'You are being called' },
  serving: { ja: '窓口で手続き中です', en: 'Being served' },
  held: { ja: '保留中です（書類をご用意ください）', en: 'On hold (fetch your documents)' },
  finished: { ja: '手続きは終了しました', en: 'Finished' },
  'no-show': {
    ja: 'お呼び出ししましたがお越しになりませんでした。窓口にお声がけください。',
    en: 'You were called but did not come. Please speak to the counter.',
  },
};

/** One status request at a time; a burst of feed events costs at most one more. */
function refresh(): Promise<void> {
  if (refreshing) {
    again = true;
    return refreshing;
  }
  refreshing = (async () => {
    do {
      again = false;
      try {
        status = await getJson<TicketStatusView>(
          `/tickets/${encodeURIComponent(officeId)}/${encodeURIComponent(date)}/${encodeURIComponent(ticketNumber)}`,
        );
        failure = undefined;
      } catch (error) {
        failure =
          error instanceof ApiError && error.status === 404
            ? { ja: 'この受付番号は見つかりません。', en: 'This ticket was not found.' }
            : { ja: '状況を読み込めません。再試行しています…', en: 'Cannot load the status; retrying…' };
      }
      render();
    } while (again);
  })().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

function serviceName(): string {
  const service = office?.services.find((candidate) => candidate.code === status?.service);
  return service ? tr(service.name) : '';
}

function statusView(): HTMLElement {
  if (!status) {
    return el(
      'p',
      { class: failure ? 'error' : 'loading', role: 'status' },
      tr(failure ?? { ja: '読み込み中…', en: 'Loading…' }),
    );
  }
  const called = status.called && status.counter !== null;
  return el(
    'section',
    { class: `status status-${status.status}`, 'aria-labelledby': 'status-title' },
    el('h2', { id: 'status-title' }, tr(STATUS_TEXT[status.status])),
    called
      ? el(
          'p',
          { class: 'called-to' },
          tr({
            ja: `${status.counter}番窓口へお越しください`,
            en: `Please come to counter ${status.counter}`,
          }),
        )
      : null,
    status.status === 'waiting'
      ? el(
          'dl',
          { class: 'ticket-facts' },
          el('dt', {}, tr({ ja: '順番', en: 'Place in line' })),
          el(
            'dd',
            { class: 'position' },
            tr({ ja: `${status.position ?? '-'}番目`, en: `${status.position ?? '-'}` }),
          ),
          el('dt', {}, tr({ ja: '待ち時間の目安', en: 'Estimated wait' })),
          el('dd', {}, status.estimatedWaitMinutes === null ? '-' : minutes(status.estimatedWaitMinutes)),
        )
      : null,
    failure ? el('p', { class: 'error' }, tr(failure)) : null,
  );
}

// Announced to screen readers when it changes: being called is what the resident waits for.
const live = el('p', { 'aria-live': 'polite', 'aria-atomic': 'true', class: 'visually-hidden' });
const page = el('div', {});
root.append(page, live);

function render(): void {
  mount(
    page,
    el(
      'header',
      { class: 'ticket-header' },
      el('h1', {}, office ? tr(office.name) : tr({ ja: '受付番号の状況', en: 'Ticket status' })),
      langToggle(),
    ),
    el(
      'main',
      { class: 'ticket-main' },
      el('p', { class: 'ticket-caption' }, tr({ ja: '受付番号', en: 'Your number' })),
      el('p', { class: 'ticket-number' }, ticketNumber),
      el(
        'p',
        { class: 'ticket-service' },
        serviceName(),
        ' ',
        el('span', { class: 'ticket-date' }, formatDate(date)),
      ),
      statusView(),
    ),
  );
  const said = !status
    ? ''
    : status.called && status.counter !== null
      ? tr({ ja: `${status.counter}番窓口へお越しください`, en: `Please come to counter ${status.counter}` })
      : tr(STATUS_TEXT[status.status]);
  if (live.textContent !== said) live.textContent = said;
}

onLangChange(render);
void getJson<OfficeSummaryView>(officePath(officeId)).then(
  (found) => {
    office = found;
    render();
  },
  () => undefined,
);
void refresh();
// Every call and every change of the lines comes through the display feed: look again after each.
followFeed(`${officePath(officeId)}/display/events`, () => void refresh());
setInterval(() => void refresh(), POLL_MS);
