import type { CallView } from './api';

/** What is said for a call, in the order it is said. */
export function announcementOf(call: CallView): { ja: string; en: string } {
  const { letters, digits } = splitTicketNumber(call.ticketNumber);
  const jaLetters = [...letters].map((letter) => KATAKANA_LETTERS[letter] ?? letter).join('');
  const number = digits === '' ? '' : String(Number(digits));
  const ja = `${call.recall ? '再度お呼びします。' : ''}受付番号、${jaLetters}、${number}番のかた、${call.counter}番窓口へお越しください。`;
  const en = `${call.recall ? 'Calling again. ' : ''}Ticket number ${[...letters].join(' ')} ${number}, please come to counter ${call.counter}.`;
  return { ja, en };
}

function splitTicketNumber(ticketNumber: string): { letters: string; digits: string } {
  const match = /^([A-Za-z]*)(\d*)$/.exec(ticketNumber);
  return { letters: match?.[1]?.toUpperCase() ?? ticketNumber, digits: match?.[2] ?? '' };
}

const KATAKANA_LETTERS: Record<string, string> = {
  A: 'エー',
  B: 'ビー',
  C: 'シー',
  D: 'ディー',
  E: 'イー',
  F: 'エフ',
  G: 'ジー',
  H: 'エイチ',
  I: 'アイ',
  J: 'ジェー',
  K: 'ケー',
  L: 'エル',
  M: 'エム',
  N: 'エヌ',
  O: 'オー',
  P: 'ピー',
  Q: 'キュー',
  R: 'アール',
  S: 'エス',
  T: 'ティー',
  U: 'ユー',
  V: 'ブイ',
  W: 'ダブリュー',
  X: 'エックス',
  Y: 'ワイ',
  Z: 'ゼット',
};

/** Longest a single utterance may take before the queue moves on (a stuck speech engine never blocks it). */
const UTTERANCE_LIMIT_MS = 15_000;

/**
 * Calls are announced one after another, never over each other: a chime, then Japanese, then English.
 * A call that arrives while another is being announced waits its turn; none is dropped.
 */
export class Announcer {
  private readonly queue: { ja: string; en: string }[] = [];
  private running = false;
  private audio: AudioContext | undefined;

  constructor(
    private readonly onSpeaking: (text: { ja: string; en: string } | undefined) => void = () => undefined,
  ) {}

  /** True when the browser still waits for a touch or key before it lets the page make sound. */
  get needsActivation(): boolean {
    return this.context()?.state === 'suspended';
  }

  /** Call from a user gesture: unlocks sound where the browser requires one. */
  async activate(): Promise<void> {
    await this.context()
      ?.resume()
      .catch(() => undefined);
  }

  enqueue(call: CallView): void {
    this.queue.push(announcementOf(call));
    if (!this.running) void this.drain();
  }

  get pending(): number {
    return this.queue.length + (this.running ? 1 : 0);
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        this.onSpeaking(next);
        await this.chime();
        await this.say(next.ja, 'ja-JP');
        await this.say(next.en, 'en-US');
      }
    } finally {
      this.running = false;
      this.onSpeaking(undefined);
    }
  }

  private context(): AudioContext | undefined {
    if (this.audio) return this.audio;
    try {
      this.audio = new AudioContext();
    } catch {
      return undefined;
    }
    return this.audio;
  }

  /** Two soft tones, like the counters' own bell; generated, so no sound file is needed. */
  private async chime(): Promise<void> {
    const audio = this.context();
    if (!audio || audio.state !== 'running') return;
    const start = audio.currentTime + 0.05;
    const tones: [number, number][] = [
      [880, 0],
      [659.25, 0.45],
    ];
    for (const [frequency, offset] of tones) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.35, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.9);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.95);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_450));
  }

  private say(text: string, lang: string): Promise<void> {
    const synthesis = window.speechSynthesis as SpeechSynthesis | undefined;
    if (!synthesis) return Promise.resolve();
    return new Promise((resolve) => {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = lang;
      utterance.rate = lang.startsWith('ja') ? 0.95 : 0.9;
      const voice = synthesis
        .getVoices()
        .find((candidate) => candidate.lang.replace('_', '-').startsWith(lang));
      if (voice) utterance.voice = voice;
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(done, UTTERANCE_LIMIT_MS);
      utterance.addEventListener('end', done, { once: true });
      utterance.addEventListener('error', done, { once: true });
      synthesis.speak(utterance);
    });
  }
}
