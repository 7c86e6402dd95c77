/** The only path the render build answers (shared by the build config, the middleware and the renderer). */
export const RENDER_PATH = '/passerelle-render/';
