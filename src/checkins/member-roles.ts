import type { Member } from '../store/db-schema.js';

/** The words an admin may write for a member's role when binding (绑定 县财政局 @张三 分管领导). */
export const ROLE_WORDS: Record<string, Member['role']> = {
  联络员: 'liaison',
  liaison: 'liaison',
  备岗: 'backup',
  备份: 'backup',
  backup: 'backup',
  分管领导: 'leader',
  分管: 'leader',
  领导: 'leader',
  leader: 'leader',
};

/** How a role is named in replies. */
export const ROLE_LABEL: Record<Member['role'], string> = {
  liaison: '联络员',
  backup: '备岗',
  leader: '分管领导',
};

/** The role a word names, or undefined when it names none. */
export function roleOf(word: string | undefined): Member['role'] | undefined {
  return word === undefined ? undefined : ROLE_WORDS[word.toLowerCase()];
}
