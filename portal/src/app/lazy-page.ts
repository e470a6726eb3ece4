import { lazy, type ComponentType } from 'react';

/**
 * A page loaded when it is first opened, so a driver on a phone does not download the operators'
 * pages (and the other way round). `Layout` shows a loading line meanwhile.
 */
export function lazyPage<K extends string>(
  load: () => Promise<Record<K, ComponentType>>,
  name: K,
): ComponentType {
  const page = lazy<ComponentType>(async () => ({ default: (await load())[name] }));
  return page as ComponentType;
}
