import {
  Alert,
  Button,
  Input,
  MultiSelect,
  NumberInput,
  Select,
  Text,
  TextArea,
} from '@hubspot/ui-extensions';
import { parse } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import { SETTINGS_ROUTES } from '../../src/settings-api/settings-contract.ts';
import { anOverview, SMALL_MODEL_YAML, T0 } from './settings-builders.ts';
import { FakeSettingsFetch } from './settings-fake-fetch.ts';
import { OVERVIEW, PROPERTIES, renderPage, typeInto, VALID, VALIDATE } from './settings-render.tsx';

const DRAFT = `PUT ${SETTINGS_ROUTES.draft}`;
const PUBLISH = `POST ${SETTINGS_ROUTES.publish}`;
const CRITERION = 'fit.groups[0].criteria[0]';
const TOUCHPOINT = 'engagement.touchpoints[0]';

/** The account's properties: country an enumeration with options, the click counter a number. */
const PROPERTY_LIST = {
  properties: [
    {
      name: 'country',
      label: 'Country',
      type: 'enumeration',
      fieldType: 'select',
      options: [
        { value: 'netherlands', label: 'Netherlands' },
        { value: 'belgium', label: 'Belgium' },
      ],
    },
    {
      name: 'hs_email_click',
      label: 'Marketing emails clicked',
      type: 'number',
      fieldType: 'number',
      options: [],
    },
    { name: 'jobtitle', label: 'Job title', type: 'string', fieldType: 'text', options: [] },
  ],
};

function account(validateAnswers: unknown[] = []) {
  const backend = new FakeSettingsFetch()
    .answer(OVERVIEW, 200, anOverview())
    .answer(PROPERTIES, 200, PROPERTY_LIST);
  for (const answer of validateAnswers) backend.answer(VALIDATE, 200, answer);
  return backend.always(VALIDATE, 200, VALID);
}

type Renderer = ReturnType<typeof renderPage>;
const field = (path: string) => `field-${path}`;
/** The model the last validation call carried. */
const lastValidated = (backend: FakeSettingsFetch) =>
  parse((backend.callsTo(VALIDATE).at(-1)!.body as { modelYaml: string }).modelYaml) as Record<
    string,
    unknown
  >;

async function editorShown(renderer: Renderer) {
  await renderer.waitFor(() => renderer.findByTestId(Select, field(`${CRITERION}.property`)));
}

describe('the settings page: the model as forms', () => {
  it('shows a criterion with its property (type and options), its test and its points', async () => {
    const renderer = renderPage(account());
    await editorShown(renderer);
    const picker = renderer.findByTestId(Select, field(`${CRITERION}.property`)).props;
    expect([picker.value, picker.description, picker.error]).toEqual([
      'country',
      'enumeration, 2 options',
      undefined,
    ]);
    expect(picker.options.map((o) => o.value)).toEqual(['country', 'hs_email_click', 'jobtitle']);
    expect(renderer.findByTestId(Select, field(`${CRITERION}.when`)).props.value).toBe('oneOf');
    // An enumeration property offers its own options for "is one of".
    const values = renderer.findByTestId(MultiSelect, field(`${CRITERION}.when.oneOf`)).props;
    expect([values.value, values.options.map((o) => o.value)]).toEqual([
      ['netherlands'],
      ['netherlands', 'belgium'],
    ]);
    expect(renderer.findByTestId(NumberInput, field(`${CRITERION}.points`)).props.value).toBe(20);
  });

  it('validates an edit (debounced) and shows each problem next to its field', async () => {
    const problem = { path: `${CRITERION}.points`, message: 'expected a number of points' };
    const backend = account([VALID, { valid: false, problems: [problem], missingProperties: [] }]);
    const renderer = renderPage(backend);
    await editorShown(renderer);
    await renderer.waitFor(() => expect(backend.callsTo(VALIDATE)).toHaveLength(1));
    typeInto(renderer.findByTestId(NumberInput, field(`${CRITERION}.points`)), 25);

    await renderer.waitFor(() =>
      expect(
        renderer.findByTestId(NumberInput, field(`${CRITERION}.points`)).props.validationMessage,
      ).toBe('expected a number of points'),
    );
    expect(lastValidated(backend).fit).toMatchObject({ groups: [{ criteria: [{ points: 25 }] }] });
    expect(renderer.findByTestId(Text, 'draft-state').text).toBe('The draft has 1 problem.');
    expect(renderer.findByTestId(Button, 'publish').props.disabled).toBe(true);
  });

  it('flags a criterion on a property the account lacks, and a protected attribute', async () => {
    const draft = SMALL_MODEL_YAML.replace('property: country', 'property: gender');
    const backend = new FakeSettingsFetch()
      .answer(
        OVERVIEW,
        200,
        anOverview({ draft: { modelYaml: draft, savedBy: '1', savedAt: T0, problems: [] } }),
      )
      .answer(PROPERTIES, 200, PROPERTY_LIST)
      .always(VALIDATE, 200, {
        valid: false,
        problems: [
          { path: `${CRITERION}.property`, message: 'gender is a protected attribute (gender)' },
        ],
        missingProperties: ['gender'],
      });
    const renderer = renderPage(backend);
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'missing-gender'));
    const picker = renderer.findByTestId(Select, field(`${CRITERION}.property`)).props;
    expect(picker.error).toBe(true);
    expect(picker.validationMessage).toBe(
      '"gender" is a protected attribute (gender) and can never be a scoring criterion. ' +
        'This account has no contact property "gender". gender is a protected attribute (gender)',
    );
    expect(renderer.findByTestId(Alert, 'missing-gender').props.title).toBe(
      'This account has no contact property "gender".',
    );
  });

  it('changes the kind of test, and adds and removes a criterion', async () => {
    const backend = account();
    const renderer = renderPage(backend);
    await editorShown(renderer);
    renderer.findByTestId(Select, field(`${CRITERION}.when`)).trigger('onChange', 'range' as never);
    await renderer.waitFor(() =>
      renderer.findByTestId(NumberInput, field(`${CRITERION}.when.range.min`)),
    );
    await vi.waitFor(() =>
      expect(lastValidated(backend).fit).toMatchObject({
        groups: [{ criteria: [{ when: { range: { min: 0 } } }] }],
      }),
    );

    renderer.findByTestId(Button, 'field-fit.groups[0]-add-criterion').trigger('onClick');
    await renderer.waitFor(() =>
      renderer.findByTestId(Select, field('fit.groups[0].criteria[1].property')),
    );
    renderer.findByTestId(Button, `${field(CRITERION)}-remove`).trigger('onClick');
    await renderer.waitFor(() =>
      expect(
        renderer.maybeFindByTestId(Select, field('fit.groups[0].criteria[1].property')),
      ).toBeNull(),
    );
    const ids = () =>
      (
        lastValidated(backend).fit as { groups: { criteria: { id: string }[] }[] }
      ).groups[0]!.criteria.map((c) => c.id);
    // The one left is the new criterion, with an id no other part of the model uses.
    await vi.waitFor(() => expect(ids()).toEqual(['criterion-1']));
  });

  it('edits a touchpoint: its property, curve and decay as half-life or steps', async () => {
    const backend = account();
    const renderer = renderPage(backend);
    await editorShown(renderer);
    expect(renderer.findByTestId(Select, field(`${TOUCHPOINT}.count`)).props.value).toBe(
      'hs_email_click',
    );
    expect(renderer.findByTestId(Select, field(`${TOUCHPOINT}.channel`)).props.value).toBe('email');
    expect(renderer.findByTestId(Select, field(`${TOUCHPOINT}.quantity`)).props.value).toBe(
      'logarithmic',
    );
    expect(
      renderer.findByTestId(NumberInput, field(`${TOUCHPOINT}.decay.halfLifeDays`)).props.value,
    ).toBe(30);

    renderer
      .findByTestId(Select, field(`${TOUCHPOINT}.decay`))
      .trigger('onChange', 'steps' as never);
    await renderer.waitFor(() =>
      renderer.findByTestId(NumberInput, field(`${TOUCHPOINT}.decay.steps[0].keep`)),
    );
    // A share is shown as a percentage and stored as a fraction.
    expect(
      renderer.findByTestId(NumberInput, field(`${TOUCHPOINT}.decay.steps[0].keep`)).props.value,
    ).toBe(50);
    typeInto(renderer.findByTestId(NumberInput, field(`${TOUCHPOINT}.decay.steps[0].keep`)), 40);
    await renderer.waitFor(() =>
      expect(lastValidated(backend).engagement).toMatchObject({
        touchpoints: [{ decay: { steps: [{ afterDays: 30, keep: 0.4 }] } }],
      }),
    );
  });

  it('edits channel caps, inactivity decay and tiers', async () => {
    const backend = account();
    const renderer = renderPage(backend);
    await editorShown(renderer);
    expect(
      renderer.findByTestId(NumberInput, field('engagement.channels.email.max')).props.value,
    ).toBe(30);
    expect(
      renderer.findByTestId(NumberInput, field('engagement.inactivity.steps[0].reduceBy')).props
        .value,
    ).toBe(50);
    typeInto(renderer.findByTestId(NumberInput, field('engagement.channels.web.max')), 15);
    await renderer.waitFor(() =>
      expect(lastValidated(backend).engagement).toMatchObject({
        channels: { email: { max: 30 }, web: { max: 15 } },
      }),
    );
    typeInto(renderer.findByTestId(NumberInput, field('tiers[1].minScore')), 45);
    await renderer.waitFor(() =>
      expect(lastValidated(backend).tiers).toEqual([
        { name: 'hot', minScore: 70 },
        { name: 'warm', minScore: 45 },
        { name: 'cold' },
      ]),
    );
  });

  it('saves the draft, and saves an unsaved edit before it publishes', async () => {
    const backend = account()
      .answer(DRAFT, 200, { ...VALID, savedAt: T0 })
      .answer(PUBLISH, 200, { published: { version: 3, publishedAt: T0, publishedBy: '1' } })
      .answer(OVERVIEW, 200, anOverview());
    const renderer = renderPage(backend);
    await editorShown(renderer);
    typeInto(renderer.findByTestId(Input, field(`${CRITERION}.label`)), 'Woont in Nederland');
    await renderer.waitFor(() =>
      expect(renderer.findByTestId(Button, 'save-draft').props.disabled).toBe(false),
    );
    renderer.findByTestId(Button, 'publish').trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'published'));
    expect(
      backend.calls.map((c) => `${c.method} ${c.path}`).filter((r) => r === DRAFT || r === PUBLISH),
    ).toEqual([DRAFT, PUBLISH]);
    const saved = parse((backend.callsTo(DRAFT)[0]!.body as { modelYaml: string }).modelYaml) as {
      fit: { groups: { criteria: { label: string }[] }[] };
    };
    expect(saved.fit.groups[0]!.criteria[0]!.label).toBe('Woont in Nederland');
  });

  it('does not publish when saving the unsaved edit fails, and says why', async () => {
    const backend = account().answer(DRAFT, 503, { message: 'busy', retryAfterSeconds: 5 });
    const renderer = renderPage(backend);
    await editorShown(renderer);
    typeInto(renderer.findByTestId(Input, field(`${CRITERION}.label`)), 'Woont in Nederland');
    await renderer.waitFor(() =>
      expect(renderer.findByTestId(Button, 'save-draft').props.disabled).toBe(false),
    );
    renderer.findByTestId(Button, 'publish').trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'publish-error'));
    expect(renderer.findByTestId(Alert, 'publish-error').props.title).toBe(
      'HubSpot is not answering the scoring service right now. Try again in 5 seconds.',
    );
    expect(backend.callsTo(PUBLISH)).toEqual([]);
  });

  it('shows the editor in Dutch', async () => {
    const renderer = renderPage(account(), 'nl-NL');
    await editorShown(renderer);
    expect(renderer.findByTestId(Select, field(`${CRITERION}.property`)).props.label).toBe(
      'Contacteigenschap',
    );
    expect(renderer.findByTestId(Select, field(`${CRITERION}.when`)).props.options[1]!.label).toBe(
      'is een van',
    );
    expect(renderer.findByTestId(NumberInput, field('tiers[0].minScore')).props.label).toBe(
      'Laagste score',
    );
  });
});

describe('the settings page: YAML import and export', () => {
  it('shows the draft as YAML, refuses an invalid import with every problem and keeps the draft', async () => {
    const problems = [{ path: 'tiers', message: 'expected at least one tier' }];
    const backend = account([VALID, { valid: false, problems, missingProperties: [] }]);
    const renderer = renderPage(backend);
    await editorShown(renderer);
    expect(renderer.findByTestId(TextArea, 'model-yaml').props.value).toBe(SMALL_MODEL_YAML);
    await renderer.waitFor(() => expect(backend.callsTo(VALIDATE)).toHaveLength(1));
    typeInto(renderer.findByTestId(TextArea, 'model-yaml'), 'version: 1\ntiers: []\n');
    renderer.findByTestId(Button, 'import-yaml').trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'import-problems'));
    expect(
      renderer
        .findByTestId(Alert, 'import-problems')
        .findAll(Text)
        .map((t) => t.text),
    ).toEqual(['tiers: expected at least one tier']);
    expect(backend.callsTo(VALIDATE)[1]!.body).toEqual({ modelYaml: 'version: 1\ntiers: []\n' });
    expect(renderer.findByTestId(NumberInput, field(`${CRITERION}.points`)).props.value).toBe(20);
  });

  it('replaces the draft with a valid import', async () => {
    const backend = account();
    const renderer = renderPage(backend);
    await editorShown(renderer);
    typeInto(
      renderer.findByTestId(TextArea, 'model-yaml'),
      SMALL_MODEL_YAML.replace('points: 20', 'points: 12'),
    );
    renderer.findByTestId(Button, 'import-yaml').trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'imported'));
    expect(renderer.findByTestId(NumberInput, field(`${CRITERION}.points`)).props.value).toBe(12);
    expect(renderer.findByTestId(Button, 'save-draft').props.disabled).toBe(false);
  });
});
