/** Where the render build answers: `${RENDER_PATH}<collection>/`, and nowhere else. */
export const RENDER_PATH = '/passerelle-render/';

/** The collections with a detail page, each rendered by its own page in ./pages/. */
export const RENDERED_COLLECTIONS = ['events', 'calls', 'consultations', 'petitions', 'organizations', 'neighbourhoods', 'topics', 'accessPoints', 'episodes', 'trainingModules'];
