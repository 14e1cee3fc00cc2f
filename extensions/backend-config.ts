/**
 * Where the card's backend lives: the ONE place to change it. It must also be listed in
 * `app.json` under `permittedUrls.fetch`, or HubSpot refuses the card's `hubspot.fetch` calls.
 * No trailing slash. `npm run hubspot:project` rewrites these literals for its build.
 */
export const BACKEND_BASE_URL = 'https://recruitment-scoring.example.com';

/**
 * How the card reaches the backend: `fetch` (our own server, `hubspot.fetch`, signed by HubSpot)
 * or `app-function` (the HubSpot-hosted function, `hubspot.serverless`), which the
 * `--app-function` build sets.
 */
export const BACKEND_TRANSPORT: 'fetch' | 'app-function' = 'fetch';

/** The app function's uid: HubSpot identifies a function by its component uid. */
export const APP_FUNCTION_NAME = 'recruitment_scoring';
