import { parseModel } from '../../src/model/index.ts';
import { compileModel, type CompiledModel } from '../../src/scoring/index.ts';
import { MINIMAL_MODEL_HEAD } from '../helpers/scoring-fixtures.ts';

/**
 * Two job families with their own criteria, pinned by the job family a candidate is linked
 * to. The developer profile's knockout is "outside the Benelux", the nurse's "outside the
 * Netherlands", so a Belgian nurse is knocked out as a nurse but not as a developer.
 */
export const PROFILES_MODEL_YAML = `${MINIMAL_MODEL_HEAD}
aliases:
  netherlands: [nl, nederland]
fit:
  pinnedBy:
    property: job_family
    profiles:
      developer: [Software development, dev]
      nurse: [Zorg, Verpleegkunde]
  profiles:
    - id: developer
      label: Software developer
      groups:
        - id: role
          label: Role
          criteria:
            - { id: dev-title, label: Developer title, property: jobtitle, when: { keywords: [developer, engineer] }, points: 30 }
        - id: location
          label: Location
          max: 15
          criteria:
            - { id: dev-in-nl, label: Lives in the Netherlands, property: country, when: { oneOf: [netherlands] }, points: 20 }
            - { id: dev-outside, label: Lives outside the Benelux, property: country, when: { notOneOf: [netherlands, belgium, luxembourg] }, points: -40, knockout: true }
    - id: nurse
      label: Nurse
      groups:
        - id: role
          label: Role
          criteria:
            - { id: nurse-title, label: Nursing title, property: jobtitle, when: { keywords: [nurse, verpleegkundige] }, points: 35 }
        - id: registration
          label: Registration
          criteria:
            - { id: big-registered, label: BIG registered, property: big_registration, when: { known: true }, points: 10 }
            - { id: nurse-outside, label: Lives outside the Netherlands, property: country, when: { notOneOf: [netherlands] }, points: -40, knockout: true }
engagement:
  touchpoints:
    - { id: page-views, label: Page views, channel: web, count: hs_analytics_num_page_views, points: 2, maxPoints: 20 }
`;

export const profilesModel: CompiledModel = compileModel(
  parseModel(PROFILES_MODEL_YAML, 'profiles model'),
);
