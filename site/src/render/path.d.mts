export declare const RENDER_PATH: '/passerelle-render/';
