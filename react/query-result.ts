/** What `useProjection` and `useAggregate` return, shaped as TanStack Query's results. */
export type QueryResult<Data> =
  | {
      readonly status: "pending";
      readonly data: undefined;
      readonly error: null;
      readonly isPending: true;
      readonly isError: false;
      readonly isSuccess: false;
    }
  | {
      readonly status: "error";
      /** The last data before the error, if any. */
      readonly data: Data | undefined;
      readonly error: Error;
      readonly isPending: false;
      readonly isError: true;
      readonly isSuccess: false;
    }
  | {
      readonly status: "success";
      readonly data: Data;
      readonly error: null;
      readonly isPending: false;
      readonly isError: false;
      readonly isSuccess: true;
    };

/** What the Suspense hooks return: `data` is always there. */
export type SuspenseQueryResult<Data> = Extract<QueryResult<Data>, { status: "success" }>;

/** The one pending result: the server snapshot, and the same object on the client's first render. */
export const PENDING: QueryResult<never> = Object.freeze({
  status: "pending",
  data: undefined,
  error: null,
  isPending: true,
  isError: false,
  isSuccess: false,
});

export function success<Data>(data: Data): QueryResult<Data> {
  return Object.freeze({
    status: "success",
    data,
    error: null,
    isPending: false,
    isError: false,
    isSuccess: true,
  });
}

export function failure<Data>(error: Error, data: Data | undefined): QueryResult<Data> {
  return Object.freeze({
    status: "error",
    data,
    error,
    isPending: false,
    isError: true,
    isSuccess: false,
  });
}

/** Keeps the previous result object when nothing a component reads has changed. */
export function sameResult<Data>(a: QueryResult<Data>, b: QueryResult<Data>): boolean {
  return a.status === b.status && a.data === b.data && a.error === b.error;
}

export const getServerSnapshot = (): QueryResult<never> => PENDING;
