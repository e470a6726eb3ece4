import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { PageHeader } from '../../ui';

/** The top of a page outside the log-in: brand, language, the page's h1. */
export function PublicFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <div className="login-header">
        <p className="brand">Fachwerk</p>
        <LanguageSwitch />
      </div>
      <PageHeader title={title} />
      {children}
    </>
  );
}
