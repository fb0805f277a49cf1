import type { LocalizedText } from '@madoguchi/domain';
import { el } from './html';
import { tr } from './i18n';

/** An API answer other than 2xx, with its JSON body (a refusal's code, a field's problem). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(`the API answered ${status}`);
  }
}

export interface StaffSession {
  token: string;
  role: string;
}

/**
 * The sign-in form of the staff screens (clerk, compliance): it posts to the queue's `/auth/login` and
 * empties the password field at once. `onSession` decides what a session may do on this screen.
 */
export function signInForm(
  title: LocalizedText,
  onSession: (session: StaffSession) => Promise<void>,
  onFailure: (error: unknown) => void,
  after: () => void,
): HTMLElement {
  const login = el('input', { id: 'login', name: 'login', autocomplete: 'username', required: true });
  const password = el('input', {
    id: 'password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const form = el(
    'form',
    { class: 'panel login-form', 'aria-labelledby': 'login-title' },
    el('h2', { id: 'login-title' }, tr(title)),
    el('label', { for: 'login' }, tr({ ja: 'ログインID', en: 'Login' })),
    login,
    el('label', { for: 'password' }, tr({ ja: 'パスワード', en: 'Password' })),
    password,
    el('button', { type: 'submit', class: 'primary' }, tr({ ja: 'サインイン', en: 'Sign in' })),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      try {
        const answer = await fetch('/auth/login', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ login: login.value, password: password.value }),
        });
        password.value = '';
        if (!answer.ok) throw new HttpError(answer.status, {});
        await onSession((await answer.json()) as StaffSession);
      } catch (error) {
        onFailure(error);
      }
      after();
    })();
  });
  return form;
}

/** What to tell someone whose sign-in failed; other errors are the screen's own to describe. */
export function signInFailure(error: unknown, otherwise: (error: unknown) => string): string {
  if (error instanceof HttpError && error.status === 401) {
    return tr({ ja: 'ログインIDまたはパスワードが違います', en: 'Wrong login or password' });
  }
  if (error instanceof HttpError && error.status === 429) {
    return tr({ ja: 'しばらくお待ちください（ロック中）', en: 'Locked for a while; try later' });
  }
  return otherwise(error);
}
