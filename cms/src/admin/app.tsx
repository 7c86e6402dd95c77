import type { StrapiApp } from '@strapi/strapi/admin';
import { Calendar, Discuss, Lock, Mail, Pencil, Question, Rocket, ChartPie } from '@strapi/icons';
import { contentMenuTranslations, orderContentMenu } from './content-menu';
import { helpTitle } from './help/help-content';
import { PosterPanel, type SidePanel } from './PosterPanel';
import { strapiFrench } from './strapi-french';
import { strapiFrenchMediaLibrary } from './strapi-french-media-library';
import { keptStrapiWidgets, turnOffStrapiOnboarding } from './strapi-onboarding';
import { message, widgetTranslations } from './widgets/messages';

/**
 * The Passerelle admin, the OCs' workplace: French available (and the default for a browser that
 * never chose), English per user; Strapi's onboarding and marketing off (strapi-onboarding.ts); a
 * homepage of Passerelle's widgets over our admin API (cms/src/admin-api/routes.ts, docs/editors.md
 * "Admin homepage widgets"); the Content Manager's menu in the OCs' words and order
 * (content-menu.ts); an "Aide" page.
 * Widget `permissions` only hide a widget from roles that would get a 403 anyway; the server
 * decides. Publishing the review queue's events is what only OCs and super admins may do, and
 * reading consultations what a community group may not.
 */
const LANGUAGE_KEY = 'strapi-admin-language'; // @strapi/admin's own key (reducer.ts)
const HELP_LABEL_ID = 'passerelle.menu.help';

type Translations = { fr: Record<string, string>; en: Record<string, string> };
const mergeTranslations = (...parts: Translations[]): Translations => ({
  fr: Object.fromEntries(parts.flatMap((p) => Object.entries(p.fr))),
  en: Object.fromEntries(parts.flatMap((p) => Object.entries(p.en))),
});

export default {
  config: {
    locales: ['fr'],
    translations: mergeTranslations({ fr: { ...strapiFrench, ...strapiFrenchMediaLibrary }, en: {} }, widgetTranslations(), contentMenuTranslations(), {
      fr: { [HELP_LABEL_ID]: helpTitle.fr },
      en: { [HELP_LABEL_ID]: helpTitle.en },
    }),
    // Documented switches: no "new release" notice (a call to GitHub, and nothing an OC can act
    // on); `tutorials` is Strapi's own switch for its onboarding (5.54 no longer reads it: see
    // strapi-onboarding.ts for what does the work).
    notifications: { releases: false },
    tutorials: false,
  },
  register(app: StrapiApp) {
    // register() runs before the admin reads the stored language; an admin user's own choice
    // (profile page) is kept and still wins at login.
    if (!window.localStorage.getItem(LANGUAGE_KEY)) window.localStorage.setItem(LANGUAGE_KEY, 'fr');
    turnOffStrapiOnboarding();

    app.addMenuLink({
      to: 'aide',
      icon: Question,
      intlLabel: { id: HELP_LABEL_ID, defaultMessage: helpTitle.fr },
      permissions: [],
      // Below the Content Manager and Media Library, above the settings.
      position: 7,
      Component: () => import('./help/HelpPage'),
    });

    // First on the page: they are what OCs and groups open the admin for. A user who rearranged
    // the homepage keeps their own layout (Strapi stores it per user).
    app.widgets.register((strapiWidgets) => [
      {
        id: 'passerelle-this-week',
        icon: Calendar,
        title: message('week.title'),
        component: async () => (await import('./widgets/ThisWeekWidget')).default,
        // OCs and super admins: the route answers 403 to a community group.
        permissions: [{ action: 'plugin::content-manager.explorer.publish', subject: 'api::event.event' }],
      },
      {
        id: 'passerelle-publishing',
        icon: Rocket,
        title: message('publishing.title'),
        component: async () => (await import('./widgets/PublishingWidget')).default,
      },
      {
        id: 'passerelle-review-queue',
        icon: Pencil,
        title: message('review.title'),
        component: async () => (await import('./widgets/ReviewQueueWidget')).default,
        permissions: [{ action: 'plugin::content-manager.explorer.publish', subject: 'api::event.event' }],
      },
      {
        id: 'passerelle-messages',
        icon: Mail,
        title: message('messages.title'),
        component: async () => (await import('./widgets/MessagesWidget')).default,
        // As the review queue: OCs and super admins (the route refuses everyone else anyway).
        permissions: [{ action: 'plugin::content-manager.explorer.publish', subject: 'api::event.event' }],
      },
      {
        id: 'passerelle-consultations',
        icon: Discuss,
        title: message('consultations.title'),
        component: async () => (await import('./widgets/ConsultationsWidget')).default,
        permissions: [{ action: 'plugin::content-manager.explorer.read', subject: 'api::consultation.consultation' }],
      },
      {
        id: 'passerelle-participation',
        icon: ChartPie,
        title: message('participation.title'),
        component: async () => (await import('./widgets/ParticipationWidget')).default,
        permissions: [{ action: 'plugin::content-manager.explorer.publish', subject: 'api::event.event' }],
      },
      {
        id: 'passerelle-person-data',
        icon: Lock,
        title: message('person.title'),
        component: async () => (await import('./widgets/PersonDataWidget')).default,
        // Only super admins hold role management; the route refuses everyone else anyway.
        permissions: [{ action: 'admin::roles.update' }],
      },
      ...strapiWidgets.filter((w) => keptStrapiWidgets.some((kept) => kept.pluginId === w.pluginId && kept.id === w.id)),
    ]);
  },
  bootstrap(app: StrapiApp) {
    app.registerHook('Admin/CM/pages/App/mutate-collection-types-links', orderContentMenu);
    // The Content Manager's documented extension point (its `apis`, typed loosely by StrapiApp).
    const contentManager = app.getPlugin('content-manager') as unknown as { apis: { addEditViewSidePanel(panels: SidePanel[]): void } };
    contentManager.apis.addEditViewSidePanel([PosterPanel]);
  },
};
