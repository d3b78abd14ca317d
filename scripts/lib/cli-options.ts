// The options of the project's commands: `--name value`, `--name=value`, bare `--flag`s, and the
// positional arguments. An unknown option or a missing value is an Error with the usage line.
export function parseOptions(args: string[], names: readonly string[], usage: string, flags: readonly string[] = []): { positional: string[]; options: Record<string, string>; flags: Set<string> } {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  const given = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) { positional.push(arg); continue; }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (flags.includes(name) && inline === undefined) { given.add(name); continue; }
    if (!names.includes(name)) throw new Error(`Unknown option --${name}.\n${usage}`);
    const value = inline ?? args[++i];
    if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value.\n${usage}`);
    options[name] = value;
  }
  return { positional, options, flags: given };
}
