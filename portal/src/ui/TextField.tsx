import {
  FieldError,
  Input,
  Label,
  Text,
  TextArea,
  TextField as AriaTextField,
  type TextFieldProps as AriaTextFieldProps,
} from 'react-aria-components';

export interface TextFieldProps extends Omit<AriaTextFieldProps, 'children'> {
  label: string;
  description?: string;
  errorMessage?: string;
  placeholder?: string;
  multiline?: boolean;
}

/** Label, input, hint and error, tied together for screen readers. */
export function TextField({
  label,
  description,
  errorMessage,
  placeholder,
  multiline,
  ...props
}: TextFieldProps) {
  return (
    <AriaTextField
      {...props}
      className="field"
      isInvalid={props.isInvalid ?? (errorMessage ? true : undefined)}
    >
      <Label>{label}</Label>
      {multiline === true ? (
        <TextArea placeholder={placeholder} rows={3} />
      ) : (
        <Input placeholder={placeholder} />
      )}
      {description !== undefined && <Text slot="description">{description}</Text>}
      <FieldError>{errorMessage}</FieldError>
    </AriaTextField>
  );
}
