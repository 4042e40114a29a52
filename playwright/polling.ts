export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A navigation between two reads destroys the page's JavaScript context; waiting loops read again
 * instead of failing, as Playwright's own waits survive navigations.
 */
export const isNavigationError = (error: unknown) =>
  error instanceof Error &&
  /Execution context was destroyed|Cannot find context with specified id/.test(error.message);
