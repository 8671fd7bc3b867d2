/** The message a call fails with; fails the test when the call succeeds. */
export function failure(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected a failure");
}
