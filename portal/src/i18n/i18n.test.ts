import { describe, expect, it } from 'vitest';
import { resources } from './i18n';

function keys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([key, value]) =>
    keys(value, prefix === '' ? key : `${prefix}.${key}`),
  );
}

describe('portal texts', () => {
  const { de, en } = resources();
  it.each(Object.keys(de))('namespace %s has the same keys in German and English', (ns) => {
    expect(keys(en[ns]).sort()).toEqual(keys(de[ns]).sort());
  });

  it('has no empty text', () => {
    for (const locale of [de, en])
      for (const [ns, tree] of Object.entries(locale))
        for (const key of keys(tree)) {
          const value = key
            .split('.')
            .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree);
          expect(value, `${ns}:${key}`).not.toBe('');
        }
  });
});
