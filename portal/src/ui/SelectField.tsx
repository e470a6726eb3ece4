import { useId } from 'react';

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly SelectOption[];
  /** Adds a first option with this label and the value "" (e.g. "Alle"). */
  emptyLabel?: string;
  name?: string;
  isRequired?: boolean;
  isDisabled?: boolean;
  description?: string;
}

/** A native select: works with every screen reader and as a wheel on phones. */
export function SelectField(props: SelectFieldProps) {
  const id = useId();
  const hint = props.description === undefined ? undefined : `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        value={props.value}
        required={props.isRequired}
        disabled={props.isDisabled}
        aria-describedby={hint}
        onChange={(event) => props.onChange(event.target.value)}
      >
        {props.emptyLabel !== undefined && <option value="">{props.emptyLabel}</option>}
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint !== undefined && (
        <span id={hint} className="field-hint">
          {props.description}
        </span>
      )}
    </div>
  );
}
