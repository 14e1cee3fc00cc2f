import { Button, Input, NumberInput, Select } from '@hubspot/ui-extensions';
import { parse } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import { readDraft, writeDraft } from '../../extensions/settings-page/model-draft.ts';
import { SETTINGS_ROUTES } from '../../src/settings-api/settings-contract.ts';
import { anOverview, SMALL_MODEL_YAML, T0 } from './settings-builders.ts';
import { FakeSettingsFetch } from './settings-fake-fetch.ts';
import { OVERVIEW, PROPERTIES, renderPage, typeInto, VALID, VALIDATE } from './settings-render.tsx';

const DRAFT = `PUT ${SETTINGS_ROUTES.draft}`;
const CRITERION = 'fit.groups[0].criteria[0]';
const field = (path: string) => `field-${path}`;

const PROPERTY_LIST = {
  properties: [
    {
      name: 'country',
      label: 'Country',
      type: 'enumeration',
      fieldType: 'select',
      options: [{ value: 'netherlands', label: 'Netherlands' }],
    },
    { name: 'lead_source', label: 'Lead source', type: 'string', fieldType: 'text', options: [] },
  ],
};

/** The small model with its criterion combined: "... and lead source is Reference". */
const COMBINED_YAML = SMALL_MODEL_YAML.replace(
  '            oneOf: [netherlands]\n',
  '            oneOf: [netherlands]\n          and:\n            property: lead_source\n            when:\n              equals: Reference\n',
);

type Criterion = { label: string; points: number; and?: unknown };
const criterionOf = (yaml: string) =>
  (parse(yaml) as { fit: { groups: { criteria: Criterion[] }[] } }).fit.groups[0]!.criteria[0]!;

function account(draft: string) {
  return new FakeSettingsFetch()
    .answer(
      OVERVIEW,
      200,
      anOverview({ draft: { modelYaml: draft, savedBy: '1', savedAt: T0, problems: [] } }),
    )
    .answer(PROPERTIES, 200, PROPERTY_LIST)
    .answer(DRAFT, 200, { ...VALID, savedAt: T0 })
    .always(VALIDATE, 200, VALID);
}

const lastValidated = (backend: FakeSettingsFetch) =>
  criterionOf((backend.callsTo(VALIDATE).at(-1)!.body as { modelYaml: string }).modelYaml);

describe('the settings page: a combined criterion (two conditions)', () => {
  it('shows the second condition and keeps it when the admin saves other changes', async () => {
    expect(criterionOf(COMBINED_YAML).and).toEqual({
      property: 'lead_source',
      when: { equals: 'Reference' },
    });
    const backend = account(COMBINED_YAML);
    const renderer = renderPage(backend);
    await renderer.waitFor(() => renderer.findByTestId(Select, field(`${CRITERION}.and.property`)));
    expect(renderer.findByTestId(Select, field(`${CRITERION}.and.property`)).props.value).toBe(
      'lead_source',
    );
    expect(renderer.findByTestId(Select, field(`${CRITERION}.and.when`)).props.value).toBe(
      'equals',
    );
    expect(renderer.findByTestId(Input, field(`${CRITERION}.and.when.equals`)).props.value).toBe(
      'Reference',
    );
    typeInto(renderer.findByTestId(NumberInput, field(`${CRITERION}.points`)), 12);
    typeInto(renderer.findByTestId(Input, field(`${CRITERION}.label`)), 'NL and by reference');
    await renderer.waitFor(() =>
      expect(renderer.findByTestId(Button, 'save-draft').props.disabled).toBe(false),
    );
    renderer.findByTestId(Button, 'save-draft').trigger('onClick');
    await renderer.waitFor(() => expect(backend.callsTo(DRAFT)).toHaveLength(1));
    const saved = criterionOf((backend.callsTo(DRAFT)[0]!.body as { modelYaml: string }).modelYaml);
    expect(saved).toMatchObject({
      label: 'NL and by reference',
      points: 12,
      and: { property: 'lead_source', when: { equals: 'Reference' } },
    });
  });

  it('edits, removes and adds the second condition', async () => {
    const backend = account(COMBINED_YAML);
    const renderer = renderPage(backend);
    await renderer.waitFor(() => renderer.findByTestId(Select, field(`${CRITERION}.and.when`)));
    renderer
      .findByTestId(Select, field(`${CRITERION}.and.when`))
      .trigger('onChange', 'known' as never);
    await vi.waitFor(() =>
      expect(lastValidated(backend).and).toEqual({
        property: 'lead_source',
        when: { known: true },
      }),
    );
    renderer.findByTestId(Button, `${field(`${CRITERION}.and`)}-remove`).trigger('onClick');
    await renderer.waitFor(() =>
      expect(renderer.maybeFindByTestId(Select, field(`${CRITERION}.and.property`))).toBeNull(),
    );
    await vi.waitFor(() => expect(lastValidated(backend)).not.toHaveProperty('and'));
    renderer.findByTestId(Button, `${field(`${CRITERION}.and`)}-add`).trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Select, field(`${CRITERION}.and.property`)));
    renderer
      .findByTestId(Select, field(`${CRITERION}.and.property`))
      .trigger('onChange', 'lead_source' as never);
    await vi.waitFor(() =>
      expect(lastValidated(backend).and).toEqual({
        property: 'lead_source',
        when: { known: true },
      }),
    );
  });

  it('offers a second condition on a criterion that has none', async () => {
    const backend = account(SMALL_MODEL_YAML);
    const renderer = renderPage(backend);
    await renderer.waitFor(() => renderer.findByTestId(Select, field(`${CRITERION}.property`)));
    expect(renderer.maybeFindByTestId(Select, field(`${CRITERION}.and.property`))).toBeNull();
    expect(renderer.findByTestId(Button, `${field(`${CRITERION}.and`)}-add`).text).toBe(
      'Add a second condition',
    );
  });

  it('keeps the second condition through the YAML export and import', () => {
    const exported = writeDraft(readDraft(COMBINED_YAML)!);
    expect(criterionOf(exported).and).toEqual({
      property: 'lead_source',
      when: { equals: 'Reference' },
    });
    expect(criterionOf(writeDraft(readDraft(exported)!))).toEqual(criterionOf(COMBINED_YAML));
  });
});
