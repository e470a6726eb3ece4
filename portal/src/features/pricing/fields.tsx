/** Native inputs the shared UI does not have (time, date, datetime-local), labelled like TextField. */
import { useId, type ReactNode } from 'react';

export interface NativeFieldProps {
  label: string;
  type: 'time' | 'date' | 'datetime-local' | 'text';
  value: string;
  onChange: (value: string) => void;
  errorMessage?: string;
  description?: string;
  isReadOnly?: boolean;
  isRequired?: boolean;
  inputMode?: 'decimal' | 'numeric';
  name?: string;
}

export function NativeField(props: NativeFieldProps) {
  const id = useId();
  const hintId = props.description === undefined ? undefined : `${id}-hint`;
  const errorId = props.errorMessage === undefined ? undefined : `${id}-error`;
  const describedBy = [hintId, errorId].filter((x) => x !== undefined).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type}
        value={props.value}
        readOnly={props.isReadOnly}
        required={props.isRequired}
        inputMode={props.inputMode}
        aria-invalid={props.errorMessage === undefined ? undefined : true}
        aria-describedby={describedBy === '' ? undefined : describedBy}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {hintId !== undefined && (
        <span id={hintId} className="field-hint">
          {props.description}
        </span>
      )}
      {errorId !== undefined && (
        <span id={errorId} className="field-error">
          {props.errorMessage}
        </span>
      )}
    </div>
  );
}

/** A group of controls with a visible legend (weekdays, price components). */
export function FieldGroup({
  legend,
  children,
  className,
}: {
  legend: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <fieldset className={`field-group${className === undefined ? '' : ` ${className}`}`}>
      <legend>{legend}</legend>
      {children}
    </fieldset>
  );
}
