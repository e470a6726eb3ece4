import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { institutions, passwordTokens } from '../db/schema.js';

export type PasswordTokenRow = typeof passwordTokens.$inferSelect;

export async function insertPasswordToken(db: Db, values: typeof passwordTokens.$inferInsert): Promise<void> {
  await db.insert(passwordTokens).values(values);
}

/** Marks a token used if it is unused and unexpired, in one statement: two uses cannot both win. */
export async function consumePasswordToken(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<PasswordTokenRow | undefined> {
  const [row] = await db
    .update(passwordTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(passwordTokens.tokenHash, tokenHash),
        isNull(passwordTokens.usedAt),
        gt(passwordTokens.expiresAt, now),
      ),
    )
    .returning();
  return row;
}

export async function findPasswordToken(db: Db, tokenHash: string): Promise<PasswordTokenRow | undefined> {
  const [row] = await db.select().from(passwordTokens).where(eq(passwordTokens.tokenHash, tokenHash));
  return row;
}

/** Once a password is set, the person's other open links are spent too. */
export async function spendTokensOf(
  db: Db,
  owner: { staffId: string } | { userId: string },
  now: Date,
): Promise<void> {
  await db
    .update(passwordTokens)
    .set({ usedAt: now })
    .where(
      and(
        'staffId' in owner
          ? eq(passwordTokens.staffId, owner.staffId)
          : eq(passwordTokens.userId, owner.userId),
        isNull(passwordTokens.usedAt),
      ),
    );
}

export async function institutionName(db: Db, id: string): Promise<string> {
  const [row] = await db
    .select({ name: institutions.name })
    .from(institutions)
    .where(eq(institutions.id, id));
  return row?.name ?? '';
}
