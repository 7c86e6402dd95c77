/**
 * Home page postal-code form, enhanced: with JavaScript, a known postal code goes straight to its
 * neighbourhood page; an unknown one gets an inline message. Without JavaScript (or if the lookup
 * file does not load) the form submits as usual to the postal-code page, which does the same.
 */
import { toFsa } from '@passerelle/shared/geo';
import { postalCodeMessages } from '@passerelle/shared/ui/map-search';

type FsaIndex = Record<string, { fr: string; en: string }>;

const FORM_SELECTOR = 'form[data-postal-code], form[action$="/code-postal/"], form[action$="/postal-code/"]';
let index: Promise<FsaIndex> | null = null;

function loadIndex(): Promise<FsaIndex> {
  index ??= fetch('/code-postal/fsa.json').then((r) => {
    if (!r.ok) throw new Error(`fsa.json: HTTP ${r.status}`);
    return r.json() as Promise<FsaIndex>;
  });
  return index;
}

for (const form of document.querySelectorAll<HTMLFormElement>(FORM_SELECTOR)) {
  const input = form.querySelector<HTMLInputElement>('input:not([type=hidden]):not([type=submit])');
  if (!input) continue;
  const locale = document.documentElement.lang.startsWith('en') ? 'en' : 'fr';
  const messages = postalCodeMessages[locale];
  const message = document.createElement('p');
  message.id = `${input.id || 'code-postal'}-message`;
  message.className = 'postal-code-message';
  message.setAttribute('aria-live', 'polite');
  // At the end of the form, not beside the input: the input often sits in a one-line flex row.
  form.append(message);

  const say = (text: string) => {
    message.textContent = text;
    const described = input.getAttribute('aria-describedby')?.split(' ') ?? [];
    if (!described.includes(message.id)) input.setAttribute('aria-describedby', [...described, message.id].join(' '));
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  };

  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the lookup's failure is caught (the form is then submitted to the server), so the ignored promise never rejects
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    input.removeAttribute('aria-invalid');
    const fsa = toFsa(input.value);
    if (!fsa) return say(messages.invalid);
    try {
      const target = (await loadIndex())[fsa];
      if (target) location.assign(target[locale]);
      else say(messages.unknown);
    } catch {
      index = null;
      form.submit();
    }
  });
}

// On a plain CDN (no server-side redirect), the postal-code page receives `?cp=…`: finish the job here.
const asked = new URLSearchParams(location.search).get('cp');
const askedFsa = asked ? toFsa(asked) : null;
if (askedFsa && /\/(code-postal|postal-code)\/$/.test(location.pathname)) {
  const locale = document.documentElement.lang.startsWith('en') ? 'en' : 'fr';
  loadIndex()
    .then((fsaIndex) => {
      const target = fsaIndex[askedFsa];
      if (target) location.replace(target[locale]);
    })
    .catch(() => {
      /* the table on the page is the fallback */
    });
}
