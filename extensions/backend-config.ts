/**
 * Where the card's backend lives: the ONE place to change it. It must also be listed in
 * `app.json` under `permittedUrls.fetch`, or HubSpot refuses the card's `hubspot.fetch` calls.
 * No trailing slash.
 */
export const BACKEND_BASE_URL = 'https://recruitment-scoring.example.com';
