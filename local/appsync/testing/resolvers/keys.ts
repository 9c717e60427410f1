/** Key helpers shared by the test resolvers (bundled into each by esbuild). */
export const todoKey = (listId: string, id: string) => ({ PK: `LIST#${listId}`, SK: `TODO#${id}` });

/** The stored item without its key attributes, as the schema's Todo. */
export function toTodo(item: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!item) return null;
  const { PK: _pk, SK: _sk, ...todo } = item;
  return todo;
}

/** A todo as stored: its key attributes and its fields. */
export interface TodoItem {
  PK: string;
  SK: string;
  listId: string;
  id: string;
  title: string;
  done: boolean;
  version: number;
  createdAt: string;
  dueDate?: string | null;
  meta?: string | null;
  secret?: string | null;
}
