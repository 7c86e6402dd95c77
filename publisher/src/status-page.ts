import type { BuildStatus } from './status.ts';

/**
 * The build status as a small HTML page for editors: French first, no JavaScript, no external
 * resources, readable on a phone. Refreshing the page is how it updates.
 */
const escape = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const when = (iso: string | undefined) =>
  iso
    ? new Intl.DateTimeFormat('fr-CA', { dateStyle: 'long', timeStyle: 'medium', timeZone: 'America/Toronto' }).format(new Date(iso))
    : '—';

const seconds = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);

const queueLabel: Record<BuildStatus['queue']['state'], string> = {
  idle: 'Aucune publication en attente',
  waiting: 'Publication reçue, la construction commence dans quelques secondes',
  building: 'Construction en cours',
  'building-then-again': 'Construction en cours, une autre suivra pour les changements reçus entre-temps',
};

function recentTable(status: BuildStatus): string {
  if (status.recent.length === 0) return '';
  const rows = status.recent
    .slice(0, 10)
    .map((attempt) => {
      const t = attempt.timings;
      const total = (t.fetchMs ?? 0) + (t.renderMs ?? 0) + (t.indexMs ?? 0) + (t.checkMs ?? 0) + (t.swapMs ?? 0);
      return `<tr><td>${escape(when(attempt.finishedAt))}</td><td>${attempt.ok ? 'En ligne' : 'Échec'}</td><td>${seconds(total)}</td></tr>`;
    })
    .join('\n');
  return `<section aria-labelledby="recentes">
<h2 id="recentes">Dernières constructions</h2>
<table><thead><tr><th scope="col">Terminée</th><th scope="col">Résultat</th><th scope="col">Durée</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</section>`;
}

/** The express lane's last page put live ahead of the full build (express.ts). */
function expressLine(status: BuildStatus): string {
  const express = status.lastExpress;
  if (!express) return '';
  const changed = [...express.pages.map((p) => `mise en ligne de ${p}`), ...express.removals.map((p) => `retrait de ${p}`)].join(', ');
  return `<dt>Dernière mise en ligne express</dt><dd>${escape(when(express.finishedAt))} : ${escape(changed)} (${seconds(express.timings.totalMs)}; listes, recherche et carte suivent avec la construction complète)</dd>`;
}

export function renderStatusPage(status: BuildStatus): string {
  const success = status.lastSuccess;
  const failure = status.lastFailure;
  const failureIsNewer = failure && (!success || failure.finishedAt > success.finishedAt);
  const headline = status.building
    ? 'Mise en ligne en cours…'
    : failureIsNewer
      ? 'La dernière mise en ligne a échoué : le site affiche encore la version précédente.'
      : status.current
        ? 'Le site est à jour.'
        : "Le site n'a pas encore été construit.";

  const failureBlock = failure
    ? `<section aria-labelledby="echec">
<h2 id="echec">Dernier échec</h2>
<dl>
<dt>Quand</dt><dd>${escape(when(failure.finishedAt))}</dd>
<dt>Raison</dt><dd>${escape(failure.reason)}</dd>
<dt>Construction</dt><dd><code>${escape(failure.id)}</code></dd>
</dl>
<details><summary>Fin du journal de construction</summary><pre>${escape(failure.logTail)}</pre></details>
</section>`
    : '';

  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>État des mises en ligne — Passerelle</title>
<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:0 auto;padding:1rem;color:#1a1a1a}
dt{font-weight:700}dd{margin:0 0 .5rem}pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f3f3f3;padding:.5rem;font-size:.85rem}
.fail{border-left:.4rem solid #b00020;padding-left:.75rem}.ok{border-left:.4rem solid #0a6b2d;padding-left:.75rem}</style>
</head>
<body>
<main>
<h1>État des mises en ligne</h1>
<p class="${failureIsNewer ? 'fail' : 'ok'}" role="status">${escape(headline)}</p>
<section aria-labelledby="en-ligne">
<h2 id="en-ligne">En ligne</h2>
<dl>
<dt>Version affichée</dt><dd>${status.current ? `<code>${escape(status.current)}</code>` : '—'}</dd>
<dt>Dernière réussite</dt><dd>${escape(when(success?.finishedAt))}${success?.pageCount !== undefined ? ` (${success.pageCount} pages)` : ''}</dd>
<dt>File d'attente</dt><dd>${escape(queueLabel[status.queue.state])}</dd>
<dt>Versions conservées</dt><dd>${status.keptBuilds.length}</dd>
${expressLine(status)}
</dl>
</section>
${failureBlock}
${recentTable(status)}
<p lang="en">Publishing status. <a href="/status.json">JSON</a></p>
</main>
</body>
</html>
`;
}

