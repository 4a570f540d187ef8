import type { Db, DeadlineOverride, Escalation, Round } from './db-schema.js';

/** Records an escalation (a copy: later changes to the caller's object are not stored by accident). */
export function putEscalation(db: Db, key: string, entry: Escalation): void {
  db.escalations ??= {};
  db.escalations[key] = { ...entry, to: [...entry.to] };
}

/** Records the units a week's prompt went to. */
export function putRound(db: Db, key: string, round: Round): void {
  db.rounds ??= {};
  db.rounds[key] = { ...round, units: [...round.units] };
}

/** Sets or removes a task's deadline set in chat. */
export function setDeadlineOverride(db: Db, key: string, entry: DeadlineOverride | undefined): void {
  db.deadlines ??= {};
  if (entry) db.deadlines[key] = { ...entry, by: { ...entry.by } };
  else delete db.deadlines[key];
}
