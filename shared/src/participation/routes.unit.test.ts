import { describe, expect, it } from 'vitest';
import { participationPaths } from './paths.ts';
import { landingRoutePath, landingRoutes, participationRoutePattern, participationRoutes, participationUrl, type LandingKind } from './routes.ts';

const everyRoute = [
  ...Object.values(participationRoutes).map(({ method, path, kind }) => ({ method, path, kind })),
  ...(Object.keys(landingRoutes) as LandingKind[]).map((kind) => ({ method: 'GET', path: landingRoutePath(kind), kind: 'landing' })),
];

describe('participation routes', () => {
  it('keeps the addresses residents, emails and the site build already use', () => {
    // Printed in messages already sent and in pages already built: these must not move.
    expect(participationPaths.sign('parc')).toBe('/participer/petitions/parc/signer');
    expect(participationPaths.count('parc')).toBe('/participer/petitions/parc/compte.json');
    expect(participationPaths.allCounts).toBe('/participer/petitions/comptes.json');
    expect(participationPaths.altchaChallenge).toBe('/participer/altcha/defi.json');
    expect(participationPaths.confirm).toBe('/participer/petitions/confirmer');
    expect(participationPaths.code).toBe('/participer/petitions/code');
    expect(participationPaths.outbox).toBe('/participer/dev/outbox');
    expect(participationPaths.outboxJson).toBe('/participer/dev/outbox.json');
    expect(participationPaths.rsvp('fete')).toBe('/participer/evenements/fete/inscription');
    expect(participationPaths.cancel).toBe('/participer/evenements/annuler');
    expect(participationPaths.cancelled).toBe('/participer/evenements/annulee');
    expect(participationPaths.interest('benevoles')).toBe('/participer/appels/benevoles/interesse');
    expect(participationPaths.propose).toBe('/participer/activites/proposer');
    expect(participationPaths.answer('parc')).toBe('/participer/consultations/parc/repondre');
    expect(participationPaths.results('parc')).toBe('/participer/consultations/parc/resultats.json');
    expect(participationPaths.allResults).toBe('/participer/consultations/resultats.json');
  });

  it('posts forms, providers\' webhooks and the dev phone\'s form, nothing else', () => {
    const devPhone = (route: { kind: string; path: string }) => route.kind === 'dev' && route.path === participationRoutes.sendFromDevPhone.path;
    for (const route of everyRoute) expect(route.method === 'POST', `${route.method} ${route.path}`).toBe(route.kind === 'form' || route.kind === 'webhook' || (devPhone(route) && route.method === 'POST'));
  });

  it('receives residents\' text messages beside the delivery reports', () => {
    expect(participationUrl(participationRoutes.twilioInboundSms.path)).toBe('/participer/webhooks/sms/twilio/recu');
    expect(participationUrl(participationRoutes.telnyxInboundSms.path)).toBe('/participer/webhooks/sms/telnyx/recu');
  });

  it('keeps the delivery-report addresses already given to the providers', () => {
    expect(participationUrl(participationRoutes.twilioDeliveryReport.path)).toBe('/participer/webhooks/sms/twilio');
    expect(participationUrl(participationRoutes.telnyxDeliveryReport.path)).toBe('/participer/webhooks/sms/telnyx');
  });

  it('matches each address with its own row only, the slug as one segment', () => {
    for (const route of everyRoute) {
      const url = participationUrl(route.path, 'un slug/à part');
      const owners = everyRoute.filter((other) => other.method === route.method && participationRoutePattern(other.path).test(url));
      expect(owners, url).toEqual([route]);
      if (route.path.includes(':slug')) expect(participationRoutePattern(route.path).exec(url)?.[1]).toBe('un%20slug%2F%C3%A0%20part');
    }
  });

  it('takes the rest of the path literally', () => {
    expect(participationRoutePattern('/petitions/:slug/compte.json').test('/participer/petitions/a/compteXjson')).toBe(false);
    expect(participationRoutePattern('/petitions/:slug/signer').test('/participer/petitions//signer')).toBe(false);
    expect(participationRoutePattern('/petitions/:slug/signer').test('/participer/petitions/a/b/signer')).toBe(false);
    expect(participationRoutePattern('/dev/outbox').test('/participer/dev/outbox/')).toBe(false);
  });
});
