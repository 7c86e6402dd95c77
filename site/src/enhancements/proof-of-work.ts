/**
 * Optional enhancement of the petition form, kept to a few lines because every visit to a
 * petition page downloads it: the proof-of-work code (proof-of-work-form.ts), its worker and the
 * challenge are fetched only once the person starts filling the form in — readers pay nothing.
 */
const supported = 'Worker' in window && Boolean(window.crypto?.subtle) && 'TextEncoder' in window;

for (const form of supported ? document.querySelectorAll<HTMLFormElement>('form[action$="/signer"]') : []) {
  const start = () => {
    form.removeEventListener('focusin', start);
    form.removeEventListener('input', start);
    import('./proof-of-work-form.ts').then(({ protectForm }) => protectForm(form)).catch(() => undefined);
  };
  form.addEventListener('focusin', start);
  form.addEventListener('input', start);
}
