/** Bad input or usage: `vanbang` prints the message (never a stack trace) and exits 2. */
export class InputError extends Error {}
