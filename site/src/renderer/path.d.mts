export declare const RENDER_PATH: '/passerelle-render/';
export declare const RENDERED_COLLECTIONS: readonly ['events', 'calls', 'consultations', 'petitions', 'organizations', 'neighbourhoods', 'topics'];
