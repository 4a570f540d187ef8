import type { Db, Member, RosterUnit } from './db-schema.js';

/** The roster entry of a unit, created empty when it has none yet. */
function entryOf(db: Db, unit: string): RosterUnit {
  let entry = db.roster.find((u) => u.unit === unit);
  if (!entry) {
    entry = { unit, members: [] };
    db.roster.push(entry);
  }
  return entry;
}

/** Removes a platform user from the roster; returns the unit they were in. */
export function unbindMember(db: Db, platform: string, id: string): string | undefined {
  for (const u of db.roster) {
    const i = u.members.findIndex((m) => m.platform === platform && m.id === id);
    if (i >= 0) {
      u.members.splice(i, 1);
      return u.unit;
    }
  }
  return undefined;
}

/** Adds a member to a unit (moving them out of another one); returns the unit they were moved from. */
export function bindMember(db: Db, unit: string, member: Member): string | undefined {
  const previous = unbindMember(db, member.platform, member.id);
  entryOf(db, unit).members.push(member);
  return previous && previous !== unit ? previous : undefined;
}

/** Makes a chat the unit's work chat (taken from any unit that had it); returns the unit that had it before. */
export function setUnitChat(
  db: Db,
  unit: string,
  chat: { platform: Member['platform']; id: string },
): string | undefined {
  const previous = db.roster.find(
    (u) => u.unit !== unit && u.chat?.platform === chat.platform && u.chat.id === chat.id,
  );
  if (previous) delete previous.chat;
  entryOf(db, unit).chat = { ...chat };
  return previous?.unit;
}
