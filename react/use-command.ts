import { useCallback, useEffect, useRef, useState } from "react";
import { ExpectedVersionError, ValidationError, type ValidationIssue } from "../core/index.js";

/** Options of `useCommand`. */
export interface CommandOptions<Result, Variables> {
  onSuccess?: (result: Result, variables: Variables) => void;
  onError?: (error: Error, variables: Variables) => void;
  /** Throw a failure while rendering, for the nearest error boundary (default false). */
  throwOnError?: boolean;
}

/** What `useCommand` returns, shaped as TanStack Query's `useMutation`. */
export interface CommandResult<Result, Variables> {
  /** Runs the command; failures land in `error` (never an unhandled rejection). */
  mutate: (variables: Variables) => void;
  /** Runs the command and returns its result; rejects with its error. */
  mutateAsync: (variables: Variables) => Promise<Result>;
  status: "idle" | "pending" | "error" | "success";
  data: Result | undefined;
  error: Error | null;
  /** The fields a `ValidationError` names, with their messages, for a form to show; else empty. */
  issues: readonly ValidationIssue[];
  /** True when the write met a newer version (`ExpectedVersionError`): reload and try again. */
  isConflict: boolean;
  isIdle: boolean;
  isPending: boolean;
  isError: boolean;
  isSuccess: boolean;
  /** Back to idle, forgetting data and error. */
  reset: () => void;
}

interface State<Result> {
  status: "idle" | "pending" | "error" | "success";
  data: Result | undefined;
  error: Error | null;
}

const idle = { status: "idle", data: undefined, error: null } as const;

/**
 * A command (usually `repository.transact` or `add`) with its status, for buttons and forms.
 * Only the latest call's outcome is shown.
 *
 * @example
 * const complete = useCommand((id: string) => todos.transact(id, (t) => t.complete()));
 * <button disabled={complete.isPending} onClick={() => complete.mutate(todo.id)}>Done</button>
 * {complete.issues.map((i) => <p key={i.path}>{i.path}: {i.message}</p>)}
 */
export function useCommand<Result, Variables = void>(
  command: (variables: Variables) => Promise<Result>,
  options: CommandOptions<Result, Variables> = {},
): CommandResult<Result, Variables> {
  const [state, setState] = useState<State<Result>>(idle);
  const latest = useRef({ command, options });
  latest.current = { command, options };
  const calls = useRef(0);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const mutateAsync = useCallback(async (variables: Variables): Promise<Result> => {
    const call = ++calls.current;
    const show = (next: State<Result>) => {
      if (mounted.current && call === calls.current) setState(next);
    };
    show({ status: "pending", data: undefined, error: null });
    try {
      const data = await latest.current.command(variables);
      show({ status: "success", data, error: null });
      latest.current.options.onSuccess?.(data, variables);
      return data;
    } catch (thrown) {
      const error = thrown instanceof Error ? thrown : new Error(String(thrown));
      show({ status: "error", data: undefined, error });
      latest.current.options.onError?.(error, variables);
      throw error;
    }
  }, []);
  const mutate = useCallback(
    (variables: Variables) => {
      mutateAsync(variables).catch(() => {});
    },
    [mutateAsync],
  );
  const reset = useCallback(() => {
    calls.current++;
    setState(idle);
  }, []);

  if (options.throwOnError && state.error) throw state.error;
  return {
    mutate,
    mutateAsync,
    reset,
    ...state,
    issues: state.error instanceof ValidationError ? state.error.issues : [],
    isConflict: state.error instanceof ExpectedVersionError,
    isIdle: state.status === "idle",
    isPending: state.status === "pending",
    isError: state.status === "error",
    isSuccess: state.status === "success",
  };
}
