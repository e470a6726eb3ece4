import { and, eq, gt, isNotNull, lt, ne } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { driverSessions, users } from '../db/schema.js';

export type DriverRow = typeof users.$inferSelect;

/** Drivers with this e-mail who may log in (a portal password set, not blocked), in any institution. */
export async function findDriversForLogin(db: Db, email: string): Promise<DriverRow[]> {
  return db
    .select()
    .from(users)
    .where(and(eq(users.email, email), isNotNull(users.passwordHash), eq(users.status, 'active')));
}

export async function findDriverById(db: Db, id: string): Promise<DriverRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function insertDriverSession(db: Db, values: typeof driverSessions.$inferInsert): Promise<void> {
  await db.insert(driverSessions).values(values);
}

/** A live session and its (active) driver. */
export async function findDriverSession(db: Db, tokenHash: string, now: Date) {
  const [row] = await db
    .select({ session: driverSessions, user: users })
    .from(driverSessions)
    .innerJoin(users, eq(users.id, driverSessions.userId))
    .where(
      and(
        eq(driverSessions.tokenHash, tokenHash),
        gt(driverSessions.expiresAt, now),
        eq(users.status, 'active'),
        isNotNull(users.passwordHash),
      ),
    );
  return row;
}

export async function extendDriverSession(db: Db, tokenHash: string, expiresAt: Date): Promise<void> {
  await db.update(driverSessions).set({ expiresAt }).where(eq(driverSessions.tokenHash, tokenHash));
}

export async function deleteDriverSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(driverSessions).where(eq(driverSessions.tokenHash, tokenHash));
}

export async function deleteExpiredDriverSessions(db: Db, now: Date): Promise<void> {
  await db.delete(driverSessions).where(lt(driverSessions.expiresAt, now));
}

export async function deleteDriverSessionsOf(db: Db, userId: string): Promise<void> {
  await db.delete(driverSessions).where(eq(driverSessions.userId, userId));
}

export async function deleteOtherDriverSessionsOf(
  db: Db,
  userId: string,
  keepTokenHash: string,
): Promise<void> {
  await db
    .delete(driverSessions)
    .where(and(eq(driverSessions.userId, userId), ne(driverSessions.tokenHash, keepTokenHash)));
}

export async function setDriverPasswordHash(db: Db, id: string, passwordHash: string): Promise<void> {
  await db.update(users).set({ passwordHash }).where(eq(users.id, id));
}
