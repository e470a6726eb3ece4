import { Button as AriaButton, type ButtonProps as AriaButtonProps } from 'react-aria-components';

export interface ButtonProps extends AriaButtonProps {
  variant?: 'primary' | 'secondary' | 'danger' | 'link';
}

/** A react-aria button: keyboard, focus ring and press handling done right; styled by theme.css. */
export function Button({ variant = 'secondary', className, ...props }: ButtonProps) {
  return (
    <AriaButton {...props} className={`btn btn-${variant}${className ? ` ${String(className)}` : ''}`} />
  );
}
