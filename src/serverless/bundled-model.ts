/**
 * The scoring model's YAML, written into a serverless bundle by esbuild (`--define`): a bundle
 * has no models/ folder beside it. Unset when run from source; SCORING_MODEL, when set, wins.
 */
declare const __RECRUITMENT_MODEL_YAML__: string | undefined;

export const bundledModelText: string | undefined =
  typeof __RECRUITMENT_MODEL_YAML__ === 'string' ? __RECRUITMENT_MODEL_YAML__ : undefined;
