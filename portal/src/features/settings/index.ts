import type { Feature } from '../../app/feature';
import { defineMessages } from '../../i18n/messages';

/** Log-in, password, second factor, staff accounts. */
export const settingsFeature: Feature = {
  namespace: 'settings',
  messages: defineMessages({
    de: {
      login: {
        title: 'Anmelden',
        email: 'E-Mail',
        password: 'Passwort',
        totpCode: 'Code aus der Authenticator-App',
        totpHint: 'Ihr Konto ist mit einem zweiten Faktor geschützt.',
        submit: 'Anmelden',
        forgot: 'Passwort vergessen?',
      },
    },
    en: {
      login: {
        title: 'Log in',
        email: 'E-mail',
        password: 'Password',
        totpCode: 'Code from your authenticator app',
        totpHint: 'Your account is protected by a second factor.',
        submit: 'Log in',
        forgot: 'Forgot your password?',
      },
    },
  }),
  routes: [],
};
