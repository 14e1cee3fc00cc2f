/** The scoring model file: its format, validation, fairness rules, labels and templates. */
export { DEFAULT_MODEL_PATH, loadModelFile, parseModel, readModelFileText } from './load-model.ts';
export { ModelError } from './model-error.ts';
export * from './model-schema.ts';
export {
  protectedGroundOf,
  PROTECTED_GROUNDS,
  type ProtectedGround,
} from './protected-attributes.ts';
export {
  DEFAULT_TEMPLATE_ID,
  findTemplate,
  loadTemplate,
  MODEL_TEMPLATES,
  TEMPLATES_DIRECTORY,
  templateText,
  UnknownTemplateError,
  type ModelTemplate,
} from './templates.ts';
export {
  labelFor,
  localeFrom,
  LOCALES,
  missingTranslations,
  translationKeys,
  type Locale,
  type TranslatableModel,
  type Translations,
} from './translations.ts';
