/**
 * Reveals the "show the interactive map" button and loads the map module on first press.
 * Kept tiny on purpose: this is the only script every visit to the map page downloads.
 */
import type { MapConfig } from './map-config.ts';

for (const root of document.querySelectorAll<HTMLElement>('[data-interactive-map]')) {
  const config = JSON.parse(root.dataset.interactiveMap ?? '{}') as MapConfig;
  const button = root.querySelector('button')!;
  const panel = root.querySelector('section')!;
  const status = root.querySelector('p')!;
  let opened: Promise<unknown> | null = null;
  button.hidden = false;
  button.addEventListener('click', () => {
    const show = panel.hidden;
    panel.hidden = !show;
    button.setAttribute('aria-expanded', String(show));
    button.textContent = show ? config.hide : config.show;
    if (!show || opened) return;
    status.textContent = config.loading;
    opened = import('./interactive-map.ts')
      .then(({ openMap }) => openMap(root.querySelector<HTMLElement>('.imap-canvas')!, config, status))
      .then(() => {
        if (status.textContent === config.loading) status.textContent = '';
      })
      .catch(() => {
        status.textContent = config.failed;
        opened = null;
      });
  });
}
