import { z } from 'zod';
import { localeRoot, localeTags, locales, pathTo, type Locale } from '@passerelle/shared';
import { t } from '@passerelle/shared/i18n';
import { proposePagePath } from '@passerelle/shared/participation/paths';
import { spaceSignInPath } from '@passerelle/shared/participation/practitioners';

/**
 * A poster's whole HTML page from one template, outside Astro's page pipeline: posters are a third
 * of the site's pages and all alike, and each cost Astro's routing and rendering overhead
 * (decision 0055). The markup is the one `layouts/Base.astro` gives a `noindex` page, as Astro
 * writes it with `compressHTML` (whitespace between tags folded to one space, text escaped as
 * Astro escapes it), so a poster made here reads, prints and scans as the Astro page did.
 * `tests/quality/posters.spec.ts` checks its header and footer against an Astro page's.
 */

const text = z.string();
export const posterPageSchema = z.object({
  locale: z.enum(locales),
  /** The poster's own address (`/affiches/evenements/<slug>/`): the main menu marks where it is. */
  path: z.string().startsWith('/'),
  /** The same poster in the other language, when the item exists there. */
  alternatePath: z.string().startsWith('/').nullable(),
  /** The `<meta name="description">`, already cut to a search snippet. */
  description: text.min(1),
  /** `Affiche : <title>`, before the site's name. */
  title: text.min(1),
  /** `Événement · <organization>`. */
  kind: text.min(1),
  heading: text.min(1),
  /** A cancelled event's poster says so before anything else. */
  cancellation: z.object({ lead: text.min(1), note: text.nullable() }).nullable(),
  summary: text,
  facts: z.array(z.object({ label: text.min(1), lines: z.array(text.min(1)).min(1) })),
  itemPath: z.string().startsWith('/'),
  /** The QR code as inline SVG (posters.ts `qrSvg`), with its label. */
  qrSvg: z.string().startsWith('<svg '),
  /** The short link typed out under the code. */
  printedLink: text.min(1),
  /** How to reach the item's organizers, and the platform by phone and by text, without the Internet. */
  reach: z.object({ contact: text.min(1).nullable(), call: text.min(1).nullable(), text: text.min(1).nullable() }),
  /** The page's CSS as Astro would inline it: the poster's, then the site's (poster-css.ts). */
  css: z.string(),
});
export type PosterPageInput = z.infer<typeof posterPageSchema>;

/** Text between tags, escaped as Astro escapes an expression. */
function escapeText(value: string): string {
  return value.replace(/[&<>'"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&#39;', '"': '&quot;' })[c]!);
}

/** An attribute's value, escaped as Astro escapes one. */
function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&#38;').replace(/"/g, '&#34;');
}

function mainNav(locale: Locale): { href: string; label: string }[] {
  return [
    { href: pathTo(locale, 'events'), label: t(locale, 'navEvents') },
    { href: pathTo(locale, 'calls'), label: t(locale, 'navCalls') },
    { href: pathTo(locale, 'consultations'), label: t(locale, 'navConsultations') },
    { href: pathTo(locale, 'petitions'), label: t(locale, 'navPetitions') },
    { href: pathTo(locale, 'neighbourhoods'), label: t(locale, 'navNeighbourhoods') },
    { href: pathTo(locale, 'map'), label: t(locale, 'navMap') },
    { href: pathTo(locale, 'search'), label: t(locale, 'navSearch') },
  ];
}

function footerLinks(locale: Locale): { href: string; label: string }[] {
  return [
    { href: localeRoot(locale), label: t(locale, 'footerHome') },
    { href: pathTo(locale, 'postalCode'), label: t(locale, 'footerPostalCode') },
    { href: pathTo(locale, 'topics'), label: t(locale, 'navTopics') },
    { href: proposePagePath(locale), label: t(locale, 'proposeTitle') },
    { href: pathTo(locale, 'calendars'), label: t(locale, 'calendarsTitle') },
    { href: pathTo(locale, 'data'), label: t(locale, 'dataTitle') },
    { href: pathTo(locale, 'privacy'), label: t(locale, 'footerPrivacy') },
    { href: pathTo(locale, 'trainingModules'), label: t(locale, 'trainingTitle') },
    { href: spaceSignInPath(locale), label: t(locale, 'footerSpace') },
  ];
}

/** The poster page, from input checked against `posterPageSchema` (a bad input throws: the build stops, nothing half-made goes live). */
export function posterPage(unchecked: PosterPageInput): string {
  const input = posterPageSchema.parse(unchecked);
  const { locale } = input;
  const other: Locale = locale === 'fr' ? 'en' : 'fr';
  const siteName = t(locale, 'siteName');
  const switchHref = input.alternatePath ?? localeRoot(other);
  const a = escapeAttribute;
  const h = escapeText;
  const nav = mainNav(locale)
    .map(({ href, label }) => {
      const current = input.path === href ? 'page' : input.path.startsWith(href) ? 'true' : null;
      return `<li><a href="${a(href)}"${current ? ` aria-current="${current}"` : ''}>${h(label)}</a></li>`;
    })
    .join('');
  const footer = footerLinks(locale)
    .map(({ href, label }) => `<li><a href="${a(href)}">${h(label)}</a></li>`)
    .join(' ');
  const facts = input.facts.map((fact) => `<div><dt>${h(fact.label)}${h(t(locale, 'colon'))}</dt><dd>${fact.lines.map(h).join('<br>')}</dd></div>`).join('');
  const cancellation = input.cancellation
    ? `<p class="poster-cancelled"><strong>${h(input.cancellation.lead)}</strong>${input.cancellation.note ? `<br>${h(input.cancellation.note)}` : ''}</p>`
    : '';
  // The three optional paragraphs keep their separating spaces when absent, as Astro leaves them.
  const reach = [input.reach.contact, input.reach.call, input.reach.text].map((line) => (line ? `<p>${h(line)}</p>` : '')).join(' ');
  return (
    `<!DOCTYPE html><html lang="${a(localeTags[locale])}"> <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${h(`${input.title} — ${siteName}`)}</title><meta name="description" content="${a(input.description)}"><meta name="robots" content="noindex">` +
    `<link rel="icon" href="/favicon.svg" type="image/svg+xml"><script defer src="/sw-register.js"></script><style>${input.css}</style></head> ` +
    `<body class="poster-page"> <a class="skip" href="#contenu">${h(t(locale, 'skipToContent'))}</a> <header class="top"> <div class="wrap top-row"> ` +
    `<a class="brand" href="${a(localeRoot(locale))}">${h(siteName)}</a> <a class="lang" href="${a(switchHref)}" hreflang="${a(localeTags[other])}" lang="${a(localeTags[other])}" aria-label="${a(t(locale, 'otherLanguageLabel'))}">${h(t(locale, 'otherLanguage'))}</a> </div> ` +
    `<nav class="wrap" aria-label="${a(t(locale, 'mainNav'))}"> <ul class="nav"> ${nav} </ul> </nav> </header> <main id="contenu" class="wrap" tabindex="-1">  ` +
    `<p class="screen-only"><a href="${a(input.itemPath)}">${h(t(locale, 'posterBack'))}</a> · ${h(t(locale, 'posterPrintHint'))}</p> <article class="poster"> ` +
    `<p class="poster-kind">${h(input.kind)}</p> <h1>${h(input.heading)}</h1> ${cancellation} <p class="poster-summary">${h(input.summary)}</p> ` +
    `<dl class="poster-facts"> ${facts} </dl> <div class="poster-link"> ${input.qrSvg} <p>${h(t(locale, 'posterScan'))}<br><strong class="poster-url">${h(input.printedLink)}</strong></p> </div> ` +
    `<div class="poster-reach"> ${reach} </div> </article>  </main> <footer class="foot"> <div class="wrap"> <p>${h(t(locale, 'footerAbout'))}</p> <ul class="inline"> ${footer} </ul> </div> </footer> </body></html> `
  );
}
