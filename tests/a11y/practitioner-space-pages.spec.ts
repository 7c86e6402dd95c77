import { brotliCompressSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { normalisePhone } from '@passerelle/shared/participation';
import { axeViolations, vnuErrorsOfPages } from '../support/html-checks.ts';
import { lastMessageTo } from '../support/petition-journeys.ts';
import { inviteMember, makeMeeting, makeRoundTable, neighbourhoodId, uniqueMobile } from '../support/space-journeys.ts';

/**
 * The practitioners' space's pages, rendered by the CMS (not in dist): axe and the Nu HTML checker,
 * in French and English, signed out and signed in.
 */
test('every page of the practitioners’ space passes axe and vnu', async ({ page, request }) => {
  // axe on every page below, then one Nu run over them all: about 2.5 minutes on a 2-core machine.
  test.setTimeout(240_000);
  const collected: Array<{ name: string; html: string }> = [];
  const check = async (name: string) => {
    expect(await axeViolations(page), name).toEqual([]);
    collected.push({ name, html: await page.content() });
  };
  const mobile = uniqueMobile();
  // An OC who coordinates the table: her pages show every form (planning, attendance checkboxes,
  // announcing, changing and cancelling a peer session).
  const member = await inviteMember(request, { name: 'Axe Intervenante', phone: mobile, spaceRole: 'oc' });
  // In Villeray, whose demo diagnostic has barriers and a plan of three actions.
  const table = await makeRoundTable(request, 'Table vérifiée', [member], [member], [await neighbourhoodId(request, 'villeray')]);
  const meeting = await makeMeeting(request, table, { title: 'Rencontre vérifiée', startsInDays: -3, agenda: '1. Accueil\n2. Bilan' });

  await page.goto('/participer/espace/connexion');
  await check('sign-in page');
  await page.getByRole('button', { name: 'Recevoir un lien ou un code' }).click();
  await check('sign-in page with its error');
  await page.goto('/participer/espace/connexion?locale=en');
  await check('English sign-in page');
  await page.goto('/participer/espace/connexion/envoyee?locale=fr');
  await check('"check your email" page');
  await page.goto('/participer/espace/lien?jeton=invalide&locale=fr');
  await check('invalid link page');

  await page.goto('/participer/espace/connexion');
  await page.getByLabel('Courriel ou numéro de cellulaire').fill(mobile);
  await page.getByRole('button', { name: 'Recevoir un lien ou un code' }).click();
  await check('code page');
  await page.getByLabel('Code à 6 chiffres').fill('12');
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await check('code page with its error');
  const code = /\b(\d{6})\b/.exec((await lastMessageTo(request, normalisePhone(mobile)!)).text)![1]!;
  await page.getByLabel('Code à 6 chiffres').fill(code);
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await expect(page).toHaveURL(/\/participer\/espace\/\?locale=fr$/);
  await check('home page');
  await page.goto(`/participer/espace/tables/${table}/`);
  await check('round table page');
  await page.getByRole('button', { name: 'Obtenir mon adresse d’abonnement' }).click();
  await check('round table page with its calendar address');
  await page.goto(`/participer/espace/reunions/${meeting}/`);
  await check('meeting page with attendance checkboxes');
  await page.goto(`/participer/espace/reunions/${meeting}/compte-rendu`);
  await check('minutes form');
  await page.getByLabel('Compte rendu', { exact: true }).fill('Tour de table.');
  await page.getByRole('button', { name: 'Enregistrer le compte rendu' }).click();
  await check('meeting page with its "send the minutes" button');
  await page.getByRole('button', { name: 'Envoyer le compte rendu' }).click();
  await expect(page.getByText(/Compte rendu envoyé le .+ à 1 membre\./)).toBeVisible();
  await check('meeting page saying when the minutes were sent');
  await page.getByRole('button', { name: 'Envoyer le compte rendu' }).click();
  await check('"just sent" page');
  const upcoming = await makeMeeting(request, table, { title: 'Rencontre à venir', startsInDays: 5, agenda: '1. Accueil' });
  await page.goto(`/participer/espace/reunions/${upcoming}/?locale=en`);
  await check('English meeting page with its "send the agenda" button');
  await page.goto(`/participer/espace/tables/${table}/inviter`);
  await check('invitation form');
  await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
  await check('invitation form with its errors');
  await page.getByLabel('Nom').fill('Invitée Vérifiée');
  await page.getByLabel('Courriel ou numéro de cellulaire').fill(`invitee.${Date.now()}@groupe.exemple.ca`);
  await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
  await check('invitation made');
  await page.goto(`/participer/espace/tables/${table}/inviter?locale=en`);
  await check('English invitation form');
  await page.goto('/participer/espace/coups-de-main/nouveau');
  await page.getByRole('button', { name: 'Publier la demande' }).click();
  await check('request for a hand form with its errors');
  await page.getByLabel('Type de demande').selectOption('salle');
  await page.getByLabel('Titre').fill('Salle vérifiée');
  await page.getByLabel('Détails').fill('Pour 20 personnes, un mardi soir.');
  await page.getByRole('button', { name: 'Publier la demande' }).click();
  await check('request for a hand with its thread and the resolve button');
  await page.getByRole('button', { name: 'Répondre', exact: true }).click();
  await check('request for a hand with its reply error');
  await page.goto('/participer/espace/coups-de-main/');
  await check('requests for a hand');
  await page.goto(`/participer/espace/reunions/${meeting}/proposer`);
  await check('"propose to the public site" form');
  await page.getByRole('button', { name: 'Proposer le brouillon' }).click();
  await check('"propose to the public site" form with its errors');
  await page.goto(`/participer/espace/reunions/${meeting}/proposer?locale=en`);
  await check('English "propose to the public site" form');
  await page.goto('/participer/espace/mes-avis?locale=en');
  await check('English notices page');
  await page.goto('/participer/espace/repertoire/ma-fiche');
  await page.getByLabel('Me montrer dans le répertoire').check();
  await page.getByRole('button', { name: 'Enregistrer ma fiche' }).click();
  await check('directory entry form with its error');
  await page.getByLabel('Pour quoi me joindre').fill('Ateliers numériques vérifiés');
  await page.getByRole('button', { name: 'Enregistrer ma fiche' }).click();
  await check('directory entry saved');
  await page.goto('/participer/espace/ressources/nouvelle');
  await page.getByLabel('Lien').fill('javascript:alert(1)');
  await page.getByRole('button', { name: 'Partager', exact: true }).click();
  await check('resource form with its errors');
  await page.getByLabel('Titre').fill('Guide vérifié');
  await page.getByLabel('Lien').fill('https://exemple.org/guide-verifie');
  await page.getByLabel('Les médias sociaux en organisation communautaire').check();
  await page.getByRole('button', { name: 'Partager', exact: true }).click();
  await check('shared resources with the new one');
  await page.getByRole('link', { name: 'Discussion (0) Guide vérifié' }).click();
  await check('resource page with its thread');
  await page.getByRole('button', { name: 'Publier le message' }).click();
  await check('resource page with its message error');
  await page.getByLabel('Votre message').fill('Merci, je le partage à ma table.');
  await page.getByRole('button', { name: 'Publier le message' }).click();
  await check('resource page with a message');
  await page.goto(`/participer/espace/tables/${table}/`);
  await page.getByRole('button', { name: 'Publier le message' }).click();
  await check('round table page with its message error');
  await page.getByLabel('Votre message').fill('Bonjour la table !');
  await page.getByRole('button', { name: 'Publier le message' }).click();
  await check('round table page with a message');
  await page.goto(`/participer/espace/tables/${table}/messages/?page=2&locale=en`);
  await check('English older messages page');
  for (const url of ['/participer/espace/repertoire/', '/participer/espace/repertoire/?locale=en', '/participer/espace/repertoire/ma-fiche', '/participer/espace/ressources/', '/participer/espace/ressources/?locale=en&theme=social_media', '/participer/espace/ressources/nouvelle?locale=en']) {
    await page.goto(url);
    await check(`directory and resources: ${url}`);
    // The space's pages keep the site's page budget: 14 KB brotli, as served.
    const served = await page.request.get(url);
    expect(brotliCompressSync(await served.body()).length, url).toBeLessThanOrEqual(14 * 1024);
  }
  // Private training progress: the list, a self-check with its errors, its answers kept, the list with them.
  await page.goto('/participer/espace/formation/');
  await check('training progress, nothing kept');
  await page.getByRole('link', { name: 'Faire la vérification ici' }).first().click();
  await check('self-check in the space');
  await page.getByRole('button', { name: 'Voir les explications' }).click();
  await check('self-check with its errors');
  for (const question of await page.locator('fieldset').all()) await question.getByRole('radio').first().check();
  await page.getByLabel('Garder mon résultat dans ma progression').check();
  await page.getByRole('button', { name: 'Voir les explications' }).click();
  await check('self-check explanations, result kept');
  await page.goto('/participer/espace/formation/');
  await page.getByRole('button', { name: /^Marquer comme faite/ }).first().click();
  await check('training progress with a unit done and a result kept');
  for (const url of ['/participer/espace/formation/', '/participer/espace/formation/?locale=en']) {
    await page.goto(url);
    await check(`training progress: ${url}`);
    const served = await page.request.get(url);
    expect(brotliCompressSync(await served.body()).length, url).toBeLessThanOrEqual(14 * 1024);
  }
  // Peer sessions: the announcement form with its errors, the session, its change and cancel forms, cancelled.
  await page.goto('/participer/espace/seances/nouvelle');
  await page.getByRole('button', { name: 'Annoncer la séance' }).click();
  await check('peer session form with its errors');
  await page.getByLabel('Titre', { exact: true }).fill('Séance vérifiée');
  await page.getByLabel('Date', { exact: true }).fill('2099-03-10');
  await page.getByLabel('Heure de début').fill('13:30');
  await page.getByLabel('Heure de fin').fill('15:00');
  await page.getByLabel('Lieu', { exact: true }).fill('Salle 2, 1000 rue Fictive');
  await page.getByLabel('Nombre de places (facultatif)').fill('12');
  await page.getByRole('button', { name: 'Annoncer la séance' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Séance vérifiée');
  await check('peer session page with its change and cancel links');
  const session = /\/seances\/([a-z0-9]{24})\//.exec(page.url())![1]!;
  await page.getByRole('link', { name: 'Modifier la séance' }).click();
  await check('peer session change form');
  await page.getByLabel('Nombre de places (facultatif)').fill('0');
  await page.getByRole('button', { name: 'Enregistrer les changements' }).click();
  await check('peer session change form with its error');
  await page.goto(`/participer/espace/seances/${session}/annuler`);
  await check('peer session cancel confirm step');
  const peerPages = [`/participer/espace/seances/${session}/`, `/participer/espace/seances/${session}/?locale=en`, `/participer/espace/seances/${session}/modifier?locale=en`, `/participer/espace/seances/${session}/annuler?locale=en`, '/participer/espace/seances/nouvelle?locale=en'];
  for (const url of peerPages) {
    await page.goto(url);
    await check(`peer session pages: ${url}`);
    const served = await page.request.get(url);
    expect(brotliCompressSync(await served.body()).length, url).toBeLessThanOrEqual(14 * 1024);
  }
  await page.goto(`/participer/espace/seances/${session}/annuler`);
  await page.getByRole('button', { name: 'Oui, annuler la séance' }).click();
  await expect(page.getByText('Séance annulée', { exact: true })).toBeVisible();
  await check('cancelled peer session page');
  await page.goto('/participer/espace/formation/');
  await check('training page listing the cancelled peer session');
  await page.goto(`/participer/espace/tables/${table}/reunions/nouvelle`);
  await page.getByRole('button', { name: 'Planifier la rencontre' }).click();
  await check('meeting form with its errors');
  await page.goto(`/participer/espace/reunions/${meeting}/modifier?locale=en`);
  await check('English meeting form');
  await page.goto('/participer/espace/diagnostics/');
  await check('neighbourhood diagnostics');
  await page.goto('/participer/espace/diagnostics/villeray/');
  await check('a neighbourhood diagnostic with its plan');
  await page.getByRole('button', { name: 'Ajouter l’action' }).click();
  await check('a neighbourhood diagnostic with the new action’s errors');
  await page.getByLabel('Importance').first().selectOption('important');
  await page.getByRole('button', { name: 'Enregistrer les obstacles' }).click();
  await check('a neighbourhood diagnostic just saved');
  await page.goto('/participer/espace/diagnostics/villeray/?locale=en');
  await check('English neighbourhood diagnostic');
  await page.goto(`/participer/espace/tables/${table}/?locale=en`);
  await check('English round table page');
  await page.goto('/participer/espace/?locale=en');
  await check('English home page');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await check('English signed-out page');

  expect(await vnuErrorsOfPages(collected)).toEqual([]);
});
