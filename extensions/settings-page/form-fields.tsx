import { Input, NumberInput, Select, Toggle } from '@hubspot/ui-extensions';
import { valueAt, type Path } from './model-draft.ts';
import { asNumber, asText, fieldId, problemProps, splitList, type Editing } from './editing.ts';

interface FieldProps {
  editing: Editing;
  path: Path;
  label: string;
  description?: string;
}

/** A text at `path`; emptied, the key is removed (the model then says whether it is needed). */
export function TextField({
  editing,
  path,
  label,
  description,
  list,
}: FieldProps & { list?: boolean }) {
  const id = fieldId(path);
  return (
    <Input
      name={id}
      testId={id}
      label={label}
      {...(description !== undefined && { description })}
      value={asText(valueAt(editing.model, path))}
      onChange={(text) => {
        if (!list) return editing.edit(path, text.trim() === '' ? undefined : text);
        editing.edit(path, splitList(text));
      }}
      {...problemProps(editing, path)}
    />
  );
}

/** A number at `path`; `scale` shows fractions as percentages (0.5 → 50). */
export function NumberField({
  editing,
  path,
  label,
  description,
  scale = 1,
}: FieldProps & { scale?: number }) {
  const id = fieldId(path);
  const value = asNumber(valueAt(editing.model, path));
  return (
    <NumberInput
      name={id}
      testId={id}
      label={label}
      {...(description !== undefined && { description })}
      {...(value !== undefined && { value: value * scale })}
      onChange={(next) =>
        editing.edit(
          path,
          Number.isFinite(next) ? Math.round((next / scale) * 1e6) / 1e6 : undefined,
        )
      }
      {...problemProps(editing, path)}
    />
  );
}

export function ChoiceField({
  editing,
  path,
  label,
  options,
  value,
  onChange,
  id = fieldId(path),
}: FieldProps & {
  /** When two fields edit one path (a touchpoint's source kind and its property). */
  id?: string;
  options: { label: string; value: string }[];
  /** Shown value when it is not simply the value at `path`. */
  value?: string;
  onChange?: (value: string) => void;
}) {
  return (
    <Select
      name={id}
      testId={id}
      label={label}
      options={options}
      value={value ?? asText(valueAt(editing.model, path))}
      onChange={(next) => (onChange ? onChange(String(next)) : editing.edit(path, String(next)))}
      {...problemProps(editing, path)}
    />
  );
}

/** A yes/no at `path`; off removes the key unless `keepFalse` (a test that must stay, `known: false`). */
export function SwitchField({
  editing,
  path,
  label,
  keepFalse,
}: FieldProps & { keepFalse?: boolean }) {
  const id = fieldId(path);
  return (
    <Toggle
      name={id}
      testId={id}
      label={label}
      checked={valueAt(editing.model, path) === true}
      onChange={(checked) => editing.edit(path, checked ? true : keepFalse ? false : undefined)}
    />
  );
}
