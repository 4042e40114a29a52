/**
 * The one domain every contender models: a user registered once, then renamed N-1 times. Every
 * peer stores the same payloads (one email, then names of the same length), so the work compared
 * is the library's, not the data's.
 */
export const EMAIL = "ada@example.com";

/** The i-th rename's payload: fixed width, so event sizes do not grow with N. */
export const nameAt = (i: number): string => `name-${String(i).padStart(6, "0")}`;

/** The state every fold ends with; peers that add bookkeeping (version, id) keep it too. */
export interface UserState {
  email: string;
  firstName: string | undefined;
  renames: number;
}

export const initialUser = (): UserState => ({
  email: "",
  firstName: undefined,
  renames: 0,
});

export type UserEvent =
  | { type: "Registered"; data: { email: string } }
  | { type: "Renamed"; data: { firstName: string } };

/** The events of a stream of `n`: Registered, then n-1 Renamed. */
export function userEvents(n: number): UserEvent[] {
  const events: UserEvent[] = [{ type: "Registered", data: { email: EMAIL } }];
  for (let i = 1; i < n; i++) events.push({ type: "Renamed", data: { firstName: nameAt(i) } });
  return events;
}

/** Checks a contender's result, so no contender can win by skipping work. */
export function assertUser(state: Pick<UserState, "email" | "renames">, n: number, who: string) {
  if (state.email !== EMAIL || state.renames !== n - 1) {
    throw new Error(
      `${who} folded a wrong state: ${JSON.stringify(state)} (expected ${n - 1} renames)`,
    );
  }
}
