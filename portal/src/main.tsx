import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, createQueryClient } from './app/App';
import { createI18n } from './i18n/i18n';
import './ui/theme.css';

const i18n = await createI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App i18n={i18n} queryClient={createQueryClient()} />
  </StrictMode>,
);
