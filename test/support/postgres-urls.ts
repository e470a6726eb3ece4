export const TEMPLATE_DB = 'fw_template';

/** TEST_DATABASE_URL names the server and a database we may connect to for CREATE DATABASE. */
export function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (url === undefined) throw new Error('TEST_DATABASE_URL is not set');
  return url;
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}
