import type { LocalizedText } from '@madoguchi/domain';
import { el } from './html';

/** Japanese by default; English when chosen on the screen, or by `#lang=en` / `?lang=en` in the address. */
export type Lang = 'ja' | 'en';

const STORAGE_KEY = 'madoguchi.lang';
const listeners: (() => void)[] = [];
let current: Lang = initialLang();

function initialLang(): Lang {
  const asked =
    new URLSearchParams(location.hash.slice(1)).get('lang') ??
    new URLSearchParams(location.search).get('lang');
  if (asked === 'en' || asked === 'ja') return asked;
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // A locked-down browser keeps the choice for this page only.
  }
  listeners.forEach((listener) => listener());
}

/** Runs `render` now and whenever the language changes. */
export function onLangChange(render: () => void): void {
  listeners.push(render);
  document.documentElement.lang = current;
  render();
}

export function tr(text: LocalizedText): string {
  return text[current];
}

/** The button that switches language: it names the other language in that language. */
export function langToggle(): HTMLButtonElement {
  const other: Lang = current === 'ja' ? 'en' : 'ja';
  return el(
    'button',
    {
      type: 'button',
      class: 'lang-toggle',
      lang: other,
      onclick: () => setLang(other),
    },
    other === 'en' ? 'English' : '日本語',
  );
}

const TOKYO_DATE_TIME: Record<Lang, Intl.DateTimeFormatOptions> = {
  ja: {
    timeZone: 'Asia/Tokyo',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  },
  en: {
    timeZone: 'Asia/Tokyo',
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  },
};

/** An instant (ISO text) as Tokyo wall-clock date and time. */
export function formatOpening(instant: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  return new Intl.DateTimeFormat(current === 'ja' ? 'ja-JP' : 'en-GB', TOKYO_DATE_TIME[current]).format(date);
}

/** A calendar date (YYYY-MM-DD) with its weekday. */
export function formatDate(date: string): string {
  const instant = new Date(`${date}T12:00:00+09:00`);
  if (Number.isNaN(instant.getTime())) return date;
  return new Intl.DateTimeFormat(current === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: current === 'ja' ? 'long' : 'short',
    day: 'numeric',
    weekday: 'short',
  }).format(instant);
}

export function minutes(count: number): string {
  return current === 'ja' ? `約${count}分` : `about ${count} min`;
}

const CLOSED_REASONS: Record<string, LocalizedText> = {
  sunday: { ja: '日曜日は閉庁日です', en: 'Closed on Sundays' },
  'national-holiday': { ja: '祝日のため閉庁しています', en: 'Closed for a national holiday' },
  'year-end-holidays': { ja: '年末年始のため閉庁しています', en: 'Closed for the New Year holidays' },
  'office-closure': { ja: '本日は閉庁日です', en: 'The office is closed today' },
};

export function closedReason(reason: string, holidayName?: string): string {
  const text = tr(CLOSED_REASONS[reason] ?? CLOSED_REASONS['office-closure'] ?? { ja: '', en: '' });
  return holidayName && current === 'ja' ? `${text}（${holidayName}）` : text;
}
