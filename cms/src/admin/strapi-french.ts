/**
 * French for the strings of Strapi 5.54 that its own fr.json lacks and that OCs meet every day
 * (homepage, main menu, Content Manager list and edit views, preview): without them the admin
 * speaks half English to a French user. Keys are Strapi's (plugins' prefixed with their id); the
 * English stays Strapi's. Only what is on those pages: the settings, the Content-Type Builder and
 * the API tokens are for super admins, who read English.
 */
export const strapiFrench: Record<string, string> = {
  'HomePage.addWidget.button': 'Ajouter un widget',
  'HomePage.addWidget.title': 'Ajouter un widget',
  'HomePage.addWidget.noWidgetsAvailable': 'Aucun autre widget à ajouter',
  'HomePage.widget.delete': 'Retirer',
  'HomePage.widget.drag': 'Glisser pour déplacer',
  'HomePage.widget.no-permissions': 'Vous n’avez pas la permission de voir ce widget',
  // The main menu's entries (each plugin's `plugin.name`) and the plugin list.
  'content-manager.plugin.name': 'Contenu',
  'content-type-builder.plugin.name': 'Modèles de contenu',
  'global.plugins.content-manager': 'Contenu',
  'global.plugins.content-type-builder': 'Modèles de contenu',
  'global.plugins.upload': 'Médiathèque',
  'global.localeToggle.label': 'Choisir la langue de l’interface',
  'global.new': 'Nouveau',
  'global.learn-more': 'En savoir plus',
  // The "?" button of every list view's header: a link to Strapi's (English) documentation.
  'app.HeaderLayout.docLink.label': 'Documentation de Strapi (en anglais)',
  'content-manager.containers.List.statusFilter.draft': 'Brouillon (jamais publié)',
  'content-manager.containers.List.statusFilter.published': 'Publié (tous)',
  'content-manager.containers.List.statusFilter.publishedModified': 'Publié (modifié depuis)',
  'content-manager.containers.List.statusFilter.publishedUnmodified': 'Publié (non modifié)',
  'content-manager.containers.list.filters.status': 'État',
  'content-manager.containers.list.selectedEntriesModal.title': 'Publier les entrées',
  'content-manager.containers.edit.information.documentId.label': 'Identifiant du document',
  'content-manager.actions.open-in-new-tab.label': 'Ouvrir dans un nouvel onglet',
  'content-manager.actions.copy-documentId.label': 'Copier l’identifiant du document',
  'content-manager.actions.copy-documentId.success': 'Identifiant copié',
  'content-manager.preview.panel.title': 'Aperçu',
  'content-manager.preview.panel.button': 'Ouvrir l’aperçu',
  'content-manager.preview.panel.button-disabled-tooltip': 'Enregistrez pour ouvrir l’aperçu',
  'content-manager.preview.page-title': 'Aperçu : {contentType}',
  'content-manager.preview.header.close': 'Fermer l’aperçu',
  'content-manager.preview.copy.label': 'Copier le lien de l’aperçu',
  'content-manager.preview.copy.success': 'Lien de l’aperçu copié',
  'content-manager.preview.tabs.label': 'Version affichée',
  'content-manager.preview.device.select': 'Type d’appareil',
  'content-manager.preview.device.desktop': 'Ordinateur',
  'content-manager.preview.device.mobile': 'Cellulaire',
  'content-manager.relation.create': 'Créer une relation',
  'content-manager.success.records.publish': 'Publié.',
  'content-manager.listView.validation.errors.title': 'Action requise',
  'content-manager.listView.validation.errors.message':
    'Vérifiez que tous les champs sont valides avant de publier (champs obligatoires, nombre de caractères, etc.)',
  'content-manager.popUpWarning.warning.unpublish': 'Si vous ne publiez pas ce contenu, il redeviendra un brouillon.',
  'content-manager.popUpWarning.warning.unpublish-question': 'Voulez-vous vraiment ne pas le publier ?',
  'content-manager.popUpWarning.warning.has-draft-relations.title': 'Confirmation',
  'content-manager.permissions.not-allowed.locale': 'Vous n’avez pas accès à ce contenu dans cette langue',
};
