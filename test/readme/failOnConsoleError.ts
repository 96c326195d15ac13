// Not part of the README: makes a React warning (act, keys…) fail the README's tests, as in test/setup.ts.
const original = console.error;
console.error = (...args: unknown[]) => {
  original(...args);
  throw new Error(`console.error was called: ${String(args[0])}`);
};
