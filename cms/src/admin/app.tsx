import type { StrapiApp } from '@strapi/strapi/admin';
import { Discuss, Lock, Mail, Pencil, Rocket, ChartPie } from '@strapi/icons';
import { message, widgetTranslations } from './widgets/messages';

/**
 * The Passerelle admin: French available (and the default for a browser that never chose), and
 * six homepage widgets over our admin API (cms/src/admin-api/routes.ts, docs/editors.md "Admin homepage widgets").
 * Widget `permissions` only hide a widget from roles that would get a 403 anyway; the server
 * decides. Publishing the review queue's events is what only OCs and super admins may do, and
 * reading consultations what a community group may not.
 */
const LANGUAGE_KEY = 'strapi-admin-language'; // @strapi/admin's own key (reducer.ts)

export default {
  config: {
    locales: ['fr'],
    translations: widgetTranslations(),
  },
  register(app: StrapiApp) {
    // register() runs before the admin reads the stored language; an admin user's own choice
    // (profile page) is kept and still wins at login.
    if (!window.localStorage.getItem(LANGUAGE_KEY)) window.localStorage.setItem(LANGUAGE_KEY, 'fr');

    // First on the page: they are what OCs and groups open the admin for. A user who rearranged
    // the homepage keeps their own layout (Strapi stores it per user).
    app.widgets.register((strapiWidgets) => [
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
      ...strapiWidgets,
    ]);
  },
  bootstrap() {},
};
